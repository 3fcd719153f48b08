/**
 * Which deployed service serves each gRPC service: Online Boutique's `hipstershop.CartService` is served by
 * the `cartservice` Deployment. Names are compared lower-cased with separators removed, with and without a
 * `service` suffix (CartService ~ cartservice ~ cart ~ cart-service). Only an unambiguous match is recorded.
 */
import type { Service, SystemModel } from './schema.js';

/** `Cart-Service` → `cartservice`. */
export function compactKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The keys a name may be known by: itself and itself without (or with) a `service`/`svc` suffix. */
export function nameVariants(name: string): string[] {
  const key = compactKey(name);
  const stripped = key.replace(/(service|svc|server|api)$/, '');
  return [...new Set([key, stripped, `${stripped}service`].filter((k) => k.length > 0))];
}

/** Index of services by every compact variant of their id, name and hostnames; ambiguous keys are dropped. */
export function serviceNameIndex(services: Service[]): Map<string, Service> {
  const index = new Map<string, Service | null>();
  for (const service of services) {
    const keys = new Set([service.id, service.name, ...service.hostnames].flatMap(nameVariants));
    for (const key of keys) {
      const seen = index.get(key);
      if (seen === undefined) index.set(key, service);
      else if (seen !== service) index.set(key, null);
    }
  }
  const out = new Map<string, Service>();
  for (const [key, service] of index) if (service) out.set(key, service);
  return out;
}

/** Match one API name against the index: exact compact name first, then its variants. */
export function matchService(index: Map<string, Service>, name: string): Service | undefined {
  const exact = index.get(compactKey(name));
  if (exact) return exact;
  for (const key of nameVariants(name)) {
    const hit = index.get(key);
    if (hit) return hit;
  }
  return undefined;
}

export function mapGrpcApisToServices(model: SystemModel): void {
  const candidates = model.services.filter(
    (s) => s.role !== 'datastore' && s.role !== 'cache' && s.role !== 'broker',
  );
  const index = serviceNameIndex(candidates);
  for (const api of model.apis) {
    if (api.kind !== 'grpc') continue;
    const service = api.serviceId
      ? model.services.find((s) => s.id === api.serviceId)
      : matchService(index, api.title);
    if (!service) continue;
    api.serviceId = service.id;
    if (!service.apis.includes(api.id)) service.apis = [...service.apis, api.id].sort();
  }
}
