/**
 * Which names reach which service. Compose services answer to their service name, container_name,
 * hostname and network aliases (within their compose file); a Kubernetes Service answers to `name` (within
 * its namespace) and `name.namespace[.svc[.cluster.local]]` (anywhere), and fronts the workloads whose pod
 * labels include its selector. Also fills which services exposures, autoscalers, disruption budgets and
 * network policies apply to.
 */

import { isEmptySelector, labelsMatch } from './label-selector.js';
import type { Deployable, Exposure, SystemModel } from './schema.js';

/** Compose file or Kubernetes namespace a name is visible in. */
export function scopeOf(d: Deployable): string {
  return d.kind === 'compose-service' ? `compose:${d.source.file}` : `k8s:${d.namespace ?? 'default'}`;
}

const GLOBAL = '*';

export class HostIndex {
  private readonly hosts = new Map<string, Map<string, Set<string>>>();
  private readonly ids = new Set<string>();

  constructor(serviceIds: Iterable<string>) {
    for (const id of serviceIds) this.ids.add(id);
  }

  add(host: string, scope: string, serviceId: string): void {
    const key = normaliseHost(host);
    const scopes = this.hosts.get(key) ?? new Map<string, Set<string>>();
    this.hosts.set(key, scopes);
    const ids = scopes.get(scope) ?? new Set<string>();
    scopes.set(scope, ids);
    ids.add(serviceId);
  }

  /** The one service `host` names when seen from `scope`; undefined when unknown or ambiguous. */
  resolve(host: string, scope: string): string | undefined {
    const key = normaliseHost(host);
    const scopes = this.hosts.get(key);
    if (scopes) {
      const local = scopes.get(scope);
      if (local?.size === 1) return [...local][0];
      if (local && local.size > 1) return undefined;
      const global = scopes.get(GLOBAL);
      if (global?.size === 1) return [...global][0];
      const all = new Set([...scopes.values()].flatMap((s) => [...s]));
      if (all.size === 1) return [...all][0];
      return undefined;
    }
    // A workload whose name is the host, with no Service/compose entry saying so (e.g. a headless StatefulSet).
    return this.ids.has(key) ? key : undefined;
  }

  has(host: string): boolean {
    return this.hosts.has(normaliseHost(host));
  }
}

export function normaliseHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

export function selectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

const sameNamespace = (a: string | undefined, b: string | undefined) => (a ?? 'default') === (b ?? 'default');

/** Resolve every k8s-level reference to service ids and build the host index. */
export function resolveHosts(model: SystemModel): HostIndex {
  const index = new HostIndex(model.services.map((s) => s.id));
  const byId = new Map(model.services.map((s) => [s.id, s]));
  const k8s = model.deployables.filter((d) => d.kind !== 'compose-service');
  const addHostname = (serviceId: string, host: string) => {
    const service = byId.get(serviceId);
    if (service && !service.hostnames.includes(host)) service.hostnames.push(host);
  };

  for (const d of model.deployables) {
    if (d.kind !== 'compose-service') continue;
    const service = byId.get(d.serviceId);
    for (const host of service?.hostnames ?? []) index.add(host, scopeOf(d), d.serviceId);
    index.add(d.name, scopeOf(d), d.serviceId);
  }

  const services = model.exposures.filter((e) => e.kind === 'k8s-service');
  for (const exposure of services) {
    const ids = new Set<string>();
    for (const d of k8s)
      if (sameNamespace(d.namespace, exposure.namespace) && selectorMatches(exposure.selector, d.podLabels))
        ids.add(d.serviceId);
    exposure.serviceIds = [...ids].sort();
    const ns = exposure.namespace ?? 'default';
    for (const id of ids) {
      index.add(exposure.name, `k8s:${ns}`, id);
      for (const fq of qualifiedNames(exposure.name, ns)) index.add(fq, GLOBAL, id);
      for (const host of [exposure.name, ...qualifiedNames(exposure.name, ns)]) addHostname(id, host);
    }
  }

  const serviceByKey = new Map(services.map((e) => [`${e.namespace ?? 'default'}/${e.name}`, e]));
  for (const exposure of model.exposures) {
    if (exposure.kind !== 'ingress' && exposure.kind !== 'gateway-route') continue;
    const ids = new Set<string>();
    for (const route of exposure.routes) {
      const target = serviceByKey.get(`${exposure.namespace ?? 'default'}/${route.backend}`);
      for (const id of target?.serviceIds ?? []) ids.add(id);
      if (!target && byId.has(route.backend)) ids.add(route.backend);
    }
    exposure.serviceIds = [...ids].sort();
  }

  for (const hpa of model.autoscalers) {
    const target = k8s.find(
      (d) =>
        d.kind === hpa.targetKind && d.name === hpa.targetName && sameNamespace(d.namespace, hpa.namespace),
    );
    if (target) hpa.serviceId = target.serviceId;
  }
  for (const pdb of model.disruptionBudgets) {
    const empty = isEmptySelector(pdb.selector, pdb.selectorExpressions);
    pdb.serviceIds = idsMatching(
      k8s,
      pdb.namespace,
      (d) => !empty && labelsMatch(pdb.selector, pdb.selectorExpressions, d.podLabels),
    );
  }
  for (const policy of model.networkPolicies) {
    policy.serviceIds = idsMatching(k8s, policy.namespace, (d) =>
      labelsMatch(policy.podSelector, policy.podSelectorExpressions, d.podLabels),
    );
  }
  for (const service of model.services) service.hostnames.sort();
  return index;
}

function idsMatching(
  deployables: Deployable[],
  namespace: string | undefined,
  test: (d: Deployable) => boolean,
): string[] {
  const ids = new Set<string>();
  for (const d of deployables) if (sameNamespace(d.namespace, namespace) && test(d)) ids.add(d.serviceId);
  return [...ids].sort();
}

export function qualifiedNames(name: string, namespace: string): string[] {
  return [`${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`];
}

/** Port name of the Service port a client uses (`grpc`, `http`, `tcp-redis`), for protocol inference. */
export function servicePortName(
  exposures: Exposure[],
  serviceId: string,
  host: string,
  port: number | undefined,
): string | undefined {
  const short = normaliseHost(host).split('.')[0];
  const candidates = exposures.filter(
    (e) => e.kind === 'k8s-service' && e.serviceIds.includes(serviceId) && e.name === short,
  );
  const pool =
    candidates.length > 0
      ? candidates
      : exposures.filter((e) => e.kind === 'k8s-service' && e.serviceIds.includes(serviceId));
  const ports = pool.flatMap((e) => e.ports);
  const hit =
    port !== undefined ? ports.find((p) => p.port === port) : ports.length === 1 ? ports[0] : undefined;
  return hit?.name;
}
