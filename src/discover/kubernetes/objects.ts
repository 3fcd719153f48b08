/**
 * Kubernetes objects other than workloads: Services and Ingresses (and Gateway API HTTPRoutes) as
 * exposures, ConfigMaps/Secrets as configs, HorizontalPodAutoscalers, PodDisruptionBudgets and
 * NetworkPolicies. Which services they front is resolved later, across files, by inference.
 */
import type {
  Autoscaler,
  ConfigObject,
  DisruptionBudget,
  Exposure,
  NetworkPolicy,
} from '../../model/schema.js';
import { int, isObj, list, type Obj, obj, str, stringMap } from '../parse/values.js';
import { readLabelSelector } from './selectors.js';
import type { Locate } from './workload.js';

interface Meta {
  name: string;
  namespace?: string;
  /** `<namespace or default>/<name>` */
  key: string;
}

export function metaOf(resource: Obj): Meta | undefined {
  const meta = obj(resource.metadata);
  const name = str(meta.name);
  if (!name) return undefined;
  const namespace = str(meta.namespace);
  return { name, ...(namespace ? { namespace } : {}), key: `${namespace ?? 'default'}/${name}` };
}

function ns(meta: Meta): { namespace?: string } {
  return meta.namespace ? { namespace: meta.namespace } : {};
}

export function readService(resource: Obj, meta: Meta, locate: Locate): Exposure {
  const spec = obj(resource.spec);
  const declared = str(spec.type) ?? 'ClusterIP';
  const type = declared === 'ClusterIP' && spec.clusterIP === 'None' ? 'Headless' : declared;
  const externalIPs = list(spec.externalIPs);
  const externalName = str(spec.externalName);
  return {
    id: `k8s-service/${meta.key}`,
    kind: 'k8s-service',
    name: meta.name,
    ...ns(meta),
    type,
    public: type === 'LoadBalancer' || type === 'NodePort' || externalIPs.length > 0,
    selector: stringMap(spec.selector),
    ports: list(spec.ports)
      .map(obj)
      .filter((p) => int(p.port) !== undefined)
      .map((p) => {
        const targetPort = int(p.targetPort) ?? str(p.targetPort);
        const name = str(p.name) ?? str(p.appProtocol);
        return {
          port: int(p.port) as number,
          ...(targetPort !== undefined ? { targetPort } : {}),
          ...(name ? { name } : {}),
        };
      }),
    routes:
      type === 'ExternalName' && externalName
        ? [{ backend: externalName, source: locate('spec', 'externalName') }]
        : [],
    serviceIds: [],
    source: locate(),
  };
}

/** networking.k8s.io/v1 (`service.name`, `service.port.number|name`) and v1beta1 (`serviceName`, `servicePort`). */
function backendOf(value: unknown): { backend: string; port?: number | string } | undefined {
  const b = obj(value);
  const service = obj(b.service);
  const name = str(service.name) ?? str(b.serviceName);
  if (!name) return undefined;
  const port = obj(service.port);
  const p = int(port.number) ?? str(port.name) ?? int(b.servicePort) ?? str(b.servicePort);
  return { backend: name, ...(p !== undefined ? { port: p } : {}) };
}

export function readIngress(resource: Obj, meta: Meta, locate: Locate): Exposure {
  const spec = obj(resource.spec);
  const routes: Exposure['routes'] = [];
  const fallback = spec.defaultBackend ?? spec.backend;
  const def = backendOf(fallback);
  if (def)
    routes.push({ ...def, source: locate('spec', spec.defaultBackend ? 'defaultBackend' : 'backend') });
  list(spec.rules).forEach((rule, r) => {
    const host = str(obj(rule).host);
    list(obj(obj(rule).http).paths).forEach((p, i) => {
      const b = backendOf(obj(p).backend);
      if (!b) return;
      const path = str(obj(p).path);
      routes.push({
        ...(host ? { host } : {}),
        ...(path ? { path } : {}),
        ...b,
        source: locate('spec', 'rules', r, 'http', 'paths', i),
      });
    });
  });
  return {
    id: `ingress/${meta.key}`,
    kind: 'ingress',
    name: meta.name,
    ...ns(meta),
    type: str(spec.ingressClassName) ?? 'Ingress',
    public: true,
    selector: {},
    ports: [],
    routes,
    serviceIds: [],
    tls: list(spec.tls).length > 0,
    source: locate(),
  };
}

/** Gateway API HTTPRoute/GRPCRoute: each backendRef is a route to a Service. */
export function readRoute(resource: Obj, meta: Meta, locate: Locate): Exposure {
  const spec = obj(resource.spec);
  const hosts = list(spec.hostnames)
    .map(str)
    .filter((h): h is string => !!h);
  const routes: Exposure['routes'] = [];
  list(spec.rules).forEach((rule, r) => {
    const path = str(obj(obj(list(obj(rule).matches)[0]).path).value);
    list(obj(rule).backendRefs).forEach((ref, i) => {
      const backend = str(obj(ref).name);
      if (!backend || (str(obj(ref).kind) ?? 'Service') !== 'Service') return;
      const port = int(obj(ref).port);
      routes.push({
        ...(hosts[0] ? { host: hosts[0] } : {}),
        ...(path ? { path } : {}),
        backend,
        ...(port !== undefined ? { port } : {}),
        source: locate('spec', 'rules', r, 'backendRefs', i),
      });
    });
  });
  return {
    id: `gateway-route/${meta.key}`,
    kind: 'gateway-route',
    name: meta.name,
    ...ns(meta),
    type: String(resource.kind),
    public: true,
    selector: {},
    ports: [],
    routes,
    serviceIds: [],
    source: locate(),
  };
}

