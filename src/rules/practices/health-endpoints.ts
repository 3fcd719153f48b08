import type { Deployable, Probe, SystemModel } from '../../model/schema.js';
import { runtimeWorkloads } from '../shared/k8s.js';
import { isApplicationService } from '../shared/workloads.js';
import type { FindingDraft, Rule } from '../types.js';

const HEALTH_PATH =
  /(^|\/)_?(health|healthz|healthcheck|ready|readyz|readiness|live|livez|liveness|ping|status)(\/|$)/i;

/** How a service shows it can report its health, or undefined. */
function healthEvidence(model: SystemModel, serviceId: string, workloads: Deployable[]): string | undefined {
  for (const d of workloads) {
    for (const c of d.containers) {
      const probes = [c.readinessProbe, c.livenessProbe, c.startupProbe].filter((p): p is Probe => !!p);
      const endpoint = probes.find(
        (p) =>
          p.type === 'http' || p.type === 'grpc' || p.type === 'compose-healthcheck' || p.type === 'exec',
      );
      if (endpoint)
        return endpoint.type === 'http'
          ? `HTTP probe ${endpoint.path ?? '/'}`
          : endpoint.type === 'grpc'
            ? 'gRPC health probe'
            : endpoint.type === 'exec'
              ? 'exec health probe'
              : 'compose healthcheck';
    }
  }
  const image = model.images.find(
    (i) => i.serviceId === serviceId && i.healthcheck && !i.healthcheckDisabled,
  );
  if (image) return `HEALTHCHECK in ${image.file}`;
  const apiIds = new Set(model.apis.filter((a) => a.serviceId === serviceId).map((a) => a.id));
  const route = model.operations.find(
    (o) => apiIds.has(o.apiId) && (HEALTH_PATH.test(o.path) || /grpc\.health\.v1\.Health\//.test(o.path)),
  );
  if (route) return `${route.method} ${route.path}`;
  return undefined;
}

const deploymentWith = (probe: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\nspec:\n  selector:\n    matchLabels:\n      app: orders\n  template:\n    metadata:\n      labels:\n        app: orders\n    spec:\n      containers:\n      - name: orders\n        image: shop/orders:1.4.0\n        ports:\n        - containerPort: 8080\n${probe}`;

export const healthEndpoints: Rule = {
  id: 'practices/health-endpoints',
  area: 'practices',
  severity: 'low',
  title: 'Application services without a health endpoint',
  rationale:
    'A health endpoint (HTTP /healthz, the gRPC health protocol) is how orchestrators, load balancers and on-call ' +
    'engineers learn whether an instance can serve. A TCP port check only proves the process listens. This is the ' +
    'practice view across services — the resilience rules report the individual missing probes.',
  references: [
    'gRPC Health Checking Protocol (https://github.com/grpc/grpc/blob/master/doc/health-checking.md)',
    'Microsoft Azure Architecture Center: Health Endpoint Monitoring pattern (https://learn.microsoft.com/azure/architecture/patterns/health-endpoint-monitoring)',
    'Kubernetes documentation: Configure Liveness, Readiness and Startup Probes',
  ],
  recommendation:
    'Give every service a cheap health endpoint (HTTP `/healthz` and `/readyz`, or `grpc.health.v1.Health`) and point ' +
    "the orchestrator's probes at it.",
  fix: {
    description: 'Expose /healthz and probe it.',
    language: 'yaml',
    snippet:
      'readinessProbe:\n  httpGet:\n    path: /readyz\n    port: 8080\nlivenessProbe:\n  httpGet:\n    path: /healthz\n    port: 8080',
  },
  examples: {
    fail: {
      description: 'orders has no health check of any kind',
      files: { 'k8s/orders.yaml': deploymentWith('') },
      findings: [
        {
          at: 'k8s/orders.yaml:1',
          message:
            '1 of 1 application services show no health endpoint (no HTTP/gRPC/exec probe, compose healthcheck, Dockerfile HEALTHCHECK or /health route): orders',
        },
      ],
    },
    pass: {
      description: 'orders is probed on /healthz',
      files: {
        'k8s/orders.yaml': deploymentWith(
          '        readinessProbe:\n          httpGet:\n            path: /healthz\n            port: 8080\n',
        ),
      },
    },
  },
  check(model) {
    const services = model.services.filter((s) => isApplicationService(model, s));
    const workloads = runtimeWorkloads(model);
    const considered: string[] = [];
    const missing: { id: string; workloads: Deployable[] }[] = [];
    for (const s of services) {
      const own = workloads.filter((d) => d.serviceId === s.id && d.kind !== 'Job' && d.kind !== 'CronJob');
      if (own.length === 0) continue;
      considered.push(s.id);
      if (!healthEvidence(model, s.id, own)) missing.push({ id: s.id, workloads: own });
    }
    if (considered.length === 0) return { findings: [] };
    if (missing.length === 0)
      return {
        findings: [],
        strength: `All ${considered.length} application services expose a health endpoint`,
      };
    const finding: FindingDraft = {
      message: `${missing.length} of ${considered.length} application services show no health endpoint (no HTTP/gRPC/exec probe, compose healthcheck, Dockerfile HEALTHCHECK or /health route): ${missing
        .map((m) => m.id)
        .join(', ')}`,
      locations: missing.flatMap((m) => m.workloads.map((d) => d.source)),
      element: 'practices#health-endpoints',
      data: { services: missing.map((m) => m.id), considered: considered.length },
    };
    return { findings: [finding] };
  },
};
