/** Which workloads the performance rules judge: long-running application services, not stores, jobs or tools. */
import type { Deployable, Service, SystemModel } from '../../model/schema.js';
import { autoscalerFor } from '../resilience/workloads.js';
import { isTooling } from '../services/roles.js';
import { isKubernetes, isStoreLike, runtimeWorkloads } from '../shared/k8s.js';

const LONG_RUNNING: Deployable['kind'][] = ['Deployment', 'StatefulSet', 'ReplicaSet', 'compose-service'];

/** Application code serving requests: not a store (however recognised), a job or a test tool. */
export function isApplicationService(model: SystemModel, service: Service | undefined): boolean {
  if (!service || isTooling(service) || isStoreLike(model, service)) return false;
  return service.role === 'application' || service.role === 'frontend' || service.role === 'gateway';
}

/** Long-running workloads of application services (Kubernetes preferred over a compose dev setup). */
export function applicationWorkloads(model: SystemModel): Deployable[] {
  const services = new Map(model.services.map((s) => [s.id, s]));
  return runtimeWorkloads(model).filter(
    (d) => LONG_RUNNING.includes(d.kind) && isApplicationService(model, services.get(d.serviceId)),
  );
}

/** A workload keeps no state of its own: no volume claims or persistent volumes. */
export function isStateless(d: Deployable): boolean {
  if (d.volumeClaimTemplates.length > 0) return false;
  return !d.volumes.some((v) => /persistentvolumeclaim|pvc|hostpath/i.test(v.type));
}

export { autoscalerFor, isKubernetes };
