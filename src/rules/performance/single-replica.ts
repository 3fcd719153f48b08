import type { Deployable } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { deployment } from '../shared/example-manifests.js';
import { isCompose, workloadLabel } from '../shared/k8s.js';
import { applicationWorkloads, autoscalerFor } from '../shared/workloads.js';
import type { FindingDraft, Rule, Severity } from '../types.js';

export const HPA_SNIPPET =
  'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: orders\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: orders\n  minReplicas: 2\n  maxReplicas: 10\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: Utilization\n        averageUtilization: 70\n';

/** The HPA for one workload: named for it, in its namespace, scaling it (not the example's `orders`). */
export function hpaSnippet(d: Deployable): string {
  return HPA_SNIPPET.replace(
    'metadata:\n  name: orders\n',
    `metadata:\n  name: ${d.name}\n${d.namespace ? `  namespace: ${d.namespace}\n` : ''}`,
  )
    .replace('    kind: Deployment\n    name: orders\n', `    kind: ${d.kind}\n    name: ${d.name}\n`)
    .replace('apiVersion: apps/v1\n    kind: Deployment', `apiVersion: apps/v1\n    kind: ${d.kind}`);
}

const { messages, say } = defineMessages({
  singleReplica:
    '{{workload}} runs a single replica ({{how}}) and no HorizontalPodAutoscaler: every restart, rollout or node drain takes {{service}} down{{target}}',
  singleComposeReplica:
    '{{workload}} runs a single replica ({{how}}): every restart or redeploy takes {{service}} down{{target}}',
});

export const singleReplica: Rule = {
  id: 'performance/single-replica',
  area: 'performance',
  severity: 'medium',
  title: 'Application service runs a single replica',
  messages,
  rationale:
    'One replica is one failure domain: every rollout, node drain, eviction or crash takes the service down, and it ' +
    'cannot absorb a load spike. Two replicas (spread across nodes) are the minimum for a service that must stay up; an ' +
    'autoscaler with `minReplicas: 2` adds capacity on demand. Datastores, jobs and test tools are left out (stores have ' +
    'their own replication rule). The finding is graded higher when plumbline.yaml declares an availability target.',
  references: [
    'Kubernetes documentation: Deployments and Horizontal Pod Autoscaling (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/)',
    'Google SRE book, ch. 22: Addressing Cascading Failures (N+2 capacity planning)',
    'AWS Well-Architected Framework, Reliability pillar: REL10 "Use fault isolation to protect your workload"',
  ],
  sources: ['kube-score:deployment-replicas'],
  recommendation:
    'Run at least two replicas (or an HPA with `minReplicas: 2`), spread them across nodes/zones with topology spread ' +
    'constraints, and add a PodDisruptionBudget so drains keep one up.',
  fix: {
    description: 'Autoscale from a floor of two replicas.',
    language: 'yaml',
    snippet: HPA_SNIPPET,
  },
  examples: {
    fail: {
      description: 'orders runs one replica without an autoscaler',
      files: { 'k8s/orders.yaml': deployment({ replicas: 1, serviceType: 'ClusterIP' }) },
      findings: [
        {
          at: 'k8s/orders.yaml:1',
          messageId: 'singleReplica',
          message:
            'Deployment orders runs a single replica (replicas: 1) and no HorizontalPodAutoscaler: every restart, rollout or node drain takes orders down',
        },
      ],
    },
    pass: {
      description: 'orders runs three replicas',
      files: { 'k8s/orders.yaml': deployment({ replicas: 3, serviceType: 'ClusterIP' }) },
    },
  },
  check(model) {
    const target = model.declared.requirements?.availabilityTarget;
    const workloads = applicationWorkloads(model);
    const findings: FindingDraft[] = [];
    for (const d of workloads) {
      if (!isCompose(d) && autoscalerFor(model, d)) continue;
      const replicas = d.replicas ?? 1;
      if (replicas > 1) continue;
      const how =
        d.replicas === undefined
          ? isCompose(d)
            ? 'no deploy.replicas'
            : 'replicas unset, default 1'
          : `replicas: ${d.replicas}`;
      const said = {
        workload: workloadLabel(d),
        how,
        service: d.serviceId,
        target:
          target !== undefined
            ? `, against a declared availability target of ${(target * 100).toFixed(2).replace(/\.?0+$/, '')}%`
            : '',
      };
      const severity: Severity = isCompose(d) ? 'low' : target !== undefined ? 'high' : 'medium';
      findings.push({
        ...(isCompose(d) ? say.singleComposeReplica(said) : say.singleReplica(said)),
        locations: [d.source],
        element: `${d.id}#replicas`,
        severity,
        data: { workload: d.id, replicas, availabilityTarget: target ?? null },
        fix: isCompose(d)
          ? {
              description: 'Run at least two replicas.',
              language: 'yaml',
              snippet: `services:\n  ${d.name}:\n    deploy:\n      replicas: 2`,
            }
          : { ...singleReplica.fix, snippet: hpaSnippet(d) },
      });
    }
    return {
      findings,
      strength:
        workloads.length > 0 && findings.length === 0
          ? `All ${workloads.length} application workloads run at least two replicas or autoscale`
          : undefined,
    };
  },
};
