/**
 * What the OpenAPI rules share: each document's operations resolved once (path-level parameters merged,
 * responses and request bodies behind `$ref`s followed) and cached per parsed document, so the rules are
 * single passes over shared indexes rather than repeated whole-document queries.
 */
import { HTTP_METHODS } from '../../../discover/openapi/adapter.js';
import { type OpenApiFacts, openApiFacts } from '../../../discover/openapi/facts.js';
import { isObj, pathToPointer } from '../../../discover/openapi/refs.js';
import type { PathSegment, StructuredDocument } from '../../../discover/parse/structured.js';
import type { Source } from '../../../model/schema.js';
import type { Said } from '../../messages.js';
import type { FindingDraft, Fix, RuleContext, Severity } from '../../types.js';

export type Obj = Record<string, unknown>;
export { isObj };

export interface Located<T = Obj> {
  value: T;
  /** Where it is written (after following local refs). */
  path: PathSegment[];
  /** Where it is used (before following refs): the path a reader of the operation sees. */
  usePath: PathSegment[];
}

export interface OasOperation {
  /** `GET /repos/{owner}/{repo}` */
  label: string;
  method: string;
  route: string;
  op: Obj;
  item: Obj;
  path: PathSegment[];
  parameters: Located[];
  /** status → response (resolved). */
  responses: Map<string, Located>;
  requestBody?: Located;
  /** Effective security requirements: operation-level, else root-level; undefined when neither. */
  security?: Obj[];
}

export interface OasDoc {
  document: StructuredDocument;
  file: string;
  apiId?: string;
  data: Obj;
  facts: OpenApiFacts;
  operations: OasOperation[];
}

const docs = new WeakMap<StructuredDocument, OasDoc>();

export function openapiDocs(ctx: RuleContext): OasDoc[] {
  const out: OasDoc[] = [];
  for (const artifact of ctx.documents) {
    if (artifact.kind !== 'openapi' || !isObj(artifact.document.data)) continue;
    let doc = docs.get(artifact.document);
    if (!doc) {
      doc = buildDoc(artifact.document, artifact.apiId);
      docs.set(artifact.document, doc);
    }
    out.push(doc);
  }
  return out;
}

function buildDoc(document: StructuredDocument, apiId: string | undefined): OasDoc {
  const data = document.data as Obj;
  const facts = openApiFacts(document);
  const pointers = facts.pointers;
  const operations: OasOperation[] = [];
  const paths = isObj(data.paths) ? data.paths : {};
  const rootSecurity = Array.isArray(data.security) ? data.security.filter(isObj) : undefined;
  for (const [route, raw] of Object.entries(paths)) {
    const r = pointers.resolve(raw, ['paths', route]);
    if (!isObj(r.value) || r.unresolved) continue;
    const item = r.value;
    const shared = located(
      Array.isArray(item.parameters) ? item.parameters : [],
      [...r.path, 'parameters'],
      facts,
    );
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const path = [...r.path, method];
      const own = located(Array.isArray(op.parameters) ? op.parameters : [], [...path, 'parameters'], facts);
      const byKey = new Map<string, Located>();
      for (const p of [...shared, ...own]) {
        if (typeof p.value.name === 'string' && typeof p.value.in === 'string')
          byKey.set(`${p.value.in}\u0000${p.value.name}`, p);
      }
      const responses = new Map<string, Located>();
      if (isObj(op.responses)) {
        for (const [status, rawResponse] of Object.entries(op.responses)) {
          const usePath = [...path, 'responses', status];
          const resolved = pointers.resolve(rawResponse, usePath);
          if (isObj(resolved.value))
            responses.set(status, { value: resolved.value, path: resolved.path, usePath });
        }
      }
      let requestBody: Located | undefined;
      if (op.requestBody !== undefined) {
        const usePath = [...path, 'requestBody'];
        const resolved = pointers.resolve(op.requestBody, usePath);
        if (isObj(resolved.value)) requestBody = { value: resolved.value, path: resolved.path, usePath };
      }
      operations.push({
        label: `${method.toUpperCase()} ${route}`,
        method: method.toUpperCase(),
        route,
        op,
        item,
        path,
        parameters: [...byKey.values()],
        responses,
        requestBody,
        security: Array.isArray(op.security) ? op.security.filter(isObj) : rootSecurity,
      });
    }
  }
  return { document, file: document.file, apiId, data, facts, operations };
}

