import { defineMessages } from '../messages.js';
import type { Rule } from '../types.js';
import { checkProbes, containerList, exampleManifest } from './probes.js';

const PROBES =
  '        readinessProbe:\n          httpGet:\n            path: /ready\n            port: 8080\n        livenessProbe:\n          httpGet:\n            path: /healthz\n            port: 8080\n          periodSeconds: 10\n          failureThreshold: 3';

const { messages, say } = defineMessages({
  noLivenessProbe:
    '{{workload}}: container {{containers}} declares no livenessProbe; a wedged process is never restarted',
  noLivenessProbes:
    '{{workload}}: containers {{containers}} declare no livenessProbe; a wedged process is never restarted',
});

export const missingLivenessProbe: Rule = {
  id: 'resilience/missing-liveness-probe',
  area: 'resilience',
  severity: 'low',
  title: 'Serving container without a liveness probe',
  messages,
  sources: ['kube-linter:no-liveness-probe', 'checkov:CKV_K8S_8'],
  rationale:
    'A process can stay alive yet stop making progress — a deadlock, an exhausted thread pool, a wedged event loop. ' +
    'Without a liveness probe Kubernetes never restarts it and it holds its share of traffic until a human notices. ' +
    'Lower severity than a missing readiness probe: a liveness probe that checks dependencies does more harm than none ' +
    '(it restarts healthy pods when a database blips), so it must test only the process itself.',
  references: [
    'Kubernetes documentation: Configure Liveness, Readiness and Startup Probes (https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/)',
    'Nygard, Release It! (2nd ed.), ch. 4: blocked threads',
  ],
  recommendation:
    'Add a livenessProbe that checks only that the process can answer (a trivial /healthz, gRPC health, or TCP), with a ' +
    'failure threshold generous enough not to kill a pod during a GC pause; use a startupProbe for slow starters.',
  fix: {
    description: 'Declare a cheap liveness probe that does not depend on downstream services.',
    language: 'yaml',
    snippet:
      'livenessProbe:\n  httpGet:          # process-only check: no database or downstream calls\n    path: /healthz\n    port: 8080\n  periodSeconds: 10\n  failureThreshold: 3',
  },
  examples: {
    fail: {
      description: 'orders has a readiness probe but nothing restarts it if it wedges',
      files: {
        'k8s/orders.yaml': exampleManifest(
          '        readinessProbe:\n          httpGet:\n            path: /ready\n            port: 8080',
        ),
      },
      findings: [
        {
          at: 'k8s/orders.yaml:16',
          messageId: 'noLivenessProbe',
          message:
            'Deployment orders: container `orders` declares no livenessProbe; a wedged process is never restarted',
        },
      ],
    },
    pass: {
      description: 'orders declares readiness and liveness probes',
      files: { 'k8s/orders.yaml': exampleManifest(PROBES) },
    },
  },
  check(model) {
    return checkProbes(model, 'livenessProbe', (workload, containers) =>
      (containers.length === 1 ? say.noLivenessProbe : say.noLivenessProbes)({
        workload,
        containers: containerList(containers),
      }),
    );
  },
};
