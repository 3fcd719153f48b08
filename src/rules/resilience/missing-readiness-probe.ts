import { defineMessages } from '../messages.js';
import type { Rule } from '../types.js';
import { checkProbes, containerList, exampleManifest } from './probes.js';

const READINESS =
  '        readinessProbe:\n          httpGet:\n            path: /ready\n            port: 8080\n          periodSeconds: 5\n          failureThreshold: 3';

const { messages, say } = defineMessages({
  noReadinessProbe:
    '{{workload}}: container {{containers}} declares no readinessProbe, so traffic reaches it before it is ready',
  noReadinessProbes:
    '{{workload}}: containers {{containers}} declare no readinessProbe, so traffic reaches them before they are ready',
});

export const missingReadinessProbe: Rule = {
  id: 'resilience/missing-readiness-probe',
  area: 'resilience',
  severity: 'medium',
  title: 'Serving container without a readiness probe',
  messages,
  sources: ['kube-linter:no-readiness-probe', 'kube-score:pod-probes', 'checkov:CKV_K8S_9'],
  rationale:
    'Without a readiness probe Kubernetes counts a container ready as soon as its process starts, so the Service sends ' +
    'it traffic while it is still warming caches, connecting to its database or after it has lost a dependency — every ' +
    'rollout and every restart turns into a burst of failed requests. The readiness probe is what lets rolling updates, ' +
    'autoscaling and load balancing route around an instance that cannot serve.',
  references: [
    'Kubernetes documentation: Configure Liveness, Readiness and Startup Probes (https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/)',
    'Kubernetes documentation: Pod lifecycle — container probes (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes)',
    'Google SRE book, ch. 20: Load Balancing in the Datacenter (health checking)',
  ],
  recommendation:
    'Add a readinessProbe that succeeds only when the container can serve a request (HTTP /ready, gRPC health, or a TCP ' +
    'check for stores), with a short period so it leaves the endpoints quickly when it cannot.',
  fix: {
    description: 'Declare a readiness probe on the serving container.',
    language: 'yaml',
    snippet:
      'readinessProbe:\n  httpGet:          # or grpc: { port: 7070 } / tcpSocket: { port: 5432 }\n    path: /ready\n    port: 8080\n  periodSeconds: 5\n  failureThreshold: 3',
  },
  examples: {
    fail: {
      description: 'orders is behind a Service but never says when it is ready',
      files: { 'k8s/orders.yaml': exampleManifest('') },
      findings: [
        {
          at: 'k8s/orders.yaml:16',
          messageId: 'noReadinessProbe',
          message:
            'Deployment orders: container `orders` declares no readinessProbe, so traffic reaches it before it is ready',
        },
      ],
    },
    pass: {
      description: 'orders declares a readiness probe',
      files: { 'k8s/orders.yaml': exampleManifest(READINESS) },
    },
  },
  check(model) {
    return checkProbes(model, 'readinessProbe', (workload, containers) =>
      (containers.length === 1 ? say.noReadinessProbe : say.noReadinessProbes)({
        workload,
        containers: containerList(containers),
      }),
    );
  },
};
