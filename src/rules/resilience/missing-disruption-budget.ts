import { defineMessages } from '../messages.js';
import {
  autoscalerFor,
  disruptionBudgetFor,
  kindLabel,
  kindsPlural,
  servingWorkloads,
} from '../shared/workloads.js';
import type { FindingDraft, Rule } from '../types.js';

function deployment(replicas: number): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels:\n      app: orders\n  template:\n    metadata:\n      labels:\n        app: orders\n    spec:\n      containers:\n      - name: orders\n        image: shop/orders:1.4.0\n        ports:\n        - containerPort: 8080\n`;
}

const PDB =
  'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: orders\nspec:\n  minAvailable: 2\n  selector:\n    matchLabels:\n      app: orders\n';

const { messages, say } = defineMessages({
  noDisruptionBudget:
    '{{workload}} runs {{replicas}} replicas but no PodDisruptionBudget selects its pods; a node drain may evict them all at once',
  autoscaledNoDisruptionBudget:
    '{{workload}} runs autoscaled {{min}}–{{max}} by HorizontalPodAutoscaler {{autoscaler}} but no PodDisruptionBudget selects its pods; a node drain may evict them all at once',
});

export const missingDisruptionBudget: Rule = {
  id: 'resilience/missing-disruption-budget',
  area: 'resilience',
  severity: 'medium',
  title: 'Replicated workload without a PodDisruptionBudget',
  messages,
  sources: [
    'kube-score:deployment-has-poddisruptionbudget',
    'kube-score:statefulset-has-poddisruptionbudget',
  ],
  rationale:
    'Running several replicas only protects availability if they are not all taken down at once. Node drains during ' +
    'cluster upgrades, autoscaler scale-downs and maintenance evict pods through the eviction API, which respects a ' +
    'PodDisruptionBudget and nothing else; without one, a drain may evict every replica of the service together. A single ' +
    'replica is left out here (a PDB cannot help it; the single-replica rule covers that).',
  references: [
    'Kubernetes documentation: Specifying a Disruption Budget for your Application (https://kubernetes.io/docs/tasks/run-application/configure-pdb/)',
    'Kubernetes documentation: Disruptions (https://kubernetes.io/docs/concepts/workloads/pods/disruptions/)',
  ],
  recommendation:
    "Add a PodDisruptionBudget selecting the workload's pods, with minAvailable (or maxUnavailable) set so that enough " +
    'replicas stay up to carry the load during voluntary disruptions.',
  fix: {
    description: 'A PodDisruptionBudget that keeps all but one replica up during drains.',
    language: 'yaml',
    snippet:
      'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: orders\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: orders',
  },
  examples: {
    fail: {
      description: 'orders runs 3 replicas with no disruption budget',
      files: { 'k8s/orders.yaml': deployment(3) },
      findings: [
        {
          at: 'k8s/orders.yaml:1',
          messageId: 'noDisruptionBudget',
          message:
            'Deployment orders runs 3 replicas but no PodDisruptionBudget selects its pods; a node drain may evict them all at once',
        },
      ],
    },
    pass: {
      description: 'orders runs 3 replicas and a PDB keeps 2 available',
      files: { 'k8s/orders.yaml': `${deployment(3)}---\n${PDB}` },
    },
  },
  check(model) {
    const replicated = servingWorkloads(model).filter(
      (d) => d.kind !== 'DaemonSet' && ((d.replicas ?? 1) >= 2 || autoscalerFor(model, d) !== undefined),
    );
    const findings: FindingDraft[] = [];
    for (const d of replicated) {
      if (disruptionBudgetFor(model, d)) continue;
      const hpa = autoscalerFor(model, d);
      const labels = Object.entries(d.podLabels)
        .map(([k, v]) => `      ${k}: ${v}`)
        .join('\n');
      findings.push({
        ...(hpa
          ? say.autoscaledNoDisruptionBudget({
              workload: kindLabel(d),
              min: hpa.minReplicas ?? 1,
              max: hpa.maxReplicas,
              autoscaler: hpa.name,
            })
          : say.noDisruptionBudget({ workload: kindLabel(d), replicas: d.replicas ?? 1 })),
        locations: [d.source, ...(hpa ? [hpa.source] : [])],
        element: `${d.id}#pdb`,
        data: { workload: d.id, replicas: d.replicas, autoscaler: hpa?.id },
        fix: {
          description: `Add a PodDisruptionBudget for ${d.name}.`,
          language: 'yaml',
          snippet: `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${d.name}${d.namespace ? `\n  namespace: ${d.namespace}` : ''}\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n${labels || `      app: ${d.name}`}`,
        },
      });
    }
    return {
      findings,
      strength:
        replicated.length > 0 && findings.length === 0
          ? replicated.length === 1
            ? `The one replicated ${replicated[0]?.kind} is covered by a PodDisruptionBudget`
            : `All ${replicated.length} replicated ${kindsPlural(replicated)} are covered by PodDisruptionBudgets`
          : undefined,
    };
  },
};
