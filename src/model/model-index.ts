/** Lookups built once per review so rules stay single-pass. */
import type { Datastore, Dependency, Deployable, Service, SystemModel } from './schema.js';

export interface ModelIndex {
  service(id: string): Service | undefined;
  datastore(id: string): Datastore | undefined;
  deployablesOf(serviceId: string): Deployable[];
  dependenciesFrom(id: string): Dependency[];
  dependenciesTo(id: string): Dependency[];
}

export function buildModelIndex(model: SystemModel): ModelIndex {
  const services = new Map(model.services.map((s) => [s.id, s]));
  const datastores = new Map(model.datastores.map((d) => [d.id, d]));
  const deployables = groupBy(model.deployables, (d) => d.serviceId);
  const from = groupBy(model.dependencies, (d) => d.from);
  const to = groupBy(model.dependencies, (d) => d.to);
  return {
    service: (id) => services.get(id),
    datastore: (id) => datastores.get(id),
    deployablesOf: (id) => deployables.get(id) ?? [],
    dependenciesFrom: (id) => from.get(id) ?? [],
    dependenciesTo: (id) => to.get(id) ?? [],
  };
}

/** Items by key, each list in the items' order. */
export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
