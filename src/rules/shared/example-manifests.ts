/** Small real manifests for the security, performance and practices rule examples. */

export interface ExampleDeployment {
  name?: string;
  namespace?: string;
  image?: string;
  replicas?: number;
  port?: number;
  /** Lines inserted under `spec.template.spec` (indented 6 spaces), e.g. a pod securityContext. */
  podSpec?: string[];
  /** Lines inserted under the container (indented 8 spaces), e.g. securityContext, resources, env. */
  container?: string[];
  /** Service type for the Service in front (omitted: no Service). */
  serviceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  servicePort?: number;
  labels?: Record<string, string>;
}

export function deployment(spec: ExampleDeployment = {}): string {
  const name = spec.name ?? 'orders';
  const port = spec.port ?? 8080;
  const labels = spec.labels ?? { app: name };
  const labelLines = (indent: string) => Object.entries(labels).map(([k, v]) => `${indent}${k}: ${v}`);
  const lines = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    ...(spec.namespace ? [`  namespace: ${spec.namespace}`] : []),
    'spec:',
    ...(spec.replicas !== undefined ? [`  replicas: ${spec.replicas}`] : []),
    '  selector:',
    '    matchLabels:',
    ...labelLines('      '),
    '  template:',
    '    metadata:',
    '      labels:',
    ...labelLines('        '),
    '    spec:',
    ...(spec.podSpec ?? []).map((l) => `      ${l}`),
    '      containers:',
    `      - name: ${name}`,
    `        image: ${spec.image ?? `shop/${name}:1.4.0`}`,
    '        ports:',
    `        - containerPort: ${port}`,
    ...(spec.container ?? []).map((l) => `        ${l}`),
  ];
  if (spec.serviceType) {
    lines.push(
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      `  name: ${name}`,
      ...(spec.namespace ? [`  namespace: ${spec.namespace}`] : []),
      'spec:',
      `  type: ${spec.serviceType}`,
      '  selector:',
      ...labelLines('    '),
      '  ports:',
      `  - port: ${spec.servicePort ?? port}`,
      `    targetPort: ${port}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The hardened container securityContext of the Pod Security Standards "restricted" profile. */
export const RESTRICTED_CONTAINER = [
  'securityContext:',
  '  runAsNonRoot: true',
  '  runAsUser: 10001',
  '  allowPrivilegeEscalation: false',
  '  readOnlyRootFilesystem: true',
  '  capabilities:',
  '    drop: ["ALL"]',
];

export const RESOURCES = [
  'resources:',
  '  requests:',
  '    cpu: 100m',
  '    memory: 128Mi',
  '  limits:',
  '    memory: 256Mi',
];
