/**
 * One OpenAPI document (2.0 or 3.x) reduced to what a contract diff compares, in one shape for both
 * versions: operations keyed by method and path template (parameter names blanked, so `/a/{id}` and
 * `/a/{key}` pair), their parameters, request body and responses by media type, and effective security.
 * Swagger 2.0 `body` parameters become the request body (one entry per `consumes` type), `formData`
 * parameters stay parameters, and a 2.0 response schema is listed under each `produces` type.
 */
import { oasVersionOf } from '../discover/openapi/facts.js';
import { isObj, PointerIndex } from '../discover/openapi/refs.js';
import type { PathSegment, StructuredDocument } from '../discover/parse/structured.js';
import type { Source } from '../model/schema.js';

type Obj = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface SchemaRef {
  /** The schema as written (may be a `$ref`). */
  value: unknown;
  path: PathSegment[];
}

export interface ParamView {
  name: string;
  in: string;
  /** `path#0` for the first template variable, so a renamed path parameter keeps its key. */
  key: string;
  required: boolean;
  /** 3.x: the parameter's `schema`; 2.0: the parameter itself (it carries type, format, enum, items). */
  schema?: SchemaRef;
  path: PathSegment[];
}

export interface BodyView {
  required: boolean;
  path: PathSegment[];
  media: Map<string, SchemaRef | undefined>;
}

export interface ResponseView {
  status: string;
  path: PathSegment[];
  media: Map<string, SchemaRef | undefined>;
}

export interface OpView {
  /** `GET /pets/{id}` as written in this version. */
  label: string;
  key: string;
  route: string;
  path: PathSegment[];
  deprecated: boolean;
  params: Map<string, ParamView>;
  body?: BodyView;
  responses: Map<string, ResponseView>;
  /** Effective requirement alternatives (scheme names); undefined = none declared. */
  security?: string[][];
  securityPath: PathSegment[];
}

export interface OasIndex {
  file: string;
  title: string;
  version: '2.0' | '3.0' | '3.1';
  document: StructuredDocument;
  pointers: PointerIndex;
  operations: Map<string, OpView>;
  locate(path: PathSegment[]): Source;
}

const indexes = new WeakMap<StructuredDocument, OasIndex>();

export function oasIndex(document: StructuredDocument): OasIndex {
  let index = indexes.get(document);
  if (!index) {
    index = build(document);
    indexes.set(document, index);
  }
  return index;
}

/** `/pets/{petId}/toys/{toy}` → `/pets/{}/toys/{}` */
export function routeShape(route: string): string {
  return route.replace(/\{[^}]*\}/g, '{}');
}

