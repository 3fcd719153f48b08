import { healthEvidence, polledHealthUrls } from '../../model/patterns/health-checks.js';
import type { Deployable } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { runtimeWorkloads } from '../shared/k8s.js';
import { isApplicationService } from '../shared/workloads.js';
import type { FindingDraft, Rule } from '../types.js';

const { messages, say } = defineMessages({
  noHealthEndpoint:
    '{{missing}} of {{services}} application services show no health endpoint (no HTTP/gRPC/exec probe, compose healthcheck, Dockerfile HEALTHCHECK, /health or /hc route, health-check code or health UI polling it): {{list}}',
});

const deploymentWith = (probe: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\nspec:\n  selector:\n    matchLabels:\n      app: orders\n  template:\n    metadata:\n      labels:\n        app: orders\n    spec:\n      containers:\n      - name: orders\n        image: shop/orders:1.4.0\n        ports:\n        - containerPort: 8080\n${probe}`;

export const healthEndpoints: Rule = {
  id: 'practices/health-endpoints',
  area: 'practices',
  severity: 'low',
  title: 'Application services without a health endpoint',
  messages,
  rationale:
    'A health endpoint (HTTP /healthz, the gRPC health protocol) is how orchestrators, load balancers and on-call ' +
    'engineers learn whether an instance can serve. A TCP port check only proves the process listens. This is the ' +
    'practice view across services — the resilience rules report the individual missing probes. Any of these shows a ' +
    'health endpoint: an HTTP, gRPC or exec probe on any path, a compose healthcheck, a Dockerfile HEALTHCHECK, a health ' +
    'route in the contract (`/health`, `/healthz`, `/hc`, `/liveness`, `/ready`), health-check code (`MapHealthChecks`) ' +
    'or a health UI polling the service (`HealthChecksUI__HealthChecks__0__Uri=http://ordering-api/hc`).',
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
          messageId: 'noHealthEndpoint',
          message:
            '1 of 1 application services show no health endpoint (no HTTP/gRPC/exec probe, compose healthcheck, Dockerfile HEALTHCHECK, /health or /hc route, health-check code or health UI polling it): orders',
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
    const polled = polledHealthUrls(model);
    const considered: string[] = [];
    const missing: { id: string; workloads: Deployable[] }[] = [];
    for (const s of services) {
      const own = workloads.filter((d) => d.serviceId === s.id && d.kind !== 'Job' && d.kind !== 'CronJob');
      if (own.length === 0) continue;
      considered.push(s.id);
      if (!healthEvidence(model, s.id, own, polled)) missing.push({ id: s.id, workloads: own });
    }
    if (considered.length === 0) return { findings: [] };
    if (missing.length === 0)
      return {
        findings: [],
        strength: `All ${considered.length} application services expose a health endpoint`,
      };
    const finding: FindingDraft = {
      ...say.noHealthEndpoint({
        missing: missing.length,
        services: considered.length,
        list: missing.map((m) => m.id).join(', '),
      }),
      locations: missing.flatMap((m) => m.workloads.map((d) => d.source)),
      element: 'practices#health-endpoints',
      data: { services: missing.map((m) => m.id), considered: considered.length },
    };
    return { findings: [finding] };
  },
};
