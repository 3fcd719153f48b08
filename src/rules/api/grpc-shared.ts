/** Lookups shared by the gRPC/proto rules. */
import type { ApiType, Operation, SystemModel } from '../../model/schema.js';

export function protoMessages(model: SystemModel): Map<string, ApiType> {
  const out = new Map<string, ApiType>();
  for (const t of model.apiTypes) if (t.id.startsWith('proto:') && !out.has(t.name)) out.set(t.name, t);
  return out;
}

export function grpcOperations(model: SystemModel): Operation[] {
  return model.operations.filter((o) => o.method === 'RPC');
}

/** `hipstershop.CartService/AddItem` → `CartService.AddItem`. */
export function rpcLabel(op: Operation): string {
  const [service, method] = op.path.split('/');
  return `${service.slice(service.lastIndexOf('.') + 1)}.${method}`;
}

export const EMPTY_WELL_KNOWN = 'google.protobuf.Empty';
