import { optionNote } from '../../model/deployments.js';
import { isEmptySelector, selectorText as kubectlSelector, labelsMatch } from '../../model/label-selector.js';
import type { Deployable, LabelRequirement, NetworkPolicy, SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { deployment } from '../shared/example-manifests.js';
import { isKubernetes, sameNamespace, workloadLabel } from '../shared/k8s.js';
import type { FindingDraft, Rule } from '../types.js';

function selectorText(selector: Record<string, string>, expressions?: LabelRequirement[]): string {
  return isEmptySelector(selector, expressions) ? '{} (every pod)' : kubectlSelector(selector, expressions);
}

/** A policy restricts ingress when it lists Ingress in policyTypes, or (policyTypes unset) always. */
function restrictsIngress(p: NetworkPolicy): boolean {
  return p.policyTypes.length === 0 || p.policyTypes.includes('Ingress');
}

/** Edit distance, for "did you mean" hints on selectors that match nothing. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = row[j] as number;
      row[j] = next;
    }
  }
  return row[b.length] as number;
}

/** A label selector of the workloads that differs from `selector` by a small typo (`name=cart` → `name=carts`). */
function nearMiss(selector: Record<string, string>, workloads: Deployable[]): string | undefined {
  const entries = Object.entries(selector);
  if (entries.length !== 1) return undefined;
  const [key, value] = entries[0] as [string, string];
  const candidates = workloads
    .map((d) => d.podLabels[key])
    .filter((v): v is string => v !== undefined && v !== value && distance(v, value) <= 2)
    .sort();
  return candidates[0] !== undefined ? `${key}=${candidates[0]}` : undefined;
}

export function policiesSelecting(model: SystemModel, d: Deployable): NetworkPolicy[] {
  return model.networkPolicies.filter(
    (p) =>
      sameNamespace(p.namespace, d.namespace) &&
      labelsMatch(p.podSelector, p.podSelectorExpressions, d.podLabels),
  );
}

const DENY_ALL =
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-ingress\nspec:\n  podSelector: {}\n  policyTypes: ["Ingress"]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: orders-from-frontend\nspec:\n  podSelector:\n    matchLabels:\n      app: orders\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app: frontend\n    ports:\n    - port: 8080\n';

const { messages, say } = defineMessages({
  noNetworkPolicy:
    'No NetworkPolicy in the system: {{workloads}} Kubernetes workloads ({{namespaces}}) accept traffic from every pod in the cluster{{option}}',
  notIsolated: '{{workload}} is selected by no ingress NetworkPolicy: any pod in the cluster can reach it',
  selectsNothing:
    'NetworkPolicy {{policy}} selects {{selector}}, which matches none of the {{workloads}} workloads in its namespace: it protects nothing',
  selectsNothingTypo:
    'NetworkPolicy {{policy}} selects {{selector}}, which matches none of the {{workloads}} workloads in its namespace: it protects nothing (did you mean {{suggestion}}?)',
  peerMatchesNothing:
    'NetworkPolicy {{policy}} admits ingress from {{selector}}, which matches no workload in its namespace (did you mean {{suggestion}}?): the intended callers are blocked wherever the policy is enforced',
});

export const missingNetworkPolicy: Rule = {
  id: 'security/missing-network-policy',
  area: 'security',
  severity: 'medium',
  title: 'Pods not isolated by NetworkPolicies',
  messages,
  sources: [
    'kube-linter:non-isolated-pod',
    'kube-linter:dangling-networkpolicy',
    'kube-score:pod-networkpolicy',
    'kube-score:networkpolicy-targets-pod',
  ],
  rationale:
    'Kubernetes lets every pod talk to every other pod unless a NetworkPolicy selects it. Without policies one compromised ' +
    'service can reach every database and internal API in the cluster; with a default-deny policy and explicit allows, ' +
    'the blast radius is the edges the architecture actually has. The NSA/CISA guide recommends a default-deny policy per ' +
    'namespace. A policy whose selector matches no workload is worse than none: it looks like protection and is not.',
  references: [
    'Kubernetes documentation: Network Policies (https://kubernetes.io/docs/concepts/services-networking/network-policies/)',
    'NSA/CISA Kubernetes Hardening Guide v1.2, "Network policies" (default deny, then allow)',
    'CIS Kubernetes Benchmark, 5.3.2 "Ensure that all Namespaces have NetworkPolicies defined"',
  ],
  recommendation:
    'Add a default-deny ingress policy per namespace, then one policy per service allowing exactly its callers (the ' +
    'dependency edges of the architecture); keep selectors in step with the pod labels.',
  fix: {
    description: 'Deny ingress by default, then allow each real edge.',
    language: 'yaml',
    snippet: DENY_ALL,
  },
  examples: {
    fail: {
      description: 'orders runs in a cluster without any NetworkPolicy',
      files: { 'k8s/orders.yaml': deployment({ serviceType: 'ClusterIP' }) },
      findings: [
        {
          at: 'k8s/orders.yaml:1',
          messageId: 'noNetworkPolicy',
          message:
            'No NetworkPolicy in the system: 1 Kubernetes workloads (namespace default) accept traffic from every pod in the cluster',
        },
      ],
    },
    pass: {
      description: 'a default-deny policy plus an allow for orders',
      files: { 'k8s/orders.yaml': deployment({ serviceType: 'ClusterIP' }), 'k8s/policies.yaml': DENY_ALL },
    },
  },
  check(model) {
    const workloads = model.deployables.filter(isKubernetes);
    if (workloads.length === 0) return { findings: [] };
    const findings: FindingDraft[] = [];
    if (model.networkPolicies.length === 0) {
      const namespaces = [...new Set(workloads.map((d) => d.namespace ?? 'default'))].sort();
      // copies of one workload in several deployments count once
      const distinct = new Set(workloads.map((d) => `${d.kind}/${d.namespace ?? 'default'}/${d.name}`)).size;
      const option = optionNote(model, 'NetworkPolicy', 'NetworkPolicies', /network-?polic/i);
      findings.push({
        ...say.noNetworkPolicy({
          workloads: distinct,
          namespaces: `namespace${namespaces.length === 1 ? '' : 's'} ${namespaces.join(', ')}`,
          option: option ? `. ${option.text}` : '',
        }),
        locations: [...workloads.slice(0, 5).map((d) => d.source), ...(option?.sources ?? [])],
        element: 'network-policies#none',
        data: { workloads: workloads.map((d) => d.id), namespaces },
      });
      return { findings };
    }
    for (const d of workloads) {
      if (policiesSelecting(model, d).some(restrictsIngress)) continue;
      findings.push({
        ...say.notIsolated({ workload: workloadLabel(d) }),
        locations: [d.source],
        element: `${d.id}#network-policy`,
        data: { workload: d.id, podLabels: d.podLabels },
      });
    }
    for (const p of model.networkPolicies) {
      if (isEmptySelector(p.podSelector, p.podSelectorExpressions)) continue;
      const selected = workloads.filter(
        (d) =>
          sameNamespace(p.namespace, d.namespace) &&
          labelsMatch(p.podSelector, p.podSelectorExpressions, d.podLabels),
      );
      if (selected.length > 0) continue;
      const inNamespace = workloads.filter((d) => sameNamespace(p.namespace, d.namespace));
      if (inNamespace.length === 0) continue; // the policy's workloads live outside the scanned tree
      const args = {
        policy: `${p.namespace ? `${p.namespace}/` : ''}${p.name}`,
        selector: selectorText(p.podSelector, p.podSelectorExpressions),
        workloads: inNamespace.length,
      };
      const suggestion = p.podSelectorExpressions ? undefined : nearMiss(p.podSelector, inNamespace);
      findings.push({
        ...(suggestion ? say.selectsNothingTypo({ ...args, suggestion }) : say.selectsNothing(args)),
        locations: [p.source],
        element: `${p.id}#selects-nothing`,
        data: {
          policy: p.id,
          podSelector: p.podSelector,
          ...(p.podSelectorExpressions ? { podSelectorExpressions: p.podSelectorExpressions } : {}),
        },
      });
    }
    // Allowed callers whose selector is a typo of a real label: the intended callers are blocked once enforced.
    // Peers that match nothing and resemble nothing may live outside the scanned tree and are left alone.
    for (const p of model.networkPolicies) {
      const inNamespace = workloads.filter((d) => sameNamespace(p.namespace, d.namespace));
      for (const peer of p.peers ?? []) {
        if (peer.direction !== 'ingress' || !peer.podSelector || peer.namespaceSelector) continue;
        const selector = peer.podSelector;
        const expressions = peer.podSelectorExpressions;
        if (isEmptySelector(selector, expressions)) continue;
        if (inNamespace.some((d) => labelsMatch(selector, expressions, d.podLabels))) continue;
        // a near miss is a typo in one matchLabels value; expressions are left alone
        const suggestion = expressions ? undefined : nearMiss(selector, inNamespace);
        if (!suggestion) continue;
        findings.push({
          ...say.peerMatchesNothing({
            policy: `${p.namespace ? `${p.namespace}/` : ''}${p.name}`,
            selector: selectorText(peer.podSelector),
            suggestion,
          }),
          locations: [peer.source],
          element: `${p.id}#peer:${selectorText(peer.podSelector)}`,
          data: { policy: p.id, peer: peer.podSelector, suggestion },
        });
      }
    }
    return {
      findings,
      strength:
        findings.length === 0
          ? `All ${workloads.length} Kubernetes workloads are selected by an ingress NetworkPolicy`
          : undefined,
    };
  },
};
