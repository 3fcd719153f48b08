import { defineMessages } from '../messages.js';
import { deployment } from '../shared/example-manifests.js';
import { isKubernetes, plural, workloadLabel } from '../shared/k8s.js';
import { applicationWorkloads, autoscalerFor, isStateless } from '../shared/workloads.js';
import type { FindingDraft, Rule } from '../types.js';
import { HPA_SNIPPET, hpaSnippet } from './single-replica.js';

const PLUMBLINE = 'system: shop\nrequirements:\n  peakRps: 1200\n';

const { messages, say } = defineMessages({
  noAutoscaler:
    '{{workload}} is stateless but has no HorizontalPodAutoscaler; it runs a fixed {{replicas}} against a declared peak of {{peak}} requests/s',
});

export const missingAutoscaling: Rule = {
  id: 'performance/missing-autoscaling',
  area: 'performance',
  severity: 'medium',
  title: 'Stateless service without autoscaling under a declared peak load',
  messages,
  rationale:
    'When plumbline.yaml declares a peak request rate, a fixed replica count is a bet that someone sized it for the peak ' +
    '(and pays for the peak all day) or a promise to page someone when it comes. A HorizontalPodAutoscaler on stateless ' +
    'services follows the load within the bounds you set. Stateful workloads (volume claims) are left out: they need ' +
    'their own scaling design.',
  references: [
    'Kubernetes documentation: Horizontal Pod Autoscaling (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/)',
    'AWS Well-Architected Framework, Performance Efficiency pillar: PERF02 and Reliability REL07 "Design your workload to adapt to changes in demand"',
    'Google SRE book, ch. 18: Software Engineering in SRE — Auxon, intent-based capacity planning',
  ],
  recommendation:
    'Add a HorizontalPodAutoscaler (CPU or requests-per-second via KEDA/custom metrics) with `minReplicas` for the base ' +
    'load and `maxReplicas` sized for the declared peak, and load-test that the peak is reached below maxReplicas.',
  fix: {
    description: 'Autoscale the Deployment on CPU utilisation.',
    language: 'yaml',
    snippet: HPA_SNIPPET,
  },
  examples: {
    fail: {
      description: 'peak load of 1200 rps is declared; orders runs a fixed two replicas',
      files: {
        'k8s/orders.yaml': deployment({ replicas: 2, serviceType: 'ClusterIP' }),
        'plumbline.yaml': PLUMBLINE,
      },
      findings: [
        {
          at: 'k8s/orders.yaml:1',
          messageId: 'noAutoscaler',
          message:
            'Deployment orders is stateless but has no HorizontalPodAutoscaler; it runs a fixed 2 replicas against a declared peak of 1200 requests/s',
        },
      ],
    },
    pass: {
      description: 'orders autoscales',
      files: {
        'k8s/orders.yaml': `${deployment({ serviceType: 'ClusterIP' })}---\n${HPA_SNIPPET}`,
        'plumbline.yaml': PLUMBLINE,
      },
    },
  },
  check(model) {
    const peak = model.declared.requirements?.peakRps;
    if (peak === undefined) return { findings: [] };
    const workloads = applicationWorkloads(model).filter((d) => isKubernetes(d) && isStateless(d));
    const findings: FindingDraft[] = [];
    for (const d of workloads) {
      if (autoscalerFor(model, d)) continue;
      findings.push({
        ...say.noAutoscaler({
          workload: workloadLabel(d),
          replicas: plural(d.replicas ?? 1, 'replica'),
          peak,
        }),
        locations: [d.source],
        element: `${d.id}#autoscaling`,
        data: { workload: d.id, replicas: d.replicas ?? 1, peakRps: peak },
        fix: { ...missingAutoscaling.fix, snippet: hpaSnippet(d) },
      });
    }
    return {
      findings,
      strength:
        workloads.length > 0 && findings.length === 0
          ? `All ${workloads.length} stateless application workloads autoscale for the declared peak of ${peak} requests/s`
          : undefined,
    };
  },
};