export function readConfig(resource: Obj, meta: Meta, locate: Locate): ConfigObject {
  const kind = resource.kind === 'Secret' ? 'Secret' : 'ConfigMap';
  const entries: ConfigObject['entries'] = [];
  const add = (field: string, decode: boolean) => {
    const data = obj(resource[field]);
    for (const key of Object.keys(data).sort()) {
      const raw = str(data[key]);
      const value = raw !== undefined && decode ? decodeBase64(raw) : raw;
      entries.push({ key, ...(value !== undefined ? { value } : {}), source: locate(field, key) });
    }
  };
  add('data', kind === 'Secret');
  add('stringData', false);
  return { id: `${kind}/${meta.key}`, kind, name: meta.name, ...ns(meta), entries, source: locate() };
}

/** Secret `data` is base64; keep the decoded text when it is printable, else the value as written. */
function decodeBase64(raw: string): string {
  const compact = raw.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return raw;
  const text = Buffer.from(compact, 'base64').toString('utf8');
  return /^[\x20-\x7e\t\r\n]*$/.test(text) ? text : raw;
}

export function readAutoscaler(resource: Obj, meta: Meta, locate: Locate): Autoscaler | undefined {
  const spec = obj(resource.spec);
  const target = obj(spec.scaleTargetRef);
  const maxReplicas = int(spec.maxReplicas);
  const targetName = str(target.name);
  if (maxReplicas === undefined || !targetName) return undefined;
  const metrics: string[] = [];
  if (spec.targetCPUUtilizationPercentage !== undefined) metrics.push('cpu');
  for (const m of list(spec.metrics).map(obj)) {
    const type = str(m.type) ?? 'Unknown';
    const body = obj(m[type.charAt(0).toLowerCase() + type.slice(1)]);
    const name = str(body.name) ?? str(obj(body.metric).name);
    metrics.push(type === 'Resource' && name ? name : name ? `${type}:${name}` : type);
  }
  const minReplicas = int(spec.minReplicas);
  return {
    id: `HorizontalPodAutoscaler/${meta.key}`,
    name: meta.name,
    ...ns(meta),
    targetKind: str(target.kind) ?? 'Deployment',
    targetName,
    ...(minReplicas !== undefined ? { minReplicas } : {}),
    maxReplicas,
    metrics,
    source: locate(),
  };
}

export function readDisruptionBudget(resource: Obj, meta: Meta, locate: Locate): DisruptionBudget {
  const spec = obj(resource.spec);
  const amount = (v: unknown) => int(v) ?? str(v);
  const minAvailable = amount(spec.minAvailable);
  const maxUnavailable = amount(spec.maxUnavailable);
  const selector = readLabelSelector(spec.selector, ['spec', 'selector']);
  return {
    id: `PodDisruptionBudget/${meta.key}`,
    name: meta.name,
    ...ns(meta),
    selector: selector.matchLabels,
    ...(selector.expressions ? { selectorExpressions: selector.expressions } : {}),
    ...(minAvailable !== undefined ? { minAvailable } : {}),
    ...(maxUnavailable !== undefined ? { maxUnavailable } : {}),
    serviceIds: [],
    source: locate(),
  };
}

export function readNetworkPolicy(resource: Obj, meta: Meta, locate: Locate): NetworkPolicy {
  const spec = obj(resource.spec);
  const ingress = list(spec.ingress);
  const egress = list(spec.egress);
  const declared = list(spec.policyTypes).filter(
    (t): t is 'Ingress' | 'Egress' => t === 'Ingress' || t === 'Egress',
  );
  const policyTypes: NetworkPolicy['policyTypes'] =
    declared.length > 0 ? declared : spec.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress'];
  const peers: NonNullable<NetworkPolicy['peers']> = [];
  const collect = (rules: unknown[], direction: 'ingress' | 'egress', field: 'from' | 'to') => {
    rules.forEach((rule, r) => {
      list(obj(rule)[field]).forEach((peer, p) => {
        if (!isObj(peer)) return;
        const cidr = str(obj(peer.ipBlock).cidr);
        const at = ['spec', direction, r, field, p];
        const pods = isObj(peer.podSelector)
          ? readLabelSelector(peer.podSelector, [...at, 'podSelector'])
          : undefined;
        const namespaces = isObj(peer.namespaceSelector)
          ? readLabelSelector(peer.namespaceSelector, [...at, 'namespaceSelector'])
          : undefined;
        peers.push({
          direction,
          ...(pods ? { podSelector: pods.matchLabels } : {}),
          ...(pods?.expressions ? { podSelectorExpressions: pods.expressions } : {}),
          ...(namespaces ? { namespaceSelector: namespaces.matchLabels } : {}),
          ...(namespaces?.expressions ? { namespaceSelectorExpressions: namespaces.expressions } : {}),
          ...(cidr ? { ipBlock: cidr } : {}),
          source: locate(...at),
        });
      });
    });
  };
  collect(ingress, 'ingress', 'from');
  collect(egress, 'egress', 'to');
  const selector = readLabelSelector(spec.podSelector, ['spec', 'podSelector']);
  return {
    id: `NetworkPolicy/${meta.key}`,
    name: meta.name,
    ...ns(meta),
    podSelector: selector.matchLabels,
    ...(selector.expressions ? { podSelectorExpressions: selector.expressions } : {}),
    policyTypes,
    ingressRules: ingress.length,
    egressRules: egress.length,
    peers,
    serviceIds: [],
    source: locate(),
  };
}
