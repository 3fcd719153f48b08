/**
 * Protocol Buffers / gRPC adapter: protobufjs parses (a real .proto grammar), lines.ts supplies the
 * line numbers protobufjs does not keep. One Api per service (`grpc:<package>.<Service>`), one operation per
 * rpc, messages and enums as apiTypes belonging to the file (`proto:<file>`).
 */
import type Protobuf from 'protobufjs';
import type { Api, ApiType, Diagnostic, Operation, Source } from '../../model/schema.js';
import { lazyRequire } from '../lazy-require.js';
import type { StructuredDocument } from '../parse/structured.js';
import type { Adapter, Fragment, SourceFile } from '../types.js';
import { type ProtoLines, scanProtoLines } from './lines.js';

const loadProtobuf = lazyRequire<typeof Protobuf>('protobufjs');
/** Set on the first parse; the helpers below only run after one. */
let protobuf: typeof Protobuf;

type ReflectionObject = Protobuf.ReflectionObject;

export interface ProtoDocumentData {
  syntax: string;
  package?: string;
  imports: string[];
  services: string[];
}

export const protoAdapter: Adapter = {
  kind: 'proto',
  claims: (path) => /\.proto$/i.test(path),
  parse: parseProtoFile,
};

export function parseProtoFile(file: SourceFile): Fragment {
  const path = file.path;
  protobuf = loadProtobuf();
  const lines = scanProtoLines(file.text);
  let parsed: Protobuf.IParserResult;
  try {
    parsed = protobuf.parse(file.text, new protobuf.Root(), { keepCase: true, alternateCommentMode: true });
  } catch (err) {
    return { diagnostics: [syntaxDiagnostic(path, err as Error)] };
  }
  const pkg = parsed.package;
  const at = (line: number | undefined): Source => ({ file: path, line: line ?? 1 });
  const fileApiId = `proto:${path}`;
  const apis: Api[] = [];
  const operations: Operation[] = [];
  const apiTypes: ApiType[] = [];
  const diagnostics: Diagnostic[] = [];
  const imports = [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])];
  const syntax = lines.syntax ?? 'proto2';

  for (const obj of allNested(parsed.root)) {
    const fqn = obj.fullName.replace(/^\./, '');
    if (obj instanceof protobuf.Service) {
      const apiId = `grpc:${fqn}`;
      apis.push({
        id: apiId,
        kind: 'grpc',
        title: obj.name,
        version: packageVersion(pkg),
        specVersion: syntax,
        file: path,
        servers: [],
        securitySchemes: [],
        source: at(lines.declarations.get(fqn)),
      });
      for (const method of obj.methodsArray) {
        const rpcPath = `${fqn}/${method.name}`;
        operations.push({
          id: `${apiId}#RPC ${rpcPath}`,
          apiId,
          method: 'RPC',
          path: rpcPath,
          operationId: method.name,
          summary: firstLine(method.comment),
          tags: [],
          deprecated: method.options?.deprecated === true ? true : undefined,
          parameters: [],
          responses: [],
          streaming: streamingKind(method.requestStream, method.responseStream),
          requestType: resolveTypeName(obj, method.requestType),
          responseType: resolveTypeName(obj, method.responseType),
          source: at(lines.rpcs.get(rpcPath) ?? lines.declarations.get(fqn)),
        });
      }
    } else if (obj instanceof protobuf.Type) {
      apiTypes.push({
        id: `proto:${fqn}`,
        apiId: fileApiId,
        name: fqn,
        kind: 'message',
        // extension fields declared by `extend` elsewhere show up with a qualified name: not this message's own
        fields: obj.fieldsArray
          .filter((field) => !field.name.startsWith('.'))
          .map((field) => ({
            name: field.name,
            type:
              field instanceof protobuf.MapField
                ? `map<${field.keyType}, ${resolveFieldType(obj, field.type)}>`
                : resolveFieldType(obj, field.type),
            number: field.id,
            repeated: field.repeated || undefined,
            nullable: field.options?.proto3_optional === true ? true : undefined,
            source: at(lines.members.get(`${fqn}.${field.name}`) ?? lines.declarations.get(fqn)),
          })),
        reserved: formatReserved(obj.reserved),
        source: at(lines.declarations.get(fqn)),
      });
    } else if (obj instanceof protobuf.Enum) {
      apiTypes.push({
        id: `proto:${fqn}`,
        apiId: fileApiId,
        name: fqn,
        kind: 'enum',
        fields: Object.entries(obj.values).map(([name, number]) => ({
          name,
          type: 'enum-value',
          number,
          source: at(lines.members.get(`${fqn}.${name}`) ?? lines.declarations.get(fqn)),
        })),
        reserved: formatReserved(obj.reserved),
        source: at(lines.declarations.get(fqn)),
      });
    }
  }

  const data: ProtoDocumentData = {
    syntax,
    package: pkg,
    imports,
    services: apis.map((a) => a.title),
  };
  return {
    apis,
    operations,
    apiTypes,
    diagnostics,
    documents: [{ kind: 'proto', apiId: fileApiId, document: protoDocument(path, data, lines) }],
  };
}

