/**
 * The gRPC/protobuf checks of `diffContracts`, after buf's FILE and WIRE breaking categories, read from the
 * model: services and rpcs (apis/operations with kind grpc) and messages/enums (apiTypes of `proto:<file>`).
 * Types pair by fully-qualified name, so a message moved to another file of the same package still pairs.
 * Fields pair by number (what the wire format carries); names matter to the JSON and text formats.
 */
import type { Api, ApiType, Operation, Source, SystemModel } from '../model/schema.js';
import type { ChangeDraft } from './openapi-diff.js';
import { pairVersions } from './pair.js';
import type { ChangedApi } from './types.js';

export interface ProtoChange extends ChangeDraft {
  api: ChangedApi;
}

export function diffProto(base: SystemModel, head: SystemModel): { changes: ProtoChange[]; paired: number } {
  const out: ProtoChange[] = [];
  const services = pairVersions(
    grpcApis(base),
    grpcApis(head),
    (a) => `${a.file}\u0000${a.id}`,
    (a) => a.id,
  );
  const paired = services.paired.length;
  const opsOf = (model: SystemModel) => {
    const byApi = new Map<string, Operation[]>();
    for (const op of model.operations) {
      if (op.method !== 'RPC') continue;
      const key = `${op.source.file}\u0000${op.apiId}`;
      const list = byApi.get(key) ?? [];
      list.push(op);
      byApi.set(key, list);
    }
    return byApi;
  };
  const baseOps = opsOf(base);
  const headOps = opsOf(head);
  const rpcsOf = (ops: Map<string, Operation[]>, api: Api) => ops.get(`${api.file}\u0000${api.id}`) ?? [];

  for (const bApi of services.removed) {
    out.push({
      api: { kind: 'grpc', file: bApi.file, title: bApi.title },
      kind: 'proto/service-removed',
      severity: 'breaking',
      element: serviceName(bApi.id),
      message: `service ${serviceName(bApi.id)} was removed`,
      base: bApi.source,
      head: fileAnchor(head, bApi.file),
    });
  }
  for (const { base: bApi, head: hApi } of services.paired) {
    const api: ChangedApi = { kind: 'grpc', file: hApi.file, title: hApi.title };
    const hByName = new Map(rpcsOf(headOps, hApi).map((op) => [rpcName(op), op]));
    for (const bOp of rpcsOf(baseOps, bApi)) {
      const name = rpcName(bOp);
      const hOp = hByName.get(name);
      const element = bOp.path;
      if (!hOp) {
        out.push({
          api,
          kind: 'proto/rpc-removed',
          severity: 'breaking',
          element,
          message: `rpc ${element} was removed`,
          base: bOp.source,
          head: hApi.source,
        });
        continue;
      }
      const at = { base: bOp.source, head: hOp.source };
      if (bOp.requestType !== hOp.requestType)
        out.push({
          api,
          kind: 'proto/rpc-request-type-changed',
          severity: 'breaking',
          element,
          message: `rpc ${element} request type changed from ${bOp.requestType} to ${hOp.requestType}`,
          ...at,
        });
      if (bOp.responseType !== hOp.responseType)
        out.push({
          api,
          kind: 'proto/rpc-response-type-changed',
          severity: 'breaking',
          element,
          message: `rpc ${element} response type changed from ${bOp.responseType} to ${hOp.responseType}`,
          ...at,
        });
      if ((bOp.streaming ?? 'none') !== (hOp.streaming ?? 'none'))
        out.push({
          api,
          kind: 'proto/rpc-streaming-changed',
          severity: 'breaking',
          element,
          message: `rpc ${element} streaming changed from ${bOp.streaming ?? 'none'} to ${hOp.streaming ?? 'none'}`,
          ...at,
        });
    }
    const bNames = new Set(rpcsOf(baseOps, bApi).map(rpcName));
    for (const hOp of rpcsOf(headOps, hApi)) {
      if (bNames.has(rpcName(hOp))) continue;
      out.push({
        api,
        kind: 'proto/rpc-added',
        severity: 'info',
        element: hOp.path,
        message: `rpc ${hOp.path} was added`,
        base: bApi.source,
        head: hOp.source,
      });
    }
  }
  for (const hApi of services.added) {
    const id = hApi.id;
    out.push({
      api: { kind: 'grpc', file: hApi.file, title: hApi.title },
      kind: 'proto/service-added',
      severity: 'info',
      element: serviceName(id),
      message: `service ${serviceName(id)} was added`,
      base: fileAnchor(base, hApi.file),
      head: hApi.source,
    });
  }

  const types = pairVersions(
    protoTypes(base),
    protoTypes(head),
    (t) => `${t.source.file}\u0000${t.name}`,
    (t) => t.name,
  );
  const typePairs: { base: ApiType; head?: ApiType }[] = [
    ...types.paired,
    ...types.removed.map((b) => ({ base: b })),
  ];
  for (const { base: bType, head: hType } of typePairs) {
    const name = bType.name;
    const file = hType?.source.file ?? bType.source.file;
    const api: ChangedApi = { kind: 'grpc', file, title: packageOf(name) || file };
    if (!hType || hType.kind !== bType.kind) {
      out.push({
        api,
        kind: bType.kind === 'enum' ? 'proto/enum-removed' : 'proto/message-removed',
        severity: 'breaking',
        element: name,
        message: `${bType.kind} ${name} was removed`,
        base: bType.source,
        head: hType?.source ?? fileAnchor(head, bType.source.file),
      });
      continue;
    }
    if (bType.kind === 'enum') diffEnum(bType, hType, api, out);
    else diffMessage(bType, hType, api, out);
  }
  return { changes: out, paired };
}

