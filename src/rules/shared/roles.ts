/**
 * Which services count as what for the services and resilience rules. Roles come from discovery
 * (src/model/infer-roles.ts sets tooling, gateway and frontend; Online Boutique's `loadgenerator` and Sock
 * Shop's `user-sim` arrive as tooling). The name and image checks below are a safety net for models that
 * did not go through discovery (hand-built, or JSON from an older version), so a test tool is never treated
 * as part of the product and a proxy never as a backend.
 */
import { nonBusinessIds } from '../../model/infer-platform.js';
import { isProductRole, isStoreRole as isStoreRoleOf } from '../../model/roles.js';
import type { Datastore, Dependency, Service, SystemModel } from '../../model/schema.js';

const TOOL_NAME =
  /^(load-?gen(erator)?|load-?test(er)?|user-?sim(ulator)?|locust|k6|jmeter|gatling|vegeta)(-|$)/;

export function isTooling(service: Service): boolean {
  return service.role === 'tooling' || TOOL_NAME.test(service.id);
}

/** A service that is part of the product's request handling: application code, frontends, gateways, jobs. */
export function isApplication(service: Service): boolean {
  if (isTooling(service)) return false;
  return isProductRole(service.role);
}

const GATEWAY_NAME =
  /(^|-)(edge-router|edge|gateway|api-gateway|apigateway|proxy|reverse-proxy|ingress|nginx|envoy|traefik|kong|haproxy|caddy)(-|$)/;
const GATEWAY_IMAGE =
  /(^|\/)(nginx|envoy|traefik|kong|haproxy|caddy|openresty|krakend|tyk[\w-]*|apisix|edge-router)(:|@|$)/;

/** A gateway/edge proxy by role, or (safety net, broader than inference) by a proxy-like name or image when the role is still 'application'. */
export function isGateway(service: Service): boolean {
  if (service.role === 'gateway') return true;
  if (service.role !== 'application') return false;
  return GATEWAY_NAME.test(service.id) || service.images.some((i) => GATEWAY_IMAGE.test(i.toLowerCase()));
}

export function isStoreRole(service: Service): boolean {
  return isStoreRoleOf(service.role);
}

/** Predicate over service ids: application services only. */
export function applicationIds(model: SystemModel): Set<string> {
  return new Set(model.services.filter(isApplication).map((s) => s.id));
}

/** The datastore a dependency target names: by store id or by the service hosting the store. */
export function datastoreFor(model: SystemModel, id: string): Datastore | undefined {
  return model.datastores.find((d) => d.id === id) ?? model.datastores.find((d) => d.serviceId === id);
}

export function serviceName(model: SystemModel, id: string): string {
  return model.services.find((s) => s.id === id)?.name ?? id;
}

/**
 * Application services that use a store, each with the dependency that shows it (when there is one):
 * the store's `usedBy` plus every data/sync dependency pointing at the store or its hosting service.
 */
export function storeUsers(model: SystemModel, store: Datastore): Map<string, Dependency | undefined> {
  const { apps, depsTo } = storeIndexOf(model);
  const targets = new Set([store.id, ...(store.serviceId ? [store.serviceId] : [])]);
  // the dependencies pointing at the targets, in model order (which one is kept for a user depends on it)
  const indices = [...targets].flatMap((t) => depsTo.get(t) ?? []).sort((a, b) => a - b);
  const users = new Map<string, Dependency | undefined>();
  for (const i of indices) {
    const dep = model.dependencies[i]!;
    if (dep.kind === 'startup' || !apps.has(dep.from)) continue;
    if (!users.has(dep.from) || (users.get(dep.from)?.kind !== 'data' && dep.kind === 'data'))
      users.set(dep.from, dep);
  }
  for (const id of store.usedBy) if (apps.has(id) && !users.has(id)) users.set(id, undefined);
  return new Map([...users].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface StoreIndex {
  services: Service[];
  servicesLength: number;
  dependencies: Dependency[];
  dependenciesLength: number;
  apps: Set<string>;
  /** Indices into model.dependencies by target id. */
  depsTo: Map<string, number[]>;
}

const storeIndexes = new WeakMap<SystemModel, StoreIndex>();

/**
 * Application ids and dependencies by target, built once per model: storeUsers runs once per store in
 * several rules, and rebuilding both per call made those rules quadratic (issue 8: 2.4 s of a 17 s review
 * of 1,000 synthetic services). Rules never mutate the model; a changed services or dependencies array
 * (or length) rebuilds the index.
 */
function storeIndexOf(model: SystemModel): StoreIndex {
  const cached = storeIndexes.get(model);
  if (
    cached &&
    cached.services === model.services &&
    cached.servicesLength === model.services.length &&
    cached.dependencies === model.dependencies &&
    cached.dependenciesLength === model.dependencies.length
  )
    return cached;
  const depsTo = new Map<string, number[]>();
  model.dependencies.forEach((dep, i) => {
    const list = depsTo.get(dep.to);
    if (list) list.push(i);
    else depsTo.set(dep.to, [i]);
  });
  const index: StoreIndex = {
    services: model.services,
    servicesLength: model.services.length,
    dependencies: model.dependencies,
    dependenciesLength: model.dependencies.length,
    apps: applicationIds(model),
    depsTo,
  };
  storeIndexes.set(model, index);
  return index;
}

/** Locations without repeats, in first-seen order (a store and its workload often share a line). */
export function uniqueSources<T extends { file: string; line: number }>(sources: T[]): T[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    const key = `${s.file}:${s.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const businessCache = new WeakMap<
  SystemModel,
  { services: Service[]; dependencies: Dependency[]; deps: Dependency[]; stores: Datastore[] }
>();

function businessView(model: SystemModel) {
  const cached = businessCache.get(model);
  if (cached && cached.services === model.services && cached.dependencies === model.dependencies)
    return cached;
  const outside = nonBusinessIds(model);
  const view = {
    services: model.services,
    dependencies: model.dependencies,
    deps:
      outside.size === 0
        ? model.dependencies
        : model.dependencies.filter((d) => !outside.has(d.from) && !outside.has(d.to)),
    stores:
      outside.size === 0
        ? model.datastores
        : model.datastores.filter((s) => !s.serviceId || !outside.has(s.serviceId)),
  };
  businessCache.set(model, view);
  return view;
}

/**
 * The business graph's edges: dependencies between services that are neither platform components
 * (logging, monitoring, tracing) nor test harnesses. Edges to the platform stay in the model (the report's
 * graph shows them) but count in no cycle, fan-in, chain or store-sharing rule.
 */
export function businessDependencies(model: SystemModel): Dependency[] {
  return businessView(model).deps;
}

/** Datastores of the business system: not the elasticsearch behind a logging stack or a monitoring influxdb. */
export function businessDatastores(model: SystemModel): Datastore[] {
  return businessView(model).stores;
}
