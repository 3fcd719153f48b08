/**
 * OpenAPI 3.0/3.1 and Swagger 2.0 adapter (JSON or YAML). One file is one API: its operations (path-level
 * parameters merged in, local `$ref`s followed through a pointer index, effective security), its component
 * schemas as apiTypes, and the parsed document kept for the API rules. References to other files are
 * recorded (rules resolve them through ctx.documents); http(s) references are never fetched.
 */
import { toId } from '../../model/provenance.js';
import type { Api, ApiType, Diagnostic, Operation, Source } from '../../model/schema.js';
import { contractOf, declineUnclassified, mayBeContract } from '../contract-detect.js';
import { type PathSegment, parseStructured, type StructuredDocument } from '../parse/structured.js';
import type { Adapter, FileLookup, Fragment, SourceFile } from '../types.js';
import { bundleOpenApi } from './bundle.js';
import { type OasVersion, openApiFacts } from './facts.js';
import { isObj, type PointerIndex } from './refs.js';

type Obj = Record<string, unknown>;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export const openapiAdapter: Adapter = {
  kind: 'openapi',
  claims: (path, head, text) => /\.(ya?ml|json)$/i.test(path) && mayBeContract('openapi', text ?? head),
  parse: (file, files) => parseOpenApiFile(file, files),
};

/** Whether a text could be an OpenAPI/Swagger document (the cheap pre-check; the parsed document decides). */
export function looksLikeOpenApi(text: string): boolean {
  return mayBeContract('openapi', text);
}

export function parseOpenApiFile(file: SourceFile, files?: FileLookup): Fragment {
  const path = file.path;
  const outcome = parseStructured(path, file.text, 'openapi');
  const parsed = outcome.documents.find((d) => contractOf(d.data)?.kind === 'openapi');
  if (!parsed) return declineUnclassified('openapi', path, file.text, outcome);
  const diagnostics: Diagnostic[] = [...outcome.diagnostics];
  // a root whose $refs name other files of the tree is read with them, as one document
  const bundled =
    files && openApiFacts(parsed).fileRefs.length > 0 ? bundleOpenApi(parsed, files) : undefined;
  if (bundled) diagnostics.push(...bundled.diagnostics);
  const doc = bundled?.document ?? parsed;
  const data = doc.data as Obj;
  const versionKey = contractOf(data)!.key;
  const specVersion = contractOf(data)!.version;
  const at = (p: PathSegment[]): Source => {
    const loc = doc.locate(p);
    return { file: loc.file, line: loc.line };
  };
  const diag = (severity: Diagnostic['severity'], p: PathSegment[], message: string) => {
    const loc = at(p);
    diagnostics.push({ severity, file: loc.file || path, line: loc.line, message, origin: 'openapi' });
  };

  if (!/^(2\.0|3\.[0-2])(\.|$)/.test(specVersion)) {
    diag(
      'warning',
      [versionKey],
      `OpenAPI version ${specVersion} is not supported (2.0, 3.0, 3.1 are); operations not read`,
    );
    return { diagnostics };
  }
  const facts = openApiFacts(doc);
  const version = facts.version;
  const info = isObj(data.info) ? data.info : {};
  const apiId = `openapi:${path}`;
  const owner = stringOf(data['x-service']) ?? stringOf(info['x-service']);

  for (const r of uniqueByRef(facts.remoteRefs)) {
    diag(
      'warning',
      r.path,
      `remote $ref ${r.ref} not fetched (Plumbline never fetches over the network); what it points at is not checked`,
    );
  }
  for (const r of facts.danglingRefs)
    diag('warning', r.path, `$ref ${r.ref} points at nothing in this document`);
  if (data.paths !== undefined && !isObj(data.paths)) diag('error', ['paths'], '`paths` must be a mapping');

  // operations and components are located one by one below: index their containers in one pass each
  doc.prefetch?.([
    { path: ['paths'], depth: 3 },
    version === '2.0' ? { path: ['definitions'], depth: 1 } : { path: ['components'], depth: 2 },
  ]);
  const operations = readOperations(doc, data, apiId, version, facts.pointers, diag);
  const api: Api = {
    id: apiId,
    kind: 'openapi',
    title: stringOf(info.title) ?? path,
    version: info.version === undefined ? undefined : String(info.version),
    specVersion,
    file: path,
    serviceId: owner ? toId(owner) : undefined,
    servers: servers(data, version),
    securitySchemes: securitySchemes(data, version),
    source: at([versionKey]),
  };
  return {
    apis: [api],
    operations,
    apiTypes: componentTypes(data, apiId, version, at),
    diagnostics,
    documents: [
      {
        kind: 'openapi',
        apiId,
        document: doc,
        ...(bundled?.imports.length ? { imports: bundled.imports } : {}),
      },
    ],
    readFiles: bundled?.files,
  };
}

