/**
 * Kubernetes manifests per deployable: Deployment (probes, requests/limits, hardened securityContext,
 * zone spread), Service, PodDisruptionBudget, HorizontalPodAutoscaler, ServiceAccount, and NetworkPolicies
 * on top of a namespace-wide default deny. Stores and the broker are managed services outside the cluster
 * (see the Infrastructure section); pods reach them through the private network on their ports only.
 */
import type { DeployableDesign, DesignResult } from '../result.js';
import { auditTopic } from './audit.js';
import { backingServices } from './backing.js';
import { imageOf } from './images.js';

type Obj = Record<string, unknown>;

/** The private network range the managed stores live in (the VPC/VNet CIDR). */
export const PRIVATE_NETWORK_CIDR = '10.0.0.0/8';

export function namespaceManifests(d: DesignResult): Obj[] {
  const ns = d.slug;
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'v1.30',
        },
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny-all', namespace: ns },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-dns-egress', namespace: ns },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: `${d.slug}-api`,
        namespace: ns,
        annotations: { 'nginx.ingress.kubernetes.io/limit-rps': '50' },
      },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: [`api.${d.slug}.internal`], secretName: `${d.slug}-api-tls` }],
        rules: [
          {
            host: `api.${d.slug}.internal`,
            http: {
              paths: d.deployables.map((x) => ({
                path: d.deployables.length === 1 ? '/' : `/${x.name}`,
                pathType: 'Prefix',
                backend: { service: { name: x.name, port: { name: 'http' } } },
              })),
            },
          },
        ],
      },
    },
  ];
}

export function deployableManifests(d: DesignResult, dep: DeployableDesign): Obj[] {
  const ns = d.slug;
  const labels = { 'app.kubernetes.io/name': dep.name, 'app.kubernetes.io/part-of': d.slug };
  const backing = backingServices(d).filter((b) => b.usedBy.includes(dep.name));
  const callers = d.deployables.filter((x) => x.calls.includes(dep.name)).map((x) => x.name);
  const heavy = dep.realtime ? { cpu: '1', memory: '2Gi' } : { cpu: '1', memory: '1Gi' };
  const container: Obj = {
    name: dep.name,
    image: imageOf(d, dep),
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: dep.port, protocol: 'TCP' }],
    envFrom: [
      { configMapRef: { name: `${dep.name}-config` } },
      ...(backing.length ? [{ secretRef: { name: `${dep.name}-credentials` } }] : []),
    ],
    resources: { requests: heavy, limits: { cpu: '2', memory: heavy.memory === '2Gi' ? '3Gi' : '2Gi' } },
    readinessProbe: {
      httpGet: { path: '/healthz/ready', port: 'http' },
      periodSeconds: 5,
      timeoutSeconds: 2,
      failureThreshold: 3,
    },
    livenessProbe: {
      httpGet: { path: '/healthz/live', port: 'http' },
      periodSeconds: 10,
      timeoutSeconds: 2,
      failureThreshold: 3,
    },
    startupProbe: {
      httpGet: { path: '/healthz/live', port: 'http' },
      periodSeconds: 5,
      failureThreshold: 24,
    },
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
  const egress: Obj[] = [];
  const storePorts = [...new Set(backing.map((b) => b.port))].sort((a, b) => a - b);
  if (storePorts.length)
    egress.push({
      to: [{ ipBlock: { cidr: PRIVATE_NETWORK_CIDR } }],
      ports: storePorts.map((port) => ({ protocol: 'TCP', port })),
    });
  for (const callee of dep.calls) {
    const target = d.deployables.find((x) => x.name === callee)!;
    egress.push({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': callee } } }],
      ports: [{ protocol: 'TCP', port: target.port }],
    });
  }
  if (
    dep.integrations.some(
      (name) => d.integration.externals.find((e) => e.name === name)?.direction === 'outbound',
    )
  )
    egress.push({
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [PRIVATE_NETWORK_CIDR] } }],
      ports: [{ protocol: 'TCP', port: 443 }],
    });
  const ingressFrom: Obj[] = [
    { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
    ...callers.map((c) => ({ podSelector: { matchLabels: { 'app.kubernetes.io/name': c } } })),
  ];
  return [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: dep.name, namespace: ns, labels },
      automountServiceAccountToken: false,
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${dep.name}-config`, namespace: ns, labels },
      data: {
        PORT: String(dep.port),
        LOG_LEVEL: 'info',
        OTEL_SERVICE_NAME: dep.name,
        ...(auditTopic(d) ? { AUDIT_TOPIC: auditTopic(d) } : {}),
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: dep.name, namespace: ns, labels },
      spec: {
        replicas: dep.replicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: { 'app.kubernetes.io/name': dep.name } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: dep.name,
            automountServiceAccountToken: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 10001,
              runAsGroup: 10001,
              fsGroup: 10001,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: 'topology.kubernetes.io/zone',
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: { 'app.kubernetes.io/name': dep.name } },
              },
            ],
            terminationGracePeriodSeconds: dep.realtime ? 60 : 30,
            containers: [container],
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: dep.name, namespace: ns, labels },
      spec: {
        type: 'ClusterIP',
        selector: { 'app.kubernetes.io/name': dep.name },
        ports: [{ name: 'http', port: dep.port, targetPort: 'http', protocol: 'TCP' }],
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: dep.name, namespace: ns, labels },
      spec: { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': dep.name } } },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: dep.name, namespace: ns, labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: dep.name },
        minReplicas: dep.replicas,
        maxReplicas: dep.maxReplicas,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: Math.round(utilisation(d) * 100) },
            },
          },
        ],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${dep.name}-allow`, namespace: ns, labels },
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': dep.name } },
        policyTypes: egress.length ? ['Ingress', 'Egress'] : ['Ingress'],
        ingress: [{ from: ingressFrom, ports: [{ protocol: 'TCP', port: dep.port }] }],
        ...(egress.length ? { egress } : {}),
      },
    },
  ];
}

function utilisation(d: DesignResult): number {
  return d.assumptions.find((a) => a.name === 'targetUtilisation')!.value;
}
