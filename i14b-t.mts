import { readFileSync } from 'node:fs';
import { loadYamlFast } from './src/discover/parse/yaml-fast.js';
const text = readFileSync('/work/shared/corpus/openai-openapi/openapi.yaml', 'utf8');
const f = loadYamlFast(text)!;
let n = 0; const stack: [unknown, (string|number)[]][] = [[f.data, []]];
const t = performance.now();
while (stack.length && n < 20000) { const [v, path] = stack.pop()!; n++; if (n % 2000 === 0) console.log(n, (performance.now()-t).toFixed(0), JSON.stringify(path).slice(0,100));
  f.locate(path);
  if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) stack.push([c, [...path, Array.isArray(v) ? Number(k) : k]]); }
