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
  ConfigObject,
  Container,
  Datastore,
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

export function inferDependencies(
  model: SystemModel,
  index: HostIndex,
  stores: Map<string, StoreFacts>,
): DependencyOutcome {
  const candidates: Candidate[] = [];
  const externalStores = new Map<string, Datastore>();
  const externals = new Map<string, ExternalSystem>();
  const unresolved = new Map<string, Diagnostic>();
  const aliases = externalNameAliases(model.exposures);
  const apisOf = new Map(model.services.map((s) => [s.id, s.apis]));
  const apiKinds = new Map(model.apis.map((a) => [a.id, a.kind]));

  const protocolFor = (to: string, ref: EndpointRef | undefined): Dependency['protocol'] => {
    const byScheme = ref?.scheme ? SCHEME_PROTOCOL[ref.scheme] : undefined;
    if (byScheme) return byScheme;
    const store = stores.get(to);
    if (store) return engineProtocol(store.engine);
    const portName = ref ? servicePortName(model.exposures, to, ref.host, ref.port) : undefined;
    const fromPort = portName ? protocolOfPortName(portName) : undefined;
    if (fromPort) return fromPort;
    const kinds = (apisOf.get(to) ?? []).map((id) => apiKinds.get(id));
    if (kinds.includes('grpc')) return 'grpc';
    if (kinds.includes('graphql')) return 'graphql';
    if (kinds.includes('openapi')) return 'http';
    return 'tcp';
  };
  const kindFor = (to: string): Dependency['kind'] => {
    const category = stores.get(to)?.category;
    if (!category) return 'sync';
    return category === 'broker' ? 'async' : 'data';
  };
  const add = (dep: Omit<Dependency, 'protocol' | 'kind'>, ref: EndpointRef | undefined, init = false) => {
    if (dep.from === dep.to) return;
    candidates.push({ dep: { ...dep, protocol: protocolFor(dep.to, ref), kind: kindFor(dep.to) }, init });
  };

  const deployables = [...model.deployables].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const d of deployables) {
    const scope = scopeOf(d);
    const from = d.serviceId;
    const consider = (
      key: string | undefined,
      value: string | undefined,
      source: Source,
      via: string,
      evidence: string,
      init: boolean,
    ) => {
      if (value === undefined) return;
      for (const { ref, text } of addressesIn(value, key)) {
        if (isLocalHost(ref.host)) continue;
        const shown = text ? `${key}: ${text}` : evidence;
        // DNS answers an ExternalName Service's name before any other guess at the host
        const alias = aliasFor(aliases, ref.host, scope);
        const to = alias ? undefined : index.resolve(ref.host, scope);
        if (to) {
          add({ from, to, via, evidence: mask(shown), source }, ref, init);
          continue;
        }
        if (alias) {
          const aliased = { ...ref, host: alias.target };
          const through = `${shown} (ExternalName ${alias.service.namespace ?? 'default'}/${alias.service.name} → ${alias.target})`;
          const target = index.resolve(alias.target, scope);
          if (target) add({ from, to: target, via, evidence: mask(through), source }, aliased, init);
          else recordOutside(aliased, from, via, through, source, true);
          continue;
        }
        recordOutside(ref, from, via, shown, source);
      }
    };
    /** `aliased`: the host is an ExternalName target, so it is known to be outside the scanned tree. */
    const recordOutside = (
      ref: EndpointRef,
      from: string,
      via: string,
      evidence: string,
      source: Source,
      aliased = false,
    ) => {
      const engine =
        engineOfScheme(ref.scheme) ?? (aliased && !ref.scheme ? engineOfPort(ref.port) : undefined);
      if (engine) {
        const id = toId(ref.host);
        const store = externalStores.get(id) ?? {
          id,
          name: ref.host,
          engine,
          category: ENGINE_CATEGORY[engine],
          external: true,
          usedBy: [],
          source,
        };
        if (!store.usedBy.includes(from)) store.usedBy.push(from);
        externalStores.set(id, store);
        candidates.push({
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
        return;
      }
      const inCluster = /\.(svc|cluster\.local|local|internal)$/.test(ref.host);
      const web = ref.scheme !== undefined && /^(https?|grpcs?)$/.test(ref.scheme);
      if (ref.host.includes('.') && !inCluster && (web || (aliased && !ref.scheme))) {
        const id = toId(ref.host);
        const external = externals.get(id) ?? {
          id,
          name: ref.host,
          kind: !ref.scheme ? 'tcp' : ref.scheme.startsWith('grpc') ? 'grpc' : 'http',
          ...(ref.scheme ? { url: `${ref.scheme}://${ref.host}${ref.port ? `:${ref.port}` : ''}` } : {}),
          usedBy: [],
          source,
        };
        if (!external.usedBy.includes(from)) external.usedBy.push(from);
        externals.set(id, external);
        return;
      }
      if ((aliased || !ref.host.includes('.')) && (via === 'env' || via === 'config')) {
        const key = `${from}>${ref.host}`;
        if (!unresolved.has(key))
          unresolved.set(key, {
            severity: 'info',
            file: source.file,
            line: source.line,
            message: `${from}: \`${mask(evidence)}\` names host \`${ref.host}\`, which no discovered service answers to`,
            origin: 'infer',
          });
      }
    };

    for (const container of d.containers) {
      const literals = new Map(
        container.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]),
      );
      const expand = (v: string) => substitute(v, literals);
      for (const e of container.env) {
        if (e.value !== undefined) {
          consider(e.name, expand(e.value), e.source, 'env', `${e.name}=${e.value}`, container.init);
          continue;
        }
        if (e.valueFrom?.kind !== 'configMap' && e.valueFrom?.kind !== 'secret') continue;
        const config = findConfig(model.configs, e.valueFrom.kind, e.valueFrom.name, d);
        const entry = config?.entries.find((x) => x.key === (e.valueFrom?.key ?? e.name));
        if (config && entry?.value !== undefined)
          consider(
            e.name,
            entry.value,
            entry.source,
            'config',
            `${e.name}=${entry.value} (${config.kind} ${config.name})`,
            container.init,
          );
      }
      for (const ref of container.envFrom) {
        if (ref.kind === 'file') continue;
        const config = findConfig(model.configs, ref.kind, ref.name, d);
        for (const entry of config?.entries ?? [])
          consider(
            entry.key,
            entry.value,
            entry.source,
            'config',
            `${entry.key}=${entry.value} (${config!.kind} ${config!.name})`,
            container.init,
          );
      }
      const words = [...(container.command ?? []), ...(container.args ?? [])].map(expand);
      for (const pair of commandPairs(words))
        consider(pair.key, pair.value, argsSource(container), 'args', pair.text, container.init);
    }

    for (const dep of d.dependsOn) {
      const to = index.resolve(dep.name, scope);
      if (!to) continue;
      const via = dep.condition === 'link' ? 'links' : 'depends_on';
      const evidence = `${via}: ${dep.name}${dep.condition && dep.condition !== 'link' ? ` (${dep.condition})` : ''}`;
      add({ from, to, via, evidence, source: dep.source }, undefined);
    }
  }

  addRouteEdges(model, add);
  addNetworkPolicyEdges(model, add);

  model.dependencies.push(...candidates.map((c) => c.dep));
  return {
    initEvidence: new Set(candidates.filter((c) => c.init).map((c) => c.dep)),
    externalStores: [...externalStores.values()],
    externals: [...externals.values()],
    diagnostics: [...unresolved.values()],
  };
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
function addRouteEdges(
  model: SystemModel,
  add: (dep: Omit<Dependency, 'protocol' | 'kind'>, ref: EndpointRef | undefined) => void,
) {
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
function addNetworkPolicyEdges(
  model: SystemModel,
  add: (dep: Omit<Dependency, 'protocol' | 'kind'>, ref: EndpointRef | undefined) => void,
) {
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