function uniqueByRef<T extends { ref: string }>(refs: T[]): T[] {
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(r.ref) && seen.add(r.ref));
}

function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined;
}

type Diag = (severity: Diagnostic['severity'], p: PathSegment[], message: string) => void;

function readOperations(
  doc: StructuredDocument,
  data: Obj,
  apiId: string,
  version: OasVersion,
  pointers: PointerIndex,
  diag: Diag,
): Operation[] {
  const paths = isObj(data.paths) ? data.paths : {};
  const out: Operation[] = [];
  const rootSecurity = securityOf(data.security);
  for (const [route, rawItem] of Object.entries(paths)) {
    const resolvedItem = pointers.resolve(rawItem, ['paths', route]);
    const item = resolvedItem.value;
    if (!isObj(item)) {
      if (rawItem !== null) diag('error', ['paths', route], `path item ${route} must be a mapping`);
      continue;
    }
    if (resolvedItem.unresolved) {
      if (resolvedItem.unresolved.startsWith('#'))
        diag(
          'warning',
          ['paths', route],
          `path item ${route}: $ref ${resolvedItem.unresolved} is circular or points at nothing`,
        );
      continue; // a path item in another file: rules resolve it through ctx.documents
    }
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const opPath: PathSegment[] = [...resolvedItem.path, method];
      const parameters = mergeParameters(shared, Array.isArray(op.parameters) ? op.parameters : [], pointers);
      const operation: Operation = {
        id: `${apiId}#${method.toUpperCase()} ${route}`,
        apiId,
        method: method.toUpperCase(),
        path: route,
        operationId: stringOf(op.operationId),
        summary: stringOf(op.summary),
        tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [],
        deprecated: op.deprecated === true ? true : undefined,
        parameters: parameters
          .filter((p) => p.in !== 'body' && p.in !== 'formData')
          .map((p) => ({
            name: String(p.name),
            in: String(p.in),
            required: p.required === true || p.in === 'path',
            type: paramType(p, pointers),
          })),
        requestBody: requestBodyOf(op, parameters, data, version, pointers),
        responses: responsesOf(op, data, version, pointers),
        security: op.security !== undefined ? securityOf(op.security) : rootSecurity,
        source: locateOp(doc, opPath),
      };
      out.push(operation);
    }
  }
  return out;
}

function locateOp(doc: StructuredDocument, path: PathSegment[]): Source {
  const loc = doc.locate(path);
  return { file: loc.file, line: loc.line };
}

/** Path-level parameters overridden by operation-level ones with the same name and location. */
export function mergeParameters(shared: unknown[], own: unknown[], pointers: PointerIndex): Obj[] {
  const byKey = new Map<string, Obj>();
  for (const list of [shared, own]) {
    for (const raw of list) {
      const p = pointers.deref(raw);
      if (!isObj(p) || typeof p.name !== 'string' || typeof p.in !== 'string') continue;
      byKey.set(`${p.in}\u0000${p.name}`, p);
    }
  }
  return [...byKey.values()];
}

function paramType(p: Obj, pointers: PointerIndex): string | undefined {
  if (typeof p.type === 'string') return p.type;
  const schema = p.schema;
  if (isObj(schema) && typeof schema.$ref === 'string') return refName(schema.$ref);
  const resolved = pointers.deref(schema);
  return isObj(resolved) && typeof resolved.type === 'string' ? resolved.type : undefined;
}

function requestBodyOf(
  op: Obj,
  parameters: Obj[],
  data: Obj,
  version: OasVersion,
  pointers: PointerIndex,
): Operation['requestBody'] {
  if (version !== '2.0') {
    const body = pointers.deref(op.requestBody);
    if (!isObj(body)) return undefined;
    return {
      required: body.required === true,
      contentTypes: isObj(body.content) ? Object.keys(body.content) : [],
    };
  }
  const body = parameters.find((p) => p.in === 'body');
  const form = parameters.filter((p) => p.in === 'formData');
  if (!body && form.length === 0) return undefined;
  const consumes = stringList(op.consumes) ?? stringList(data.consumes);
  const contentTypes = consumes ?? (body ? ['application/json'] : ['application/x-www-form-urlencoded']);
  return { required: body ? body.required === true : form.some((p) => p.required === true), contentTypes };
}

