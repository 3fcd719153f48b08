/**
 * Kubernetes workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod) → a Deployable
 * with its containers, and the logical service it runs (named after the workload).
 */
import { newService } from '../../model/empty.js';
import { toId } from '../../model/provenance.js';
import type {
  Container,
  Deployable,
  DeployableKind,
  EnvVar,
  Probe,
  SecurityContext,
  Service,
  Source,
} from '../../model/schema.js';
import { WORKLOAD_KINDS as KUBERNETES_WORKLOAD_KINDS } from '../../model/vocabulary.js';
import type { PathSegment } from '../parse/structured.js';
import {
  bool,
  int,
  isObj,
  list,
  type Obj,
  obj,
  quantity,
  splitImage,
  str,
  stringMap,
} from '../parse/values.js';

export const WORKLOAD_KINDS = new Set<string>(KUBERNETES_WORKLOAD_KINDS);

/** Locates a path relative to the object being read. */
export type Locate = (...path: PathSegment[]) => Source;

export interface WorkloadResult {
  deployable: Deployable;
  service: Service;
}

/** Where the pod template lives for each workload kind. */
function podTemplatePath(kind: string): PathSegment[] {
  if (kind === 'Pod') return [];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template'];
  return ['spec', 'template'];
}

function at(value: Obj, path: PathSegment[]): unknown {
  let v: unknown = value;
  for (const seg of path) v = isObj(v) ? v[seg as string] : Array.isArray(v) ? v[seg as number] : undefined;
  return v;
}

