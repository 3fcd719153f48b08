/**
 * Service-to-service dependencies: addresses in environment variables, referenced ConfigMap/Secret values
 * and command-line flags that resolve to another service's host name; compose depends_on and links;
 * Ingress / Gateway API routes; and NetworkPolicy rules that admit one workload's pods into another's.
 * A host that names a Kubernetes ExternalName Service is followed to the DNS name it aliases: another
 * discovered service, or an external system or store.
 * One edge per from→to pair, carrying the strongest evidence found for it.
 */

import { commandPairs, type EndpointRef, endpointsIn, isLocalHost } from './infer-endpoints.js';
import { type HostIndex, normaliseHost, qualifiedNames, scopeOf, servicePortName } from './infer-hosts.js';
import {
  ENGINE_CATEGORY,
  engineOfPort,
  engineOfScheme,
  engineProtocol,
  type StoreFacts,
} from './infer-stores.js';
import { isEmptySelector, labelsMatch, selectorText } from './label-selector.js';
import { compareSources, toId } from './provenance.js';
import type {
  Api,
  ConfigObject,
  Container,
  Datastore,
  DatastoreEngine,
  Dependency,
  Deployable,
  Diagnostic,
  Exposure,
  ExternalSystem,
  Source,
  SystemModel,
} from './schema.js';

/** Lower is stronger: an explicit address beats a route, a startup ordering or a firewall rule. */
const VIA_RANK: Record<string, number> = {
  env: 0,
  config: 1,
  args: 2,
  ingress: 3,
  'gateway-route': 3,
  asyncapi: 4,
  links: 5,
  depends_on: 6,
  'network-policy': 7,
  'app-config': 1,
  code: 1,
};

interface Candidate {
  dep: Dependency;
  init: boolean;
}

export interface DependencyOutcome {
  /** Edges whose evidence is in an init container (weaker than the same address in a main container). */
  initEvidence: Set<Dependency>;
  externalStores: Datastore[];
  externals: ExternalSystem[];
  diagnostics: Diagnostic[];
}

const SCHEME_PROTOCOL: Record<string, Dependency['protocol']> = {
  http: 'http',
  https: 'http',
  grpc: 'grpc',
  grpcs: 'grpc',
  postgres: 'sql',
  mysql: 'sql',
  mariadb: 'sql',
  sqlserver: 'sql',
  oracle: 'sql',
  clickhouse: 'sql',
  mongodb: 'mongodb',
  redis: 'redis',
  amqp: 'amqp',
  kafka: 'kafka',
  nats: 'nats',
};

/** What one inference run reads, and the edges, outside stores and systems and unknown hosts found so far. */
interface Inference {
  model: SystemModel;
  index: HostIndex;
  stores: Map<string, StoreFacts>;
  aliases: Map<string, Alias>;
  apisOf: Map<string, string[]>;
  apiKinds: Map<string, Api['kind']>;
  candidates: Candidate[];
  externalStores: Map<string, Datastore>;
  externals: Map<string, ExternalSystem>;
  unresolved: Map<string, Diagnostic>;
}

/** The workload a value was found in: the service it runs and the scope its host names resolve in. */
interface Site {
  from: string;
  scope: string;
  deployable: Deployable;
}

/** A value that may hold addresses, with where and how it was found. */
interface Found {
  key: string | undefined;
  value: string | undefined;
  source: Source;
  via: string;
  evidence: string;
  init: boolean;
}

/** A host outside the scanned tree, as one service names it. */
interface Sighting {
  from: string;
  via: string;
  evidence: string;
  source: Source;
}

type AddEdge = (dep: Omit<Dependency, 'protocol' | 'kind'>, ref: EndpointRef | undefined) => void;

