/**
 * Which workloads the rules judge and how they are counted: the Kubernetes workloads the resilience rules apply
 * to, and the long-running application services (not stores, jobs or tools) the performance rules judge.
 */

import { labelsMatch } from '../../model/label-selector.js';
import type { Autoscaler, Deployable, DisruptionBudget, Service, SystemModel } from '../../model/schema.js';
import { isStoreLike, runtimeWorkloads } from './k8s.js';
import { isTooling } from './roles.js';

const LONG_RUNNING: Deployable['kind'][] = ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet'];
/** Long-running kinds an application service runs as (a compose service counts; a DaemonSet is infrastructure). */
const APPLICATION_KINDS: Deployable['kind'][] = [
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
  'compose-service',
];

/** Kubernetes workloads that run continuously (not Jobs, not compose services). */
export function longRunningWorkloads(model: SystemModel): Deployable[] {
  return model.deployables.filter((d) => LONG_RUNNING.includes(d.kind));
}

/**
 * Workloads that receive traffic through a Service: what readiness gates. A workload counts when a
 * Kubernetes Service fronts its service, or when it declares container ports; test tools are left out.
 */
export function servingWorkloads(model: SystemModel): Deployable[] {
  const fronted = new Set<string>();
  for (const e of model.exposures)
    if (e.kind === 'k8s-service') for (const id of e.serviceIds) fronted.add(id);
  const services = new Map(model.services.map((s) => [s.id, s]));
  return longRunningWorkloads(model).filter((d) => {
    const service = services.get(d.serviceId);
    if (service && isTooling(service)) return false;
    if (d.kind === 'DaemonSet') return fronted.has(d.serviceId);
    return fronted.has(d.serviceId) || d.containers.some((c) => !c.init && c.ports.length > 0);
  });
}

export function kindLabel(d: Deployable): string {
  return `${d.kind} ${d.namespace ? `${d.namespace}/` : ''}${d.name}`;
}

/** The workloads as "Deployment a, StatefulSet b", each named once (deployment copies repeat them). */
export function kindLabels(workloads: Deployable[]): string {
  return [...new Set(workloads.map(kindLabel))].join(', ');
}

/** The plural noun for a set of workload kinds: "Deployments", "Deployments and StatefulSets". */
export function kindsPlural(workloads: Deployable[]): string {
  const kinds = [...new Set(workloads.map((w) => w.kind))].sort();
  return kinds.map((k) => `${k}s`).join(' and ');
}

function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return (a ?? 'default') === (b ?? 'default');
}

export function autoscalerFor(model: SystemModel, d: Deployable): Autoscaler | undefined {
  return model.autoscalers.find(
    (a) =>
      sameNamespace(a.namespace, d.namespace) &&
      ((a.targetKind === d.kind && a.targetName === d.name) ||
        (!a.targetName && a.serviceId === d.serviceId)),
  );
}

export function disruptionBudgetFor(model: SystemModel, d: Deployable): DisruptionBudget | undefined {
  return model.disruptionBudgets.find(
    (p) =>
      sameNamespace(p.namespace, d.namespace) &&
      // policy/v1: an empty selector selects every pod in the namespace
      (labelsMatch(p.selector, p.selectorExpressions, d.podLabels) || p.serviceIds.includes(d.serviceId)),
  );
}

/** Replicas the workload runs with at least: the HPA minimum when autoscaled, else spec.replicas (default 1). */
export function minimumReplicas(model: SystemModel, d: Deployable): number {
  const hpa = autoscalerFor(model, d);
  if (hpa) return hpa.minReplicas ?? 1;
  return d.replicas ?? 1;
}

/** Application code serving requests: not a store (however recognised), a job or a test tool. */
export function isApplicationService(model: SystemModel, service: Service | undefined): boolean {
  if (!service || isTooling(service) || isStoreLike(model, service)) return false;
  return service.role === 'application' || service.role === 'frontend' || service.role === 'gateway';
}

/** Long-running workloads of application services (Kubernetes preferred over a compose dev setup). */
export function applicationWorkloads(model: SystemModel): Deployable[] {
  const services = new Map(model.services.map((s) => [s.id, s]));
  return runtimeWorkloads(model).filter(
    (d) => APPLICATION_KINDS.includes(d.kind) && isApplicationService(model, services.get(d.serviceId)),
  );
}

/** A workload keeps no state of its own: no volume claims or persistent volumes. */
export function isStateless(d: Deployable): boolean {
  if (d.volumeClaimTemplates.length > 0) return false;
  return !d.volumes.some((v) => /persistentvolumeclaim|pvc|hostpath/i.test(v.type));
}