export function readWorkload(resource: Obj, locate: Locate): WorkloadResult | undefined {
  const kind = resource.kind as DeployableKind;
  const meta = obj(resource.metadata);
  const name = str(meta.name);
  if (!name) return undefined;
  const namespace = str(meta.namespace);
  const templatePath = podTemplatePath(kind);
  const template = obj(at(resource, templatePath));
  const podPath = kind === 'Pod' ? ['spec'] : [...templatePath, 'spec'];
  const pod = obj(kind === 'Pod' ? resource.spec : template.spec);
  const podMeta = kind === 'Pod' ? meta : obj(template.metadata);
  const spec = obj(resource.spec);
  const source = locate();
  const id = `${kind}/${namespace ?? 'default'}/${name}`;

  const containers: Container[] = [
    ...list(pod.initContainers).map((c, i) =>
      readContainer(c, true, (...p) => locate(...podPath, 'initContainers', i, ...p)),
    ),
    ...list(pod.containers).map((c, i) =>
      readContainer(c, false, (...p) => locate(...podPath, 'containers', i, ...p)),
    ),
  ];

  const podSecurity = isObj(pod.securityContext)
    ? readSecurityContext(pod.securityContext, locate(...podPath, 'securityContext'))
    : undefined;
  const deployable: Deployable = {
    id,
    kind,
    name,
    ...(namespace ? { namespace } : {}),
    serviceId: toId(name),
    ...(replicasOf(kind, spec) !== undefined ? { replicas: replicasOf(kind, spec) } : {}),
    labels: stringMap(meta.labels),
    podLabels: stringMap(podMeta.labels),
    annotations: {
      ...stringMap(meta.annotations),
      ...(kind === 'Pod' ? {} : stringMap(podMeta.annotations)),
    },
    containers,
    ...(podSecurity ? { podSecurityContext: podSecurity } : {}),
    ...optional('serviceAccountName', str(pod.serviceAccountName) ?? str(pod.serviceAccount)),
    ...optional('automountServiceAccountToken', bool(pod.automountServiceAccountToken)),
    ...optional('hostNetwork', bool(pod.hostNetwork)),
    ...optional('hostPID', bool(pod.hostPID)),
    volumes: list(pod.volumes).filter(isObj).map(readVolume),
    volumeClaimTemplates: list(spec.volumeClaimTemplates)
      .map((t) => str(obj(obj(t).metadata).name))
      .filter((n): n is string => n !== undefined),
    networks: [],
    dependsOn: [],
    ...optional('restartPolicy', str(pod.restartPolicy)),
    source,
  };
  const images = [...new Set(containers.filter((c) => !c.init && c.image).map((c) => c.image as string))];
  const service = newService(name, source, {
    role: kind === 'Job' || kind === 'CronJob' ? 'job' : 'application',
    images,
    deployables: [id],
  });
  return { deployable, service };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function replicasOf(kind: string, spec: Obj): number | undefined {
  if (kind === 'Deployment' || kind === 'StatefulSet' || kind === 'ReplicaSet') return int(spec.replicas);
  return undefined;
}

function readVolume(volume: Obj): Deployable['volumes'][number] {
  const name = str(volume.name) ?? '';
  const type = Object.keys(volume).find((k) => k !== 'name') ?? 'unknown';
  const body = obj(volume[type]);
  const ref =
    str(body.claimName) ?? str(body.secretName) ?? str(body.name) ?? str(body.path) ?? str(body.server);
  return { name, type, ...(ref ? { claimOrSource: ref } : {}) };
}

export function readContainer(value: unknown, init: boolean, locate: Locate): Container {
  const c = obj(value);
  const image = str(c.image);
  const parts = image ? splitImage(image) : undefined;
  const resources = obj(c.resources);
  const container: Container = {
    name: str(c.name) ?? '',
    ...(parts ? { image: parts.image } : {}),
    ...(parts?.tag ? { imageTag: parts.tag } : {}),
    ...(parts?.digest ? { imageDigest: parts.digest } : {}),
    init,
    ports: list(c.ports)
      .map((p, i) => ({ p: obj(p), i }))
      .filter(({ p }) => int(p.containerPort) !== undefined)
      .map(({ p, i }) => ({
        containerPort: int(p.containerPort) as number,
        ...optional('hostPort', int(p.hostPort)),
        ...optional('hostIp', str(p.hostIP)),
        ...optional('name', str(p.name)),
        ...optional('protocol', str(p.protocol)),
        source: locate('ports', i),
      })),
    env: list(c.env)
      .map((e, i) => readEnv(obj(e), locate('env', i)))
      .filter((e): e is EnvVar => e !== undefined),
    envFrom: list(c.envFrom).flatMap((e, i): Container['envFrom'] => {
      const entry = obj(e);
      const secret = str(obj(entry.secretRef).name);
      const config = str(obj(entry.configMapRef).name);
      const source = locate('envFrom', i);
      if (secret) return [{ kind: 'secret', name: secret, source }];
      if (config) return [{ kind: 'configMap', name: config, source }];
      return [];
    }),
    ...optional('command', stringList(c.command)),
    ...optional('args', stringList(c.args)),
    ...optional(
      'commandSource',
      Array.isArray(c.args) ? locate('args') : Array.isArray(c.command) ? locate('command') : undefined,
    ),
    resources: {
      ...optional('requests', amounts(resources.requests)),
      ...optional('limits', amounts(resources.limits)),
    },
    ...optional('readinessProbe', readProbe(c.readinessProbe, locate('readinessProbe'))),
    ...optional('livenessProbe', readProbe(c.livenessProbe, locate('livenessProbe'))),
    ...optional('startupProbe', readProbe(c.startupProbe, locate('startupProbe'))),
    securityContext: isObj(c.securityContext)
      ? readSecurityContext(c.securityContext, locate('securityContext'))
      : {},
    volumeMounts: list(c.volumeMounts)
      .map(obj)
      .map((m) => ({
        name: str(m.name) ?? '',
        mountPath: str(m.mountPath) ?? '',
        ...optional('readOnly', bool(m.readOnly)),
      })),
    source: locate(),
  };
  return container;
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((v) => str(v) ?? '');
}

function amounts(value: unknown): { cpu?: string; memory?: string } | undefined {
  if (!isObj(value)) return undefined;
  const cpu = quantity(value.cpu);
  const memory = quantity(value.memory);
  if (cpu === undefined && memory === undefined) return undefined;
  return { ...optional('cpu', cpu), ...optional('memory', memory) };
}

function readEnv(e: Obj, source: Source): EnvVar | undefined {
  const name = str(e.name);
  if (!name) return undefined;
  const from = obj(e.valueFrom);
  const secret = obj(from.secretKeyRef);
  const config = obj(from.configMapKeyRef);
  const field = obj(from.fieldRef);
  const resource = obj(from.resourceFieldRef);
  let valueFrom: EnvVar['valueFrom'];
  if (isObj(from.secretKeyRef))
    valueFrom = { kind: 'secret', name: str(secret.name) ?? '', ...optional('key', str(secret.key)) };
  else if (isObj(from.configMapKeyRef))
    valueFrom = { kind: 'configMap', name: str(config.name) ?? '', ...optional('key', str(config.key)) };
  else if (isObj(from.fieldRef)) valueFrom = { kind: 'field', name: str(field.fieldPath) ?? '' };
  else if (isObj(from.resourceFieldRef)) valueFrom = { kind: 'resource', name: str(resource.resource) ?? '' };
  const value = str(e.value);
  return { name, ...optional('value', value), ...optional('valueFrom', valueFrom), source };
}

export function readProbe(value: unknown, source: Source): Probe | undefined {
  if (!isObj(value)) return undefined;
  if (isObj(value.httpGet)) {
    const http = value.httpGet;
    return {
      type: 'http',
      ...optional('path', str(http.path)),
      ...optional('port', portValue(http.port)),
      source,
    };
  }
  if (isObj(value.tcpSocket))
    return { type: 'tcp', ...optional('port', portValue(value.tcpSocket.port)), source };
  if (isObj(value.grpc)) return { type: 'grpc', ...optional('port', portValue(value.grpc.port)), source };
  if (isObj(value.exec)) return { type: 'exec', source };
  return undefined;
}

function portValue(value: unknown): number | string | undefined {
  return int(value) ?? str(value);
}

export function readSecurityContext(value: Obj, source: Source): SecurityContext {
  const caps = obj(value.capabilities);
  const add = stringList(caps.add);
  const drop = stringList(caps.drop);
  return {
    ...optional('runAsNonRoot', bool(value.runAsNonRoot)),
    ...optional('runAsUser', int(value.runAsUser)),
    ...optional('privileged', bool(value.privileged)),
    ...optional('readOnlyRootFilesystem', bool(value.readOnlyRootFilesystem)),
    ...optional('allowPrivilegeEscalation', bool(value.allowPrivilegeEscalation)),
    ...optional('capabilitiesAdd', add),
    ...optional('capabilitiesDrop', drop),
    source,
  };
}