export function inferDependencies(
  model: SystemModel,
  index: HostIndex,
  stores: Map<string, StoreFacts>,
): DependencyOutcome {
  const run = startInference(model, index, stores);
  const deployables = [...model.deployables].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const deployable of deployables) {
    const site = { from: deployable.serviceId, scope: scopeOf(deployable), deployable };
    for (const container of deployable.containers)
      for (const found of valuesOf(model.configs, deployable, container)) considerValue(run, site, found);
    addStartupEdges(run, site);
  }
  const add: AddEdge = (dep, ref) => addEdge(run, dep, ref);
  addRouteEdges(model, add);
  addNetworkPolicyEdges(model, add);
  return finishInference(run);
}

function startInference(model: SystemModel, index: HostIndex, stores: Map<string, StoreFacts>): Inference {
  return {
    model,
    index,
    stores,
    aliases: externalNameAliases(model.exposures),
    apisOf: new Map(model.services.map((s) => [s.id, s.apis])),
    apiKinds: new Map(model.apis.map((a) => [a.id, a.kind])),
    candidates: [],
    externalStores: new Map(),
    externals: new Map(),
    unresolved: new Map(),
  };
}

/** The edges go into the model; the rest is handed back for the caller to merge. */
function finishInference(run: Inference): DependencyOutcome {
  run.model.dependencies.push(...run.candidates.map((c) => c.dep));
  return {
    initEvidence: new Set(run.candidates.filter((c) => c.init).map((c) => c.dep)),
    externalStores: [...run.externalStores.values()],
    externals: [...run.externals.values()],
    diagnostics: [...run.unresolved.values()],
  };
}

/** A candidate edge to a discovered service or store, its protocol and kind read from the target. */
function addEdge(
  run: Inference,
  dep: Omit<Dependency, 'protocol' | 'kind'>,
  ref: EndpointRef | undefined,
  init = false,
): void {
  if (dep.from === dep.to) return;
  run.candidates.push({
    dep: { ...dep, protocol: protocolFor(run, dep.to, ref), kind: kindFor(run, dep.to) },
    init,
  });
}

/** The URL scheme, else the store's engine, else the port's name, else the APIs the target serves. */
function protocolFor(run: Inference, to: string, ref: EndpointRef | undefined): Dependency['protocol'] {
  const byScheme = ref?.scheme ? SCHEME_PROTOCOL[ref.scheme] : undefined;
  if (byScheme) return byScheme;
  const store = run.stores.get(to);
  if (store) return engineProtocol(store.engine);
  const portName = ref ? servicePortName(run.model.exposures, to, ref.host, ref.port) : undefined;
  const fromPort = portName ? protocolOfPortName(portName) : undefined;
  if (fromPort) return fromPort;
  const kinds = (run.apisOf.get(to) ?? []).map((id) => run.apiKinds.get(id));
  if (kinds.includes('grpc')) return 'grpc';
  if (kinds.includes('graphql')) return 'graphql';
  if (kinds.includes('openapi')) return 'http';
  return 'tcp';
}

function kindFor(run: Inference, to: string): Dependency['kind'] {
  const category = run.stores.get(to)?.category;
  if (!category) return 'sync';
  return category === 'broker' ? 'async' : 'data';
}