function responsesOf(
  op: Obj,
  data: Obj,
  version: OasVersion,
  pointers: PointerIndex,
): Operation['responses'] {
  const out: Operation['responses'] = [];
  if (!isObj(op.responses)) return out;
  let produces: string[] | undefined;
  for (const status in op.responses) {
    if (status.startsWith('x-')) continue;
    const r = pointers.deref(op.responses[status]);
    let contentTypes: string[] = [];
    if (isObj(r)) {
      if (version === '2.0') {
        produces ??= stringList(op.produces) ?? stringList(data.produces) ?? ['application/json'];
        contentTypes = r.schema !== undefined ? produces : [];
      } else if (isObj(r.content)) contentTypes = Object.keys(r.content);
    }
    out.push({ status, contentTypes });
  }
  return out;
}

/** Security requirement objects as lists of scheme names; `[]` entries mean "anonymous allowed". */
function securityOf(value: unknown): string[][] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isObj).map((req) => Object.keys(req));
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.length > 0 ? v.map(String) : undefined;
}

export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

function servers(data: Obj, version: OasVersion): string[] {
  if (version === '2.0') {
    if (typeof data.host !== 'string') return [];
    const schemes = stringList(data.schemes) ?? ['https'];
    const basePath = typeof data.basePath === 'string' ? data.basePath : '';
    return schemes.map((s) => `${s}://${data.host}${basePath}`);
  }
  return Array.isArray(data.servers)
    ? data.servers.filter(isObj).flatMap((s) => (typeof s.url === 'string' ? [s.url] : []))
    : [];
}

function securitySchemes(data: Obj, version: OasVersion): Api['securitySchemes'] {
  const schemes =
    version === '2.0'
      ? data.securityDefinitions
      : isObj(data.components)
        ? data.components.securitySchemes
        : undefined;
  if (!isObj(schemes)) return [];
  return Object.entries(schemes)
    .filter(([, s]) => isObj(s))
    .map(([name, raw]) => {
      const s = raw as Obj;
      const type = String(s.type ?? 'unknown');
      const flows = isObj(s.flows) ? Object.keys(s.flows) : typeof s.flow === 'string' ? [s.flow] : undefined;
      return {
        name,
        type: version === '2.0' && type === 'basic' ? 'http' : type,
        in: typeof s.in === 'string' ? s.in : undefined,
        scheme:
          typeof s.scheme === 'string'
            ? s.scheme
            : version === '2.0' && type === 'basic'
              ? 'basic'
              : undefined,
        flows,
      };
    });
}

function componentTypes(
  data: Obj,
  apiId: string,
  version: OasVersion,
  at: (p: PathSegment[]) => Source,
): ApiType[] {
  const base: PathSegment[] = version === '2.0' ? ['definitions'] : ['components', 'schemas'];
  const schemas =
    version === '2.0' ? data.definitions : isObj(data.components) ? data.components.schemas : undefined;
  if (!isObj(schemas)) return [];
  const types: ApiType[] = [];
  for (const [name, raw] of Object.entries(schemas)) {
    if (!isObj(raw)) continue;
    types.push({
      id: `${apiId}#${name}`,
      apiId,
      name,
      kind: Array.isArray(raw.enum) ? 'enum' : 'schema',
      fields: fieldsOf(raw),
      reserved: [],
      source: at([...base, name]),
    });
  }
  return types;
}

function fieldsOf(schema: Obj): ApiType['fields'] {
  const fields: ApiType['fields'] = [];
  const parts = [schema, ...(Array.isArray(schema.allOf) ? schema.allOf.filter(isObj) : [])];
  for (const part of parts) {
    if (!isObj(part.properties)) continue;
    for (const [name, prop] of Object.entries(part.properties)) {
      if (!isObj(prop)) continue;
      const type = prop.type;
      const isArray = type === 'array' || (Array.isArray(type) && type.includes('array'));
      const nullable =
        prop.nullable === true ||
        prop['x-nullable'] === true ||
        (Array.isArray(type) && type.includes('null'));
      fields.push({
        name,
        type: typeName(isArray && isObj(prop.items) ? prop.items : prop),
        repeated: isArray || undefined,
        nullable: nullable || undefined,
      });
    }
  }
  return fields;
}

function typeName(schema: Obj): string {
  if (typeof schema.$ref === 'string') return refName(schema.$ref);
  if (typeof schema.type === 'string')
    return typeof schema.format === 'string' ? `${schema.type}:${schema.format}` : schema.type;
  if (Array.isArray(schema.type)) return schema.type.filter((t) => t !== 'null').join('|') || 'null';
  if (schema.oneOf || schema.anyOf || schema.allOf) return 'composite';
  return 'any';
}
