/** Lookups shared by the gRPC/proto rules. */
import type { ApiType, Operation, SystemModel } from '../../../model/schema.js';

/**
 * Vendored upstream contracts (grpc.health.v1, google.api, google.protobuf, ...) are copied into repositories
 * verbatim and cannot be changed by their users: rules about proto style skip them.
 */
export function isVendoredProto(qualifiedName: string): boolean {
  return /^(google|grpc|envoy|validate|buf|opentelemetry)\./.test(qualifiedName);
}

/** Messages and enums declared in the system's own proto files, by fully-qualified name. */
export function protoTypes(model: SystemModel): ApiType[] {
  return model.apiTypes.filter((t) => t.id.startsWith('proto:') && !isVendoredProto(t.name));
}

export function protoMessages(model: SystemModel): Map<string, ApiType> {
  const out = new Map<string, ApiType>();
  for (const t of model.apiTypes) if (t.id.startsWith('proto:') && !out.has(t.name)) out.set(t.name, t);
  return out;
}

export function grpcOperations(model: SystemModel): Operation[] {
  return model.operations.filter((o) => o.method === 'RPC' && !isVendoredProto(o.path));
}

/** `hipstershop.CartService/AddItem` → `CartService.AddItem`. */
export function rpcLabel(op: Operation): string {
  const [service, method] = op.path.split('/');
  return `${service.slice(service.lastIndexOf('.') + 1)}.${method}`;
}

export const EMPTY_WELL_KNOWN = 'google.protobuf.Empty';