function allNested(ns: Protobuf.NamespaceBase): ReflectionObject[] {
  const out: ReflectionObject[] = [];
  for (const child of ns.nestedArray) {
    out.push(child);
    if (child instanceof protobuf.Namespace || child instanceof protobuf.Type) out.push(...allNested(child));
  }
  return out;
}

/** Fully-qualified type name when it is declared in this file; otherwise as written (imported types). */
function resolveTypeName(from: Protobuf.Service, name: string): string {
  const found = from.parent?.lookup(name);
  if (found && (found instanceof protobuf.Type || found instanceof protobuf.Enum)) {
    return found.fullName.replace(/^\./, '');
  }
  return name.replace(/^\./, '');
}

function resolveFieldType(from: Protobuf.Type, name: string): string {
  if (SCALARS.has(name)) return name;
  const found = from.lookup(name);
  if (found && (found instanceof protobuf.Type || found instanceof protobuf.Enum)) {
    return found.fullName.replace(/^\./, '');
  }
  return name.replace(/^\./, '');
}

const SCALARS = new Set([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);

function streamingKind(req?: boolean, res?: boolean): Operation['streaming'] {
  if (req && res) return 'bidi';
  if (req) return 'client';
  if (res) return 'server';
  return 'none';
}

/** `v1`, `v1beta1`, `v2alpha` as the last package segment that looks like a version. */
export function packageVersion(pkg: string | undefined): string | undefined {
  if (!pkg) return undefined;
  const seg = pkg.split('.').find((s) => /^v\d+((alpha|beta|test)\d*)?$/.test(s));
  return seg;
}

const MAX_FIELD = 536870911;

function formatReserved(reserved: (number[] | string)[] | undefined): string[] {
  if (!reserved) return [];
  return reserved.map((r) => {
    if (typeof r === 'string') return r;
    const [start, end] = r;
    if (start === end) return String(start);
    return `${start} to ${end === MAX_FIELD ? 'max' : end}`;
  });
}

function firstLine(comment: string | null | undefined): string | undefined {
  const line = comment?.split('\n').find((l) => l.trim().length > 0);
  return line?.trim() || undefined;
}

function syntaxDiagnostic(file: string, err: Error): Diagnostic {
  const m = /line (\d+)\)/.exec(err.message);
  return {
    severity: 'error',
    file,
    line: m ? Number(m[1]) : undefined,
    message: `invalid .proto: ${err.message.replace(/\s*\(line \d+\)$/, '')}`,
    origin: 'proto',
  };
}

function protoDocument(file: string, data: ProtoDocumentData, lines: ProtoLines): StructuredDocument {
  return {
    file,
    data,
    startLine: 1,
    locate: (path) => {
      if (path[0] === 'imports' && typeof path[1] === 'number') {
        return { file, line: lines.imports.get(data.imports[path[1]]) ?? 1 };
      }
      if (path[0] === 'package') return { file, line: lines.packageLine ?? 1 };
      return { file, line: 1 };
    },
  };
}
