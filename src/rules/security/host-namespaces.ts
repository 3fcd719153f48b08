import { defineMessages } from '../messages.js';
import { deployment } from '../shared/example-manifests.js';
import { isCompose, workloadLabel } from '../shared/k8s.js';
import type { FindingDraft, Rule } from '../types.js';

const { messages, say } = defineMessages({
  hostNamespaces: "{{workload}} shares the host's namespaces ({{settings}})",
  nodeAgentHostNamespaces:
    "{{workload}} shares the host's namespaces ({{settings}}): expected of a platform node agent, which reads the node by design; keep it on its own least-privileged service account and namespace",
});

export const hostNamespaces: Rule = {
  id: 'security/host-namespaces',
  area: 'security',
  severity: 'high',
  title: "Workload shares the host's network or process namespace",
  messages,
  sources: ['kube-linter:host-network', 'kube-linter:host-pid', 'checkov:CKV_K8S_17', 'checkov:CKV_K8S_19'],
  rationale:
    "With `hostNetwork` a pod sees every interface of the node, can bind the node's ports and reach services that trust " +
    'localhost (the kubelet, metadata endpoints), bypassing NetworkPolicies; with `hostPID` it sees and can signal every ' +
    'process on the node, including other tenants\'. The Pod Security Standards "baseline" profile forbids both, and the ' +
    'NSA/CISA guide and CIS Docker Benchmark (`network_mode: host`, `pid: host`) say the same.',
  references: [
    'Kubernetes Pod Security Standards, baseline profile: Host Namespaces (https://kubernetes.io/docs/concepts/security/pod-security-standards/)',
    'CIS Docker Benchmark v1.2.0, 5.9 "Ensure that the host\'s network namespace is not shared" and 5.15 "Ensure that the host\'s process namespace is not shared"',
    'NSA/CISA Kubernetes Hardening Guide v1.2, "Kubernetes Pod security"',
  ],
  recommendation:
    'Remove `hostNetwork`/`hostPID` (compose: `network_mode: host`, `pid: host`); publish ports through a Service and ' +
    'reach node-level data through the Kubernetes API or a narrowly scoped DaemonSet.',
  fix: {
    description: 'Use the pod network and a Service instead of the host namespaces.',
    language: 'yaml',
    snippet:
      'spec:\n  template:\n    spec:\n      hostNetwork: false\n      hostPID: false\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: orders\nspec:\n  selector:\n    app: orders\n  ports:\n  - port: 8080',
  },
  examples: {
    fail: {
      description: "orders joins the node's network and process namespaces",
      files: { 'k8s/orders.yaml': deployment({ podSpec: ['hostNetwork: true', 'hostPID: true'] }) },
      findings: [
        {
          at: 'k8s/orders.yaml:1',
          messageId: 'hostNamespaces',
          message: "Deployment orders shares the host's namespaces (hostNetwork: true, hostPID: true)",
        },
      ],
    },
    pass: {
      description: 'orders uses the pod network',
      files: { 'k8s/orders.yaml': deployment() },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    const platform = new Set(model.services.filter((s) => s.role === 'platform').map((s) => s.id));
    for (const d of model.deployables) {
      const shared = [
        ...(d.hostNetwork ? [isCompose(d) ? 'network_mode: host' : 'hostNetwork: true'] : []),
        ...(d.hostPID ? [isCompose(d) ? 'pid: host' : 'hostPID: true'] : []),
      ];
      if (shared.length === 0) continue;
      // a node agent of the platform (node-exporter, a log shipper) reads the node's processes and network
      // by design: still worth isolating, not an application workload escaping its sandbox
      const agent = platform.has(d.serviceId);
      findings.push({
        ...(agent ? say.nodeAgentHostNamespaces : say.hostNamespaces)({
          workload: workloadLabel(d),
          settings: shared.join(', '),
        }),
        ...(agent ? { severity: 'low' as const } : {}),
        locations: [d.source],
        element: `${d.id}#host-namespaces`,
        data: { workload: d.id, hostNetwork: !!d.hostNetwork, hostPID: !!d.hostPID },
      });
    }
    return {
      findings,
      strength:
        model.deployables.length > 0 && findings.length === 0
          ? `None of the ${model.deployables.length} workloads shares the host's network or process namespace`
          : undefined,
    };
  },
};
