/**
 * One walk over an OpenAPI document that collects everything the API rules need to look at node by node:
 * `$ref`s (targets, other-file and remote refs, dangling ones, siblings), enums, arrays, markdown text,
 * and every place an example meets a schema. Rules read these lists instead of querying the whole document
 * again, so a 13 MB spec is walked once per review, however many rules run. Cached per parsed document.
 */
import { contractOf } from '../contract-detect.js';
import type { PathSegment, StructuredDocument } from '../parse/structured.js';
import { isObj, PointerIndex, refKind } from './refs.js';

type Obj = Record<string, unknown>;

export type OasVersion = '2.0' | '3.0' | '3.1';

export interface NodeAt {
  path: PathSegment[];
  node: Obj;
}

export interface RefAt {
  ref: string;
  path: PathSegment[];
}

export interface OpenApiFacts {
  version: OasVersion;
  pointers: PointerIndex;
  /** Local pointers referenced anywhere in the document, with how often. */
  refTargets: Map<string, number>;
  /** Refs to other files (`./schemas/pet.yaml#/Pet`): resolved by rules through ctx.documents. */
  fileRefs: RefAt[];
  /** http(s) refs: never fetched. */
  remoteRefs: RefAt[];
  /** Local refs whose target does not exist. */
  danglingRefs: RefAt[];
  /** `$ref` objects with other keys beside the ref. */
  refSiblings: NodeAt[];
  /** Objects with an `enum` array (not a `properties` map). */
  enums: NodeAt[];
  /** Schemas with `type: array` (or a type list containing it). */
  arrays: NodeAt[];
  /** Schemas with `nullable: true` but no `type` (no effect in OpenAPI 3.0.3). */
  nullableWithoutType: NodeAt[];
  /** `description`/`title` strings containing `<script` or `eval(`. */
  unsafeMarkdown: { path: PathSegment[]; text: string }[];
  /** Schemas carrying `example`/`default` (and `x-example` in 2.0) in schema contexts. */
  schemaExamples: NodeAt[];
  /** Media types, parameters and headers pairing a `schema` with `example`/`examples`. */
  mediaExamples: NodeAt[];
  /** Swagger 2.0 responses with `schema` and `examples` keyed by mime type. */
  oas2ResponseExamples: NodeAt[];
  /** Example Objects (3.x): `examples` entries and `components.examples`. */
  exampleObjects: NodeAt[];
}

const cache = new WeakMap<StructuredDocument, OpenApiFacts>();

export function openApiFacts(document: StructuredDocument): OpenApiFacts {
  let facts = cache.get(document);
  if (!facts) {
    facts = collectFacts(document.data);
    cache.set(document, facts);
  }
  return facts;
}

export function oasVersionOf(data: unknown): OasVersion {
  if (!isObj(data)) return '3.0';
  const contract = contractOf(data);
  if (contract?.key === 'swagger') return '2.0';
  return /^3\.[1-9]/.test(contract?.version ?? '') ? '3.1' : '3.0';
}

const SCHEMA_MAP_KEYS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
/** Values that are data, not schema: never walked for schema facts. */
const DATA_KEYS = new Set(['example', 'default', 'enum', 'const', 'x-example']);

/** Whether the value under `key` (itself under `parentKey`) is a Responses map, not a schema named so. */
export function isResponsesMap(key: PathSegment | undefined, parentKey: PathSegment | undefined): boolean {
  return key === 'responses' && !(typeof parentKey === 'string' && SCHEMA_MAP_KEYS.has(parentKey));
}

