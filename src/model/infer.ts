/**
 * Cross-file inference over a merged model: which hostnames name which service, service-to-service
 * dependencies from env/config/args/depends_on/ingress/network policies, datastores and brokers recognised
 * from images and connection strings, and which services use and own which store.
 */
import { applyManifest } from './apply-manifest.js';
import { markTestServices } from './deployments.js';
import { mapAsyncApisToServices } from './infer-asyncapi.js';
import { attributeCodeFacts, codeDependencies, codeTopics } from './infer-code.js';
import { mapContractApisToServices } from './infer-contracts.js';
import { inferDependencies, strongestEdges } from './infer-deps.js';
import { compactKey, mapGrpcApisToServices, matchService, serviceNameIndex } from './infer-grpc.js';
import { resolveHosts } from './infer-hosts.js';
import { associateImages } from './infer-images.js';
import { resolveImports } from './infer-imports.js';
import { inferPlatformRoles } from './infer-platform.js';
import { declaredRoleIds, inferServiceRoles } from './infer-roles.js';
import { RootUniter } from './infer-roots.js';
import { applySqlMigrations } from './infer-sql.js';
import {
  CATEGORY_ROLE,
  ENGINE_CATEGORY,
  engineOfClientKey,
  engineProtocol,
  isToolImage,
  type StoreFacts,
  storeOf,
} from './infer-stores.js';
import { disambiguateDeployables, imageConflicts, uniteAcrossPlatforms } from './infer-unite.js';
import { isStoreRole } from './roles.js';
import type { Datastore, Service, SystemModel } from './schema.js';

export interface InferOptions {
  paths: string[];
  /** Names of the roots (repositories) when one system is read from several: paths start `<root>/`. */
  roots?: readonly string[];
}

export function inferRelations(model: SystemModel, _options: InferOptions): void {
  model.diagnostics.push(...disambiguateDeployables(model));
  const acrossRoots = _options.roots?.length ? new RootUniter(_options.roots) : undefined;
  acrossRoots?.begin(model);
  uniteAcrossPlatforms(model, acrossRoots?.hook);
  acrossRoots?.unite(model);
  model.diagnostics.push(...imageConflicts(model));
  const hosts = resolveHosts(model);
  const stores = recogniseStores(model);
  associateImages(model);
  mapGrpcApisToServices(model);
  mapContractApisToServices(model);

  const outcome = inferDependencies(model, hosts, stores);
  model.diagnostics.push(...outcome.diagnostics);
  addExternals(model, outcome.externals);
  for (const store of outcome.externalStores) {
    stores.set(store.id, { engine: store.engine, category: store.category });
    model.datastores.push(store);
  }

  attributeCodeFacts(model, _options.paths);
  const code = codeDependencies(model, hosts, stores);
  model.diagnostics.push(...code.diagnostics);
  addExternals(model, code.externals);
  for (const store of code.stores) {
    if (model.datastores.some((d) => d.id === store.id)) continue;
    stores.set(store.id, { engine: store.engine, category: store.category });
    model.datastores.push(store);
  }

  mapAsyncApisToServices(model);
  codeTopics(model);
  model.dependencies = strongestEdges(model.dependencies, outcome.initEvidence);
  refineUnknownEngines(model);
  const declaredRoles = declaredRoleIds(model);
  inferPlatformRoles(model, declaredRoles); // logging/monitoring/tracing stacks, before the business roles
  inferServiceRoles(model); // tooling, gateways, frontends: over settled store roles and the whole graph
  markTestServices(model, declaredRoles); // services only test/local deployments run
  fillStoreUsage(model);
  applySqlMigrations(model);
  resolveImports(model, _options.paths);
  applyManifest(model); // last: plumbline.yaml overrides win over anything inferred
  if (acrossRoots) model.diagnostics.push(...acrossRoots.finish(model));
}

/** Set store roles and create a datastore entry for every service that hosts one. */
function recogniseStores(model: SystemModel): Map<string, StoreFacts> {
  const stores = new Map<string, StoreFacts>();
  const deployablesOf = new Map<string, SystemModel['deployables']>();
  for (const d of model.deployables)
    deployablesOf.set(d.serviceId, [...(deployablesOf.get(d.serviceId) ?? []), d]);
  const existing = new Set(model.datastores.map((d) => d.id));
  for (const service of model.services) {
    const exposures = model.exposures.filter(
      (e) => e.kind === 'k8s-service' && e.serviceIds.includes(service.id),
    );
    const builtFrom = model.images
      .filter((i) => service.buildContexts.includes(i.context) || i.serviceId === service.id)
      .map((i) => i.stages[i.stages.length - 1]?.image ?? '');
    const facts = storeOf(service, deployablesOf.get(service.id) ?? [], exposures, builtFrom);
    if (!facts) {
      if (service.role === 'application' && service.images.length > 0 && service.images.every(isToolImage))
        service.role = 'tooling';
      continue;
    }
    stores.set(service.id, facts);
    if (service.role === 'application') service.role = CATEGORY_ROLE[facts.category];
    if (existing.has(service.id)) continue;
    const replicas = (deployablesOf.get(service.id) ?? []).map((d) => d.replicas ?? 1);
    model.datastores.push({
      id: service.id,
      name: service.name,
      engine: facts.engine,
      category: facts.category,
      serviceId: service.id,
      external: false,
      usedBy: [],
      ...(replicas.length > 0 && replicas.every((r) => r > 1) ? { replicated: true } : {}),
      source: service.source,
    });
  }
  return stores;
}

