// The physical floor: read each JSON file, JSON.parse it and visit every node once.
import { readFileSync } from 'node:fs';

let nodes = 0;
function walk(value) {
  nodes++;
  if (Array.isArray(value)) for (const v of value) walk(v);
  else if (value && typeof value === 'object') for (const k in value) walk(value[k]);
}
for (const file of process.argv.slice(2)) walk(JSON.parse(readFileSync(file, 'utf8')));
process.stdout.write(`${nodes}\n`);
