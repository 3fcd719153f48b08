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

export interface ServiceNameIndex {
  /** Compact id, name and hostnames. */
  exact: Map<string, Service>;
  /** Every variant of those (with/without a service suffix). */
  loose: Map<string, Service>;
}

/** Index services by their names and name variants; a key two services share is dropped (ambiguous). */
export function serviceNameIndex(services: Service[]): ServiceNameIndex {
  const exact = new Map<string, Service | null>();
  const loose = new Map<string, Service | null>();
  const add = (map: Map<string, Service | null>, key: string, service: Service) => {
    const seen = map.get(key);
    if (seen === undefined) map.set(key, service);
    else if (seen !== service) map.set(key, null);
  };
  for (const service of services) {
    const names = [service.id, service.name, ...service.hostnames];
    for (const key of new Set(names.map(compactKey))) add(exact, key, service);
    for (const key of new Set(names.flatMap(nameVariants))) add(loose, key, service);
  }
  const clean = (map: Map<string, Service | null>) =>
    new Map([...map].filter((e): e is [string, Service] => e[1] !== null));
  return { exact: clean(exact), loose: clean(loose) };
}

/** Match one API name: its exact compact name first, then its variants against every variant. */
export function matchService(index: ServiceNameIndex, name: string): Service | undefined {
  const exact = index.exact.get(compactKey(name));
  if (exact) return exact;
  for (const key of nameVariants(name)) {
    const hit = index.exact.get(key) ?? index.loose.get(key);
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