/** Every value of a container that may hold an address: env, referenced config entries, command-line flags. */
function* valuesOf(configs: ConfigObject[], d: Deployable, container: Container): Generator<Found> {
  const literals = new Map(container.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
  const expand = (v: string) => substitute(v, literals);
  yield* envValues(configs, d, container, expand);
  yield* envFromValues(configs, d, container);
  const words = [...(container.command ?? []), ...(container.args ?? [])].map(expand);
  for (const pair of commandPairs(words))
    yield {
      key: pair.key,
      value: pair.value,
      source: argsSource(container),
      via: 'args',
      evidence: pair.text,
      init: container.init,
    };
}

/** `env`: literal values (with the container's own variables substituted) and single ConfigMap/Secret keys. */
function* envValues(
  configs: ConfigObject[],
  d: Deployable,
  container: Container,
  expand: (value: string) => string,
): Generator<Found> {
  const init = container.init;
  for (const e of container.env) {
    if (e.value !== undefined) {
      yield {
        key: e.name,
        value: expand(e.value),
        source: e.source,
        via: 'env',
        evidence: `${e.name}=${e.value}`,
        init,
      };
      continue;
    }
    if (e.valueFrom?.kind !== 'configMap' && e.valueFrom?.kind !== 'secret') continue;
    const config = findConfig(configs, e.valueFrom.kind, e.valueFrom.name, d);
    const entry = config?.entries.find((x) => x.key === (e.valueFrom?.key ?? e.name));
    if (config && entry?.value !== undefined)
      yield {
        key: e.name,
        value: entry.value,
        source: entry.source,
        via: 'config',
        evidence: `${e.name}=${entry.value} (${config.kind} ${config.name})`,
        init,
      };
  }
}

/** `envFrom`: every entry of a referenced ConfigMap or Secret. */
function* envFromValues(configs: ConfigObject[], d: Deployable, container: Container): Generator<Found> {
  for (const ref of container.envFrom) {
    if (ref.kind === 'file') continue;
    const config = findConfig(configs, ref.kind, ref.name, d);
    for (const entry of config?.entries ?? [])
      yield {
        key: entry.key,
        value: entry.value,
        source: entry.source,
        via: 'config',
        evidence: `${entry.key}=${entry.value} (${config!.kind} ${config!.name})`,
        init: container.init,
      };
  }
}

/** Each address in a value: an edge to the service it names, else a record of what lies outside. */
function considerValue(run: Inference, site: Site, found: Found): void {
  if (found.value === undefined) return;
  for (const { ref, text } of addressesIn(found.value, found.key)) {
    if (isLocalHost(ref.host)) continue;
    const shown = text ? `${found.key}: ${text}` : found.evidence;
    // DNS answers an ExternalName Service's name before any other guess at the host
    const alias = aliasFor(run.aliases, ref.host, site.scope);
    if (alias) {
      followAlias(run, site, found, ref, shown, alias);
      continue;
    }
    const to = run.index.resolve(ref.host, site.scope);
    const { via, source } = found;
    if (to) addEdge(run, { from: site.from, to, via, evidence: mask(shown), source }, ref, found.init);
    else recordOutside(run, ref, { from: site.from, via, evidence: shown, source });
  }
}

/** A host that names an ExternalName Service: the edge goes to what it aliases, inside the tree or not. */
function followAlias(
  run: Inference,
  site: Site,
  found: Found,
  ref: EndpointRef,
  shown: string,
  alias: Alias,
): void {
  const aliased = { ...ref, host: alias.target };
  const through = `${shown} (ExternalName ${alias.service.namespace ?? 'default'}/${alias.service.name} → ${alias.target})`;
  const target = run.index.resolve(alias.target, site.scope);
  const { via, source } = found;
  if (target)
    addEdge(run, { from: site.from, to: target, via, evidence: mask(through), source }, aliased, found.init);
  else recordOutside(run, aliased, { from: site.from, via, evidence: through, source }, true);
}

/**
 * A host no discovered service answers to: an outside store (by scheme, or by port for an ExternalName target),
 * an outside system (a web address with a dotted name), or else a diagnostic for a bare name in env or config.
 * `aliased`: the host is an ExternalName target, so it is known to be outside the scanned tree.
 */
function recordOutside(run: Inference, ref: EndpointRef, seen: Sighting, aliased = false): void {
  const engine = engineOfScheme(ref.scheme) ?? (aliased && !ref.scheme ? engineOfPort(ref.port) : undefined);
  if (engine) {
    recordExternalStore(run, ref, engine, seen);
    return;
  }
  const inCluster = /\.(svc|cluster\.local|local|internal)$/.test(ref.host);
  const web = ref.scheme !== undefined && /^(https?|grpcs?)$/.test(ref.scheme);
  if (ref.host.includes('.') && !inCluster && (web || (aliased && !ref.scheme))) {
    recordExternalSystem(run, ref, seen);
    return;
  }
  if ((aliased || !ref.host.includes('.')) && (seen.via === 'env' || seen.via === 'config'))
    recordUnresolvedHost(run, ref.host, seen);
}

/** An outside store (a managed database, a hosted broker) and the edge to it. */
function recordExternalStore(
  run: Inference,
  ref: EndpointRef,
  engine: DatastoreEngine,
  seen: Sighting,
): void {
  const { from, via, evidence, source } = seen;
  const id = toId(ref.host);
  const store = run.externalStores.get(id) ?? {
    id,
    name: ref.host,
    engine,
    category: ENGINE_CATEGORY[engine],
    external: true,
    usedBy: [],
    source,
  };
  if (!store.usedBy.includes(from)) store.usedBy.push(from);
  run.externalStores.set(id, store);
  run.candidates.push({
    dep: {
      from,
      to: id,
      via,
      evidence: mask(evidence),
      source,
      protocol: (ref.scheme ? SCHEME_PROTOCOL[ref.scheme] : undefined) ?? engineProtocol(engine),
      kind: ENGINE_CATEGORY[engine] === 'broker' ? 'async' : 'data',
    },
    init: false,
  });
}

/** An outside system the service calls (no edge: externals carry their users). */
function recordExternalSystem(run: Inference, ref: EndpointRef, seen: Sighting): void {
  const id = toId(ref.host);
  const external = run.externals.get(id) ?? {
    id,
    name: ref.host,
    kind: !ref.scheme ? 'tcp' : ref.scheme.startsWith('grpc') ? 'grpc' : 'http',
    ...(ref.scheme ? { url: `${ref.scheme}://${ref.host}${ref.port ? `:${ref.port}` : ''}` } : {}),
    usedBy: [],
    source: seen.source,
  };
  if (!external.usedBy.includes(seen.from)) external.usedBy.push(seen.from);
  run.externals.set(id, external);
}

/** A host name in env or config that nothing answers to: one info diagnostic per service and host. */
function recordUnresolvedHost(run: Inference, host: string, seen: Sighting): void {
  const key = `${seen.from}>${host}`;
  if (run.unresolved.has(key)) return;
  run.unresolved.set(key, {
    severity: 'info',
    file: seen.source.file,
    line: seen.source.line,
    message: `${seen.from}: \`${mask(seen.evidence)}\` names host \`${host}\`, which no discovered service answers to`,
    origin: 'infer',
  });
}

/** compose `depends_on` and `links` to another service of the same scope. */
function addStartupEdges(run: Inference, site: Site): void {
  for (const dep of site.deployable.dependsOn) {
    const to = run.index.resolve(dep.name, site.scope);
    if (!to) continue;
    const via = dep.condition === 'link' ? 'links' : 'depends_on';
    const evidence = `${via}: ${dep.name}${dep.condition && dep.condition !== 'link' ? ` (${dep.condition})` : ''}`;
    addEdge(run, { from: site.from, to, via, evidence, source: dep.source }, undefined);
  }
}

interface Alias {
  service: Exposure;
  /** The DNS name the ExternalName Service stands for. */
  target: string;
}

/** ExternalName Services by the names clients use: the short name in its namespace, the qualified names anywhere. */
function externalNameAliases(exposures: Exposure[]): Map<string, Alias> {
  const aliases = new Map<string, Alias>();
  for (const e of exposures) {
    const target = e.kind === 'k8s-service' && e.type === 'ExternalName' ? e.routes[0]?.backend : undefined;
    if (!target) continue;
    const ns = e.namespace ?? 'default';
    const alias = { service: e, target: normaliseHost(target) };
    aliases.set(`k8s:${ns}|${e.name}`, alias);
    for (const fq of qualifiedNames(e.name, ns)) aliases.set(`*|${fq}`, alias);
  }
  return aliases;
}

function aliasFor(aliases: Map<string, Alias>, host: string, scope: string): Alias | undefined {
  const key = normaliseHost(host);
  const alias = aliases.get(`${scope}|${key}`) ?? aliases.get(`*|${key}`);
  // an ExternalName pointing at itself (or at another alias) is not followed
  return alias && alias.target !== key ? alias : undefined;
}

/** Ingress and Gateway API routes: `ingress:<namespace>/<name>` → the service behind each backend. */
function addRouteEdges(model: SystemModel, add: AddEdge) {
  const services = model.exposures.filter((e) => e.kind === 'k8s-service');
  for (const exposure of model.exposures) {
    if (exposure.kind !== 'ingress' && exposure.kind !== 'gateway-route') continue;
    const from = `ingress:${exposure.namespace ?? 'default'}/${exposure.name}`;
    for (const route of exposure.routes) {
      const target = services.find(
        (s) => s.name === route.backend && (s.namespace ?? 'default') === (exposure.namespace ?? 'default'),
      );
      const ids = target?.serviceIds ?? [];
      if (ids.length !== 1) continue;
      const port = typeof route.port === 'number' ? route.port : undefined;
      const evidence = `${route.host ?? '*'} ${route.path ?? '/'} → ${route.backend}${route.port !== undefined ? `:${route.port}` : ''}`;
      add(
        {
          from,
          to: ids[0]!,
          via: exposure.kind === 'ingress' ? 'ingress' : 'gateway-route',
          evidence,
          source: route.source,
        },
        { host: route.backend, ...(port !== undefined ? { port } : {}), scheme: 'http' },
      );
    }
  }
}

/** A NetworkPolicy admitting pods labelled like workload A into workload B says A talks to B. */
function addNetworkPolicyEdges(model: SystemModel, add: AddEdge) {
  const k8s = model.deployables.filter((d) => d.kind !== 'compose-service');
  for (const policy of model.networkPolicies) {
    if (isEmptySelector(policy.podSelector, policy.podSelectorExpressions)) continue;
    const ns = policy.namespace ?? 'default';
    for (const peer of policy.peers ?? []) {
      if (!peer.podSelector || peer.namespaceSelector) continue;
      const selector = peer.podSelector;
      const expressions = peer.podSelectorExpressions;
      // an empty peer selector admits every pod: evidence of nothing in particular
      if (isEmptySelector(selector, expressions)) continue;
      const peers = [
        ...new Set(
          k8s
            .filter(
              (d) => (d.namespace ?? 'default') === ns && labelsMatch(selector, expressions, d.podLabels),
            )
            .map((d) => d.serviceId),
        ),
      ];
      const labels = selectorText(selector, expressions);
      for (const other of peers)
        for (const own of policy.serviceIds) {
          const [from, to] = peer.direction === 'ingress' ? [other, own] : [own, other];
          const verb = peer.direction === 'ingress' ? 'admits' : 'allows egress to';
          add(
            {
              from,
              to,
              via: 'network-policy',
              evidence: `NetworkPolicy ${ns}/${policy.name} ${verb} ${labels}`,
              source: peer.source,
            },
            undefined,
          );
        }
    }
  }
}

/** Addresses in a value; in option strings, each with the one option that holds it. */
function addressesIn(value: string, key: string | undefined): { ref: EndpointRef; text?: string }[] {
  const trimmed = value.trim();
  // Option strings (`JAVA_OPTS=-Xmx1g -Ddb.host=orders-db`) carry addresses under flag names.
  if (/\s/.test(trimmed) && trimmed.startsWith('-')) {
    const out: { ref: EndpointRef; text?: string }[] = [];
    for (const pair of commandPairs(trimmed.split(/\s+/)))
      for (const ref of endpointsIn(pair.value, pair.key)) out.push({ ref, text: pair.text });
    return out;
  }
  return endpointsIn(value, key).map((ref) => ({ ref }));
}

/**
 * `$(VAR)` (Kubernetes) and `${VAR}` / `$VAR` (shell, compose) from the container's own literal env;
 * compose's `${VAR:-default}` / `${VAR-default}` fall back to their default.
 */
export function substitute(value: string, env: Map<string, string>): string {
  if (!value.includes('$')) return value;
  return value.replace(
    /\$\(([A-Za-z_]\w*)\)|\$\{([A-Za-z_]\w*)(?::?-([^}]*))?\}|\$([A-Za-z_]\w*)/g,
    (whole, a, b, fallback, c) => env.get(a ?? b ?? c) ?? fallback ?? whole,
  );
}