function located(list: unknown[], base: PathSegment[], facts: OpenApiFacts): Located[] {
  const out: Located[] = [];
  for (let i = 0; i < list.length; i++) {
    const usePath = [...base, i];
    const r = facts.pointers.resolve(list[i], usePath);
    if (isObj(r.value)) out.push({ value: r.value, path: r.path, usePath });
  }
  return out;
}

export function isV2(doc: OasDoc): boolean {
  return doc.facts.version === '2.0';
}

/** Component map (`schemas`, `responses`, ...) for 3.x, or the 2.0 equivalent at the root. */
export function components(doc: OasDoc, kind: string): { map: Obj; base: PathSegment[] } | undefined {
  if (isV2(doc)) {
    const key = {
      schemas: 'definitions',
      parameters: 'parameters',
      responses: 'responses',
      securitySchemes: 'securityDefinitions',
    }[kind];
    const map = key ? doc.data[key] : undefined;
    return isObj(map) && key ? { map, base: [key] } : undefined;
  }
  const comps = doc.data.components;
  const map = isObj(comps) ? comps[kind] : undefined;
  return isObj(map) ? { map, base: ['components', kind] } : undefined;
}

export interface DraftOptions {
  element?: string;
  severity?: Severity;
  fix?: Fix;
  recommendation?: string;
  /** Extra locations beyond the primary one. */
  also?: Source[];
  data?: Record<string, unknown>;
}

/** A finding located at `path` inside the document, carrying that JSON path (as Spectral reports one) in `data`. */
export function draftAt(
  doc: OasDoc,
  path: PathSegment[],
  said: Said,
  options: DraftOptions = {},
): FindingDraft {
  const loc = doc.document.locate(path);
  return {
    ...said,
    locations: [loc, ...(options.also ?? [])],
    element: options.element ?? `${doc.file}${pathToPointer(path)}`,
    severity: options.severity,
    fix: options.fix,
    recommendation: options.recommendation,
    data: { jsonPath: [...path], ...options.data },
  };
}

export function successStatuses(op: OasOperation): string[] {
  return [...op.responses.keys()].filter((s) => /^[23]/.test(s));
}

/** Declared 4xx/5xx statuses (incl. `4XX` ranges) and `default`. */
export function errorStatuses(op: OasOperation): string[] {
  return [...op.responses.keys()].filter((s) => /^[45]/.test(s) || s === 'default');
}

/** Path ends in a templated segment: `/orders/{id}`. */
export function isItemPath(route: string): boolean {
  const last = route.replace(/\/+$/, '').split('/').pop() ?? '';
  return /^\{[^}]+\}$/.test(last);
}

export { plural } from '../../../model/values.js';

/** A short list of names for messages: `a, b, c and 4 more`. */
export function listSome(names: string[], max = 5): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** Follow local `$ref`s in a schema tree, calling `visit` on every schema once (cycles stop). */
export function walkSchema(
  doc: OasDoc,
  schema: unknown,
  path: PathSegment[],
  visit: (schema: Obj, path: PathSegment[], via: string) => boolean | undefined,
  seen = new Set<unknown>(),
  via = '',
): void {
  const r = doc.facts.pointers.resolve(schema, path);
  const s = r.value;
  if (!isObj(s) || seen.has(s)) return;
  seen.add(s);
  if (visit(s, r.path, via) === false) return;
  if (isObj(s.properties)) {
    for (const [name, prop] of Object.entries(s.properties))
      walkSchema(doc, prop, [...r.path, 'properties', name], visit, seen, via ? `${via}.${name}` : name);
  }
  if (s.items !== undefined && !Array.isArray(s.items))
    walkSchema(doc, s.items, [...r.path, 'items'], visit, seen, `${via}[]`);
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    const list = s[key];
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) walkSchema(doc, list[i], [...r.path, key, i], visit, seen, via);
  }
}
