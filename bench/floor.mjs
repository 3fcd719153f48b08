// The physical floor: read each file, parse it (JSON.parse; js-yaml, the fastest YAML reader, for YAML) and
// visit every node once.
import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, load } from 'js-yaml';

let nodes = 0;
function walk(value) {
  nodes++;
  if (Array.isArray(value)) for (const v of value) walk(v);
  else if (value && typeof value === 'object') for (const k in value) walk(value[k]);
}
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  walk(/\.ya?ml$/i.test(file) ? load(text, { schema: CORE_SCHEMA }) : JSON.parse(text));
}
process.stdout.write(`${nodes}\n`);