function findConfig(
  configs: ConfigObject[],
  kind: 'configMap' | 'secret',
  name: string,
  d: Deployable,
): ConfigObject | undefined {
  const wanted = kind === 'configMap' ? 'ConfigMap' : 'Secret';
  const ns = d.namespace ?? 'default';
  return configs.find((c) => c.kind === wanted && c.name === name && (c.namespace ?? 'default') === ns);
}

function argsSource(container: Container): Source {
  return container.commandSource ?? container.source;
}

function protocolOfPortName(name: string): Dependency['protocol'] | undefined {
  const n = name.toLowerCase();
  if (/^grpc(-|$)/.test(n)) return 'grpc';
  if (/^(https?|http2|h2c|web)(-|$)/.test(n)) return 'http';
  return undefined;
}

/** Hide passwords in connection strings: `postgres://app:s3cret@db` → `postgres://app:***@db`. */
export function mask(text: string): string {
  return text
    .replace(/(\/\/[^/:@\s]*:)[^@\s/]+@/g, '$1***@')
    .replace(/((?:password|pwd|passwd)\s*=\s*)[^;\s]+/gi, '$1***');
}

/** Keep one edge per from→to pair: the strongest via, then a non-init container, then the first source. */
export function strongestEdges(deps: Dependency[], initEvidence: Set<Dependency> = new Set()): Dependency[] {
  const best = new Map<string, Dependency>();
  const all = new Map<string, Dependency[]>();
  for (const dep of deps) {
    const key = `${dep.from}>${dep.to}`;
    const current = best.get(key);
    if (!current || stronger(dep, current, initEvidence)) best.set(key, dep);
    all.set(key, [...(all.get(key) ?? []), dep]);
  }
  // Code and app config join the manifests' evidence: one edge, every place that says it.
  for (const [key, group] of all) {
    if (!group.some((d) => d.via === 'code' || d.via === 'app-config')) continue;
    const edge = best.get(key) as Dependency;
    const seen = new Set<string>();
    const evidences: NonNullable<Dependency['evidences']> = [];
    for (const d of [...group].sort(
      (a, b) => compareSources(a.source, b.source) || (a.evidence < b.evidence ? -1 : 1),
    )) {
      const id = `${d.via}|${d.evidence}|${d.source.file}:${d.source.line}`;
      if (seen.has(id)) continue;
      seen.add(id);
      evidences.push({
        via: d.via,
        evidence: d.evidence,
        source: d.source,
        ...(d.confidence !== undefined ? { confidence: d.confidence } : {}),
      });
    }
    const confidence = Math.max(...group.map((d) => d.confidence ?? 1));
    best.set(key, {
      ...edge,
      ...(edge.kind === 'startup'
        ? { kind: group.find((d) => d.kind !== 'startup')?.kind ?? edge.kind }
        : {}),
      confidence,
      evidences,
    });
  }
  return [...best.values()];
}

function stronger(a: Dependency, b: Dependency, init: Set<Dependency>): boolean {
  const ra = VIA_RANK[a.via] ?? 5;
  const rb = VIA_RANK[b.via] ?? 5;
  if (ra !== rb) return ra < rb;
  // among code and app-config evidence, a call site beats a config key beats a bare literal
  if ((a.confidence ?? 1) !== (b.confidence ?? 1)) return (a.confidence ?? 1) > (b.confidence ?? 1);
  const ia = init.has(a) ? 1 : 0;
  const ib = init.has(b) ? 1 : 0;
  if (ia !== ib) return ia < ib;
  const c = compareSources(a.source, b.source);
  if (c !== 0) return c < 0;
  return a.evidence < b.evidence;
}