const STORE_SUFFIX =
  /[-_.](db|database|mongo|mongodb|postgres|postgresql|pg|mysql|mariadb|redis|cache|memcached|store|datastore|data|es|elasticsearch|search)\d*$/;
const STORE_PREFIX =
  /^(db|redis|mongo|mongodb|postgres|postgresql|pg|mysql|mariadb|cache|memcached|es|elasticsearch)[-_.]/;

/** `orders-db` → `orders`, `redis-cart` → `cart`; undefined when the name has no store affix. */
export function ownerNameOf(storeName: string): string | undefined {
  const base = storeName.replace(STORE_SUFFIX, '').replace(STORE_PREFIX, '');
  return base && base !== storeName ? base : undefined;
}

/** Who uses each store (edges into it), and who owns it: by naming, else its sole user. */
function fillStoreUsage(model: SystemModel): void {
  const storeIds = new Set(model.datastores.map((d) => d.serviceId ?? d.id));
  const serviceIds = new Set(model.services.map((s) => s.id));
  const users = new Map<string, Set<string>>();
  for (const dep of model.dependencies) {
    if (!serviceIds.has(dep.from)) continue;
    const set = users.get(dep.to) ?? new Set<string>();
    set.add(dep.from);
    users.set(dep.to, set);
  }
  const candidates = model.services.filter((s) => !storeIds.has(s.id) && !isStoreRole(s.role));
  const index = serviceNameIndex(candidates);
  for (const store of model.datastores) {
    const target = store.serviceId ?? store.id;
    const used = new Set([...store.usedBy, ...(users.get(target) ?? [])]);
    store.usedBy = [...used].sort();
    if (store.ownerServiceId) continue;
    const owner = ownerOf(store, index, candidates);
    if (owner) store.ownerServiceId = owner;
  }
}

function ownerOf(
  store: Datastore,
  index: ReturnType<typeof serviceNameIndex>,
  apps: Service[],
): string | undefined {
  const base = ownerNameOf(store.serviceId ?? store.name);
  if (base && compactKey(base).length >= 2) {
    const hit = matchService(index, base);
    if (hit) return hit.id;
  }
  const appIds = new Set(apps.map((s) => s.id));
  const appUsers = store.usedBy.filter((u) => appIds.has(u));
  return appUsers.length === 1 ? appUsers[0] : undefined;
}

/** A store whose image says nothing (`weaveworksdemos/user-db`) is what its clients call it: `MONGO_HOST=user-db`. */
function refineUnknownEngines(model: SystemModel): void {
  for (const store of model.datastores) {
    if (store.engine !== 'unknown') continue;
    const target = store.serviceId ?? store.id;
    const incoming = model.dependencies.filter((d) => d.to === target);
    const engine = incoming.map((d) => engineOfClientKey(d.evidence)).find((e) => e !== undefined);
    if (!engine) continue;
    store.engine = engine;
    store.category = ENGINE_CATEGORY[engine];
    const service = model.services.find((s) => s.id === store.serviceId);
    if (service && (service.role === 'datastore' || service.role === 'cache'))
      service.role = CATEGORY_ROLE[store.category];
    for (const dep of incoming) {
      if (dep.protocol === 'tcp') dep.protocol = engineProtocol(engine);
      if (dep.kind === 'sync' || dep.kind === 'data')
        dep.kind = store.category === 'broker' ? 'async' : 'data';
    }
  }
}

/** Inferred external systems, united with a declared one of the same id or URL host. */
function addExternals(model: SystemModel, found: SystemModel['externals']): void {
  const hostOf = (url: string | undefined) => {
    const m = url ? /^[a-z][\w+.-]*:\/\/([^/:?#]+)/i.exec(url) : null;
    return m?.[1]?.toLowerCase();
  };
  for (const external of found) {
    const same = model.externals.find((x) => x.id === external.id || hostOf(x.url) === external.name);
    if (!same) {
      model.externals.push(external);
      continue;
    }
    for (const user of external.usedBy) if (!same.usedBy.includes(user)) same.usedBy.push(user);
  }
}