/** The head version of a message or enum: its reserved names and numbers, its fields by number and by name. */
function headFields(h: ApiType) {
  return {
    reserved: parseReserved(h.reserved),
    hByNumber: new Map(h.fields.map((f) => [f.number, f])),
    hByName: new Map(h.fields.map((f) => [f.name, f])),
  };
}

function diffMessage(b: ApiType, h: ApiType, api: ChangedApi, out: ProtoChange[]): void {
  const { reserved, hByNumber, hByName } = headFields(h);
  for (const bf of b.fields) {
    const element = `${b.name}.${bf.name}`;
    const base = bf.source ?? b.source;
    const hf = bf.number === undefined ? hByName.get(bf.name) : hByNumber.get(bf.number);
    const sameName = hByName.get(bf.name);
    if (sameName && sameName.number !== bf.number) {
      out.push({
        api,
        kind: 'proto/field-number-changed',
        severity: 'breaking',
        element,
        message: `field ${element} changed number from ${bf.number} to ${sameName.number}`,
        base,
        head: sameName.source ?? h.source,
      });
      continue;
    }
    if (!hf) {
      if (bf.number !== undefined && reserved.numbers(bf.number)) continue;
      out.push({
        api,
        kind: 'proto/field-removed',
        severity: 'breaking',
        element,
        message: `field ${element} (${bf.number}) was removed without reserving its number`,
        base,
        head: h.source,
      });
      continue;
    }
    const head = hf.source ?? h.source;
    const bType = fieldType(bf);
    const hType = fieldType(hf);
    if (hf.name !== bf.name) {
      // a new name with a new type on the old number is another field reusing it, not a rename
      const reused = bType !== hType;
      out.push({
        api,
        kind: reused ? 'proto/field-number-reused' : 'proto/field-renamed',
        severity: reused ? 'breaking' : 'warning',
        element,
        message: reused
          ? `field number ${bf.number} of ${b.name} was reused: ${bf.name} (${bType}) is now ${hf.name} (${hType})`
          : `field ${element} (${bf.number}) was renamed to ${hf.name} (breaks the JSON and text formats)`,
        base,
        head,
      });
      continue;
    }
    if (bType !== hType)
      out.push({
        api,
        kind: 'proto/field-type-changed',
        severity: 'breaking',
        element,
        message: `field ${element} (${bf.number}) changed type from ${bType} to ${hType}`,
        base,
        head,
      });
  }
}

function diffEnum(b: ApiType, h: ApiType, api: ChangedApi, out: ProtoChange[]): void {
  const { reserved, hByNumber, hByName } = headFields(h);
  for (const bv of b.fields) {
    const element = `${b.name}.${bv.name}`;
    const base = bv.source ?? b.source;
    const hv = hByName.get(bv.name);
    if (hv) {
      if (hv.number !== bv.number)
        out.push({
          api,
          kind: 'proto/enum-value-number-changed',
          severity: 'breaking',
          element,
          message: `enum value ${element} changed number from ${bv.number} to ${hv.number}`,
          base,
          head: hv.source ?? h.source,
        });
      continue;
    }
    const renamed = bv.number === undefined ? undefined : hByNumber.get(bv.number);
    if (renamed) {
      out.push({
        api,
        kind: 'proto/enum-value-renamed',
        severity: 'warning',
        element,
        message: `enum value ${element} (${bv.number}) was renamed to ${renamed.name} (breaks the JSON and text formats)`,
        base,
        head: renamed.source ?? h.source,
      });
      continue;
    }
    if (bv.number !== undefined && reserved.numbers(bv.number)) continue;
    out.push({
      api,
      kind: 'proto/enum-value-removed',
      severity: 'breaking',
      element,
      message: `enum value ${element} (${bv.number}) was removed without reserving its number`,
      base,
      head: h.source,
    });
  }
}

function fieldType(f: ApiType['fields'][number]): string {
  return f.repeated && !f.type.startsWith('map<') ? `repeated ${f.type}` : f.type;
}

/** `["5", "9 to 11", "20 to max", "foo"]` → a number test (names are not numbers). */
export function parseReserved(list: string[]): { numbers(n: number): boolean } {
  const ranges: [number, number][] = [];
  for (const r of list) {
    const m = /^(\d+)(?:\s+to\s+(\d+|max))?$/.exec(r.trim());
    if (!m) continue;
    const start = Number(m[1]);
    const end = m[2] === undefined ? start : m[2] === 'max' ? Number.MAX_SAFE_INTEGER : Number(m[2]);
    ranges.push([start, end]);
  }
  return { numbers: (n) => ranges.some(([s, e]) => n >= s && n <= e) };
}

function grpcApis(model: SystemModel): Api[] {
  return model.apis.filter((a) => a.kind === 'grpc');
}

function protoTypes(model: SystemModel): ApiType[] {
  return model.apiTypes.filter(
    (t) => t.apiId.startsWith('proto:') && (t.kind === 'message' || t.kind === 'enum'),
  );
}

function rpcName(op: Operation): string {
  return op.operationId ?? op.path.slice(op.path.lastIndexOf('/') + 1);
}

function serviceName(apiId: string): string {
  return apiId.replace(/^grpc:/, '');
}

function packageOf(fqn: string): string {
  const i = fqn.lastIndexOf('.');
  return i === -1 ? '' : fqn.slice(0, i);
}

/** Line 1 of `file` in the other version when it still exists there (a container for removed things). */
function fileAnchor(model: SystemModel, file: string): Source | undefined {
  return model.artifacts.some((a) => a.file === file) ? { file, line: 1 } : undefined;
}