export function collectFacts(data: unknown): OpenApiFacts {
  const version = oasVersionOf(data);
  const facts: OpenApiFacts = {
    version,
    pointers: new PointerIndex(data),
    refTargets: new Map(),
    fileRefs: [],
    remoteRefs: [],
    danglingRefs: [],
    refSiblings: [],
    enums: [],
    arrays: [],
    nullableWithoutType: [],
    unsafeMarkdown: [],
    schemaExamples: [],
    mediaExamples: [],
    oas2ResponseExamples: [],
    exampleObjects: [],
  };
  const path: PathSegment[] = [];
  // how many ancestors are keys that put schemas in example-checked context (content, headers, parameters)
  let exampleContext = 0;
  const v2 = version === '2.0';

  const visit = (value: unknown, key: PathSegment | undefined, parentKey: PathSegment | undefined): void => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(value[i], i, key);
        path.pop();
      }
      return;
    }
    if (!isObj(value)) return;
    const isPropertyMap = typeof key === 'string' && SCHEMA_MAP_KEYS.has(key);
    const ref = value.$ref;
    if (typeof ref === 'string' && !isPropertyMap) {
      recordRef(facts, ref, path);
      let siblings = false;
      for (const k in value) {
        if (k !== '$ref') {
          siblings = true;
          break;
        }
      }
      if (siblings) facts.refSiblings.push({ path: [...path], node: value });
    }
    if (!isPropertyMap) {
      if (Array.isArray(value.enum)) facts.enums.push({ path: [...path], node: value });
      if (value.nullable === true && value.type === undefined && typeof value.$ref !== 'string') {
        facts.nullableWithoutType.push({ path: [...path], node: value });
      }
      const type = value.type;
      if (type === 'array' || (Array.isArray(type) && type.includes('array'))) {
        facts.arrays.push({ path: [...path], node: value });
      }
      if (exampleContext > 0 || inComponentSchemas(path, version)) {
        const illustrated =
          value.example !== undefined ||
          value.default !== undefined ||
          (v2 && value['x-example'] !== undefined);
        if (
          illustrated &&
          // a schema that is only `anyOf`/`oneOf`/`allOf` is validated against its branches, as peers do
          (value.enum ||
            value.type ||
            value.format ||
            value.$ref ||
            value.properties ||
            value.items ||
            value.anyOf ||
            value.oneOf ||
            value.allOf)
        ) {
          facts.schemaExamples.push({ path: [...path], node: value });
        }
        if (
          exampleContext > 0 &&
          value.schema !== undefined &&
          (value.example !== undefined || value.examples !== undefined) &&
          version !== '2.0'
        ) {
          facts.mediaExamples.push({ path: [...path], node: value });
        }
      }
      if (
        version === '2.0' &&
        parentKey === 'responses' &&
        value.schema !== undefined &&
        isObj(value.examples)
      ) {
        facts.oas2ResponseExamples.push({ path: [...path], node: value });
      }
    }
    for (const k in value) {
      const child = value[k];
      if (child === null || typeof child !== 'object') {
        if ((k === 'description' || k === 'title') && typeof child === 'string' && !isPropertyMap) {
          if (child.includes('<script') || child.includes('eval(')) {
            facts.unsafeMarkdown.push({ path: [...path, k], text: child });
          }
        }
        continue;
      }
      // `default` is data in a schema, but under `responses` it is the default Response Object
      if (DATA_KEYS.has(k) && !isPropertyMap && !(k === 'default' && isResponsesMap(key, parentKey))) {
        if (k === 'example' && isObj(child) && typeof child.$ref === 'string')
          recordRef(facts, child.$ref, [...path, k]);
        continue;
      }
      if (k === 'examples' && !isPropertyMap) {
        // 3.1 schema `examples` is an array of data; Example Objects are walked for refs, never their values.
        if (!Array.isArray(child)) visitExamples(child, k);
        continue;
      }
      const context = !isPropertyMap && (k === 'content' || k === 'headers' || k === 'parameters');
      if (context) exampleContext++;
      path.push(k);
      visit(child, k, key);
      path.pop();
      if (context) exampleContext--;
    }
  };

  const visitExamples = (examples: unknown, k: string): void => {
    path.push(k);
    if (isObj(examples)) {
      for (const [name, ex] of Object.entries(examples)) {
        path.push(name);
        if (isObj(ex)) {
          if (typeof ex.$ref === 'string') recordRef(facts, ex.$ref, path);
          // values are literal data, but a top-level `$ref` there is meant (and resolved by peers) as a reference
          else if (isObj(ex.value) && typeof ex.value.$ref === 'string')
            recordRef(facts, ex.value.$ref, [...path, 'value']);
          if (version !== '2.0' && typeof ex.$ref !== 'string') {
            facts.exampleObjects.push({ path: [...path], node: ex });
          }
          const text = ex.description;
          if (typeof text === 'string' && (text.includes('<script') || text.includes('eval('))) {
            facts.unsafeMarkdown.push({ path: [...path, 'description'], text });
          }
        }
        path.pop();
      }
    }
    path.pop();
  };

  visit(data, undefined, undefined);
  return facts;
}

function inComponentSchemas(path: PathSegment[], version: OasVersion): boolean {
  if (version === '2.0') return path[0] === 'definitions';
  return path[0] === 'components' && path[1] === 'schemas';
}

function recordRef(facts: OpenApiFacts, ref: string, path: PathSegment[]): void {
  const kind = refKind(ref);
  if (kind === 'local') {
    const count = facts.refTargets.get(ref);
    if (count === undefined) {
      facts.refTargets.set(ref, 1);
      if (facts.pointers.get(ref) === undefined) facts.danglingRefs.push({ ref, path: [...path] });
    } else {
      facts.refTargets.set(ref, count + 1);
    }
  } else if (kind === 'remote') {
    facts.remoteRefs.push({ ref, path: [...path] });
  } else {
    facts.fileRefs.push({ ref, path: [...path] });
  }
}