function build(document: StructuredDocument): OasIndex {
  const data = (isObj(document.data) ? document.data : {}) as Obj;
  const version = oasVersionOf(data);
  const pointers = new PointerIndex(data);
  const info = isObj(data.info) ? data.info : {};
  const operations = new Map<string, OpView>();
  const paths = isObj(data.paths) ? data.paths : {};
  const rootSecurity = securityOf(data.security);
  for (const [route, rawItem] of Object.entries(paths)) {
    const item = pointers.resolve(rawItem, ['paths', route]);
    if (!isObj(item.value) || item.unresolved) continue;
    const itemObj = item.value;
    const templateVars = [...route.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
    for (const method of METHODS) {
      const op = itemObj[method];
      if (!isObj(op)) continue;
      const path = [...item.path, method];
      const raw = [
        ...located(itemObj.parameters, [...item.path, 'parameters'], pointers),
        ...located(op.parameters, [...path, 'parameters'], pointers),
      ];
      const params = new Map<string, ParamView>();
      let body: BodyView | undefined;
      const consumes = stringList(op.consumes) ?? stringList(data.consumes) ?? ['application/json'];
      for (const { value: p, path: pPath } of raw) {
        if (typeof p.name !== 'string' || typeof p.in !== 'string') continue;
        if (p.in === 'body') {
          const schema = p.schema === undefined ? undefined : { value: p.schema, path: [...pPath, 'schema'] };
          body = {
            required: p.required === true,
            path: pPath,
            media: new Map(consumes.map((c) => [c, schema])),
          };
          continue;
        }
        const pathIndex = p.in === 'path' ? templateVars.indexOf(p.name) : -1;
        const key =
          pathIndex >= 0
            ? `path#${pathIndex}`
            : `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
        params.set(key, {
          name: p.name,
          in: p.in,
          key,
          required: p.required === true || p.in === 'path',
          schema: paramSchema(p, pPath, version),
          path: pPath,
        });
      }
      if (version !== '2.0' && op.requestBody !== undefined) {
        const rb = pointers.resolve(op.requestBody, [...path, 'requestBody']);
        if (isObj(rb.value)) {
          body = { required: rb.value.required === true, path: rb.path, media: contentOf(rb.value, rb.path) };
        }
      }
      const responses = new Map<string, ResponseView>();
      const produces = stringList(op.produces) ?? stringList(data.produces) ?? ['application/json'];
      if (isObj(op.responses)) {
        for (const [status, rawResponse] of Object.entries(op.responses)) {
          if (status.startsWith('x-')) continue;
          const r = pointers.resolve(rawResponse, [...path, 'responses', status]);
          if (!isObj(r.value)) continue;
          let media: Map<string, SchemaRef | undefined>;
          if (version === '2.0') {
            const schema = r.value.schema;
            media =
              schema === undefined
                ? new Map()
                : new Map(produces.map((c) => [c, { value: schema, path: [...r.path, 'schema'] }]));
          } else media = contentOf(r.value, r.path);
          responses.set(status, { status, path: r.path, media });
        }
      }
      const ownSecurity = securityOf(op.security);
      const label = `${method.toUpperCase()} ${route}`;
      const key = `${method.toUpperCase()} ${routeShape(route)}`;
      operations.set(key, {
        label,
        key,
        route,
        path,
        deprecated: op.deprecated === true,
        params,
        body,
        responses,
        security: ownSecurity ?? rootSecurity,
        securityPath: ownSecurity ? [...path, 'security'] : rootSecurity ? ['security'] : path,
      });
    }
  }
  return {
    file: document.file,
    title: typeof info.title === 'string' && info.title.trim() ? info.title.trim() : document.file,
    version,
    document,
    pointers,
    operations,
    locate: (path) => {
      const loc = document.locate(path);
      return { file: loc.file, line: loc.line };
    },
  };
}

function located(
  list: unknown,
  base: PathSegment[],
  pointers: PointerIndex,
): { value: Obj; path: PathSegment[] }[] {
  if (!Array.isArray(list)) return [];
  const out: { value: Obj; path: PathSegment[] }[] = [];
  list.forEach((raw, i) => {
    const r = pointers.resolve(raw, [...base, i]);
    if (isObj(r.value) && !r.unresolved) out.push({ value: r.value, path: r.path });
  });
  return out;
}

function paramSchema(p: Obj, path: PathSegment[], version: OasIndex['version']): SchemaRef | undefined {
  if (version === '2.0') return { value: p, path };
  if (p.schema !== undefined) return { value: p.schema, path: [...path, 'schema'] };
  if (isObj(p.content)) {
    const [mediaType, media] = Object.entries(p.content)[0] ?? [];
    if (mediaType && isObj(media) && media.schema !== undefined)
      return { value: media.schema, path: [...path, 'content', mediaType, 'schema'] };
  }
  return undefined;
}

function contentOf(holder: Obj, path: PathSegment[]): Map<string, SchemaRef | undefined> {
  const out = new Map<string, SchemaRef | undefined>();
  if (!isObj(holder.content)) return out;
  for (const [mediaType, media] of Object.entries(holder.content)) {
    const schema = isObj(media) ? media.schema : undefined;
    out.set(
      mediaType,
      schema === undefined ? undefined : { value: schema, path: [...path, 'content', mediaType, 'schema'] },
    );
  }
  return out;
}

function securityOf(value: unknown): string[][] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isObj).map((req) => Object.keys(req).sort());
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.length > 0 ? v.map(String) : undefined;
}
