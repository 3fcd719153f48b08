import { defineMessages } from '../messages.js';
import { deployment, RESOURCES } from '../shared/example-manifests.js';
import { containerLabel, containersOf, isKubernetes, runtimeWorkloads } from '../shared/k8s.js';
import type { FindingDraft, Rule, Severity } from '../types.js';

const { messages, say } = defineMessages({
  noResources:
    '{{container}} declares no resources at all (BestEffort: scheduled blind, evicted first, no memory cap)',
  missingResources: '{{container}} has no {{missing}}',
});

export const missingResources: Rule = {
  id: 'performance/missing-resources',
  area: 'performance',
  severity: 'medium',
  title: 'Container without resource requests or memory limit',
  messages,
  rationale:
    'The scheduler places pods by their requests: a container without CPU and memory requests is placed as if it needed ' +
    'nothing, lands on full nodes, and is the first evicted under pressure (BestEffort QoS). Without a memory limit one ' +
    "leaking container can take the whole node's memory and get its neighbours OOM-killed. Requests are also what the " +
    'HorizontalPodAutoscaler measures utilisation against. CPU limits are deliberately not required: they throttle ' +
    'latency-sensitive services and are debated; memory limits are not. Only Kubernetes workloads are judged (init ' +
    'containers are left out: the pod request is the larger of the init and app containers).',
  references: [
    'Kubernetes documentation: Resource Management for Pods and Containers (https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/)',
    'Kubernetes documentation: Pod Quality of Service Classes (https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/)',
    'NSA/CISA Kubernetes Hardening Guide v1.2, "Resource policies" (limit ranges and quotas against resource exhaustion)',
  ],
  sources: [
    'kube-linter:unset-cpu-requirements',
    'kube-linter:unset-memory-requirements',
    'kube-score:container-resources',
    'checkov:CKV_K8S_10',
    'checkov:CKV_K8S_12',
    'checkov:CKV_K8S_13',
  ],
  recommendation:
    'Set CPU and memory requests from observed usage (p95 over a busy week) and a memory limit above peak usage; ' +
    'consider a LimitRange per namespace so new workloads get defaults.',
  fix: {
    description: 'Declare requests for CPU and memory and a memory limit.',
    language: 'yaml',
    snippet: 'resources:\n  requests:\n    cpu: 100m\n    memory: 128Mi\n  limits:\n    memory: 256Mi',
  },
  examples: {
    fail: {
      description: 'orders declares no resources',
      files: { 'k8s/orders.yaml': deployment() },
      findings: [
        {
          at: 'k8s/orders.yaml:15',
          messageId: 'noResources',
          message:
            'Deployment orders container `orders` declares no resources at all (BestEffort: scheduled blind, evicted first, no memory cap)',
        },
      ],
    },
    pass: {
      description: 'orders declares requests and a memory limit',
      files: { 'k8s/orders.yaml': deployment({ container: RESOURCES }) },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    const containers = containersOf(runtimeWorkloads(model).filter(isKubernetes), false);
    for (const wc of containers) {
      const { requests, limits } = wc.container.resources;
      const missing = [
        ...(requests?.cpu ? [] : ['cpu request']),
        ...(requests?.memory ? [] : ['memory request']),
        ...(limits?.memory ? [] : ['memory limit']),
      ];
      if (missing.length === 0) continue;
      const none = !requests?.cpu && !requests?.memory && !limits?.cpu && !limits?.memory;
      const severity: Severity = missing.some((m) => m.startsWith('memory')) ? 'medium' : 'low';
      findings.push({
        ...(none
          ? say.noResources({ container: containerLabel(wc) })
          : say.missingResources({ container: containerLabel(wc), missing: missing.join(', ') })),
        locations: [wc.container.source],
        element: `${wc.workload.id}/${wc.container.name}#resources`,
        severity,
        data: {
          workload: wc.workload.id,
          container: wc.container.name,
          missing,
          requests: requests ?? {},
          limits: limits ?? {},
        },
      });
    }
    return {
      findings,
      strength:
        containers.length > 0 && findings.length === 0
          ? `All ${containers.length} containers declare CPU and memory requests and a memory limit`
          : undefined,
    };
  },
};
