/**
 * Example validation measured two ways on the same (schema, example) pairs of one OpenAPI document, each in a
 * fresh process as a review runs it (issue 8: "compile each component schema once and reuse it, or validate
 * interpretively; measure both"):
 *
 * - interpretive: Plumbline's validator (src/rules/api/lib/openapi-example-validator.ts), which api/invalid-example runs;
 * - ajv, compiled once: the document is added to ajv once and every schema location is compiled once by its JSON
 *   pointer (component schemas behind `$ref`s are compiled once and shared by every schema that uses them); then
 *   every example is validated with its compiled function.
 *
 * ajv reads the schemas as JSON Schema draft-07 (OpenAPI 3.0's `nullable` and boolean `exclusiveMinimum` mean
 * nothing to it), so its invalid count differs a little; the point is the cost.
 *
 * Usage: node --import tsx bench/example-validation.ts <spec.json> interpretive|ajv
 * Prints one JSON line: { approach, pairs, invalid, compiles, failedCompiles, ms }.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Ajv, type Format } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { openApiFacts } from '../src/discover/openapi/facts.js';
import { isObj } from '../src/discover/openapi/refs.js';
import { parseStructured } from '../src/discover/parse/structured.js';
import { validateExample } from '../src/rules/api/lib/openapi-example-validator.js';

type Obj = Record<string, unknown>;

interface Pair {
  /** Where the schema is written (JSON path). */
  schemaAt: (string | number)[];
  schema: unknown;
  value: unknown;
  direction?: 'request' | 'response';
}

const [file, approach] = process.argv.slice(2);
if (!file || (approach !== 'interpretive' && approach !== 'ajv')) {
  console.error('usage: example-validation.ts <spec.json> interpretive|ajv');
  process.exit(2);
}

const text = readFileSync(file, 'utf8');
const [doc] = parseStructured(file, text, 'openapi').documents;
if (!doc) throw new Error(`${file}: not parsed`);
const facts = openApiFacts(doc);
const pairs = collectPairs();

const started = performance.now();
const result = approach === 'interpretive' ? interpretive() : compiledOnce();
const ms = performance.now() - started;
console.log(JSON.stringify({ approach, pairs: pairs.length, ...result, ms: Math.round(ms) }));

function collectPairs(): Pair[] {
  const out: Pair[] = [];
  const v2 = facts.version === '2.0';
  for (const { path, node } of facts.mediaExamples) {
    const direction = directionOf(path);
    const schemaAt = [...path, 'schema'];
    if (node.example !== undefined)
      out.push({ schemaAt, schema: node.schema, value: node.example, direction });
    if (isObj(node.examples)) {
      for (const raw of Object.values(node.examples)) {
        const ex = facts.pointers.deref(raw);
        if (isObj(ex) && !('externalValue' in ex) && 'value' in ex)
          out.push({ schemaAt, schema: node.schema, value: ex.value, direction });
      }
    }
  }
  for (const { path, node } of facts.schemaExamples) {
    for (const key of v2 ? ['example', 'x-example', 'default'] : ['example', 'default']) {
      if (node[key] !== undefined) out.push({ schemaAt: path, schema: node, value: node[key] });
    }
  }
  for (const { path, node } of facts.oas2ResponseExamples) {
    for (const value of Object.values(node.examples as Obj))
      out.push({ schemaAt: [...path, 'schema'], schema: node.schema, value, direction: 'response' });
  }
  return out;
}

function interpretive(): { invalid: number; compiles: number; failedCompiles: number } {
  let invalid = 0;
  for (const p of pairs) {
    const options = { version: facts.version, pointers: facts.pointers, direction: p.direction };
    if (validateExample(p.schema, p.value, options)) invalid++;
  }
  return { invalid, compiles: 0, failedCompiles: 0 };
}

function compiledOnce(): { invalid: number; compiles: number; failedCompiles: number } {
  const ajv = new Ajv({
    strict: false,
    validateSchema: false,
    allErrors: false,
    addUsedSchema: false,
    logger: false,
  });
  // the formats ajv-formats' plugin adds in its default (full) mode
  for (const [name, format] of Object.entries(fullFormats)) ajv.addFormat(name, format as Format);
  ajv.addSchema(doc!.data as Obj, 'doc');
  const compiled = new Map<string, ((v: unknown) => boolean) | null>();
  let compiles = 0;
  let failedCompiles = 0;
  let invalid = 0;
  for (const p of pairs) {
    // a schema that is only a $ref is compiled where it points, so every use of a component shares it
    const ref = isObj(p.schema) && typeof p.schema.$ref === 'string' ? p.schema.$ref : undefined;
    const key = ref?.startsWith('#') ? `doc${ref}` : `doc#${uriPointer(p.schemaAt)}`;
    let validate = compiled.get(key);
    if (validate === undefined) {
      compiles++;
      let fresh: ((v: unknown) => boolean) | null = null;
      try {
        fresh = ajv.getSchema(key) ?? null;
      } catch {
        fresh = null;
      }
      if (!fresh) failedCompiles++;
      compiled.set(key, fresh);
      validate = fresh;
    }
    if (validate && !validate(p.value)) invalid++;
  }
  return { invalid, compiles, failedCompiles };
}

function uriPointer(path: (string | number)[]): string {
  return path
    .map((s) => `/${encodeURIComponent(String(s).replace(/~/g, '~0').replace(/\//g, '~1'))}`)
    .join('');
}

function directionOf(path: (string | number)[]): 'request' | 'response' | undefined {
  if (path[0] === 'components')
    return path[1] === 'requestBodies' ? 'request' : path[1] === 'responses' ? 'response' : undefined;
  if (path[0] === 'paths') {
    if (path[3] === 'requestBody') return 'request';
    if (path[3] === 'responses') return 'response';
  }
  return undefined;
}
