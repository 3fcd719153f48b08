import { defineMessages } from '../messages.js';
import { deployment, RESTRICTED_CONTAINER } from '../shared/example-manifests.js';
import { containerLabel, containersOf, isCompose, runtimeWorkloads } from '../shared/k8s.js';
import type { FindingDraft, Rule } from '../types.js';

const { messages, say } = defineMessages({
  writableRoot: '{{container}} has a writable root filesystem (no {{setting}})',
});

export const writableRootFilesystem: Rule = {
  id: 'security/writable-root-filesystem',
  area: 'security',
  severity: 'low',
  title: 'Container root filesystem is writable',
  messages,
  sources: [
    'kube-linter:no-read-only-root-fs',
    'kube-score:container-security-context-readonlyrootfilesystem',
    'checkov:CKV_K8S_22',
  ],
  rationale:
    'With a writable root filesystem an attacker who gets code execution can drop tools, replace binaries and persist ' +
    'inside the running container; a read-only root makes the image immutable at run time and forces every legitimate ' +
    'write into an explicit volume (an emptyDir for /tmp), which also documents where the service keeps state. The ' +
    'NSA/CISA guide and the CIS Docker Benchmark both recommend it; it is defence in depth, hence the low severity. ' +
    'A compose file beside Kubernetes manifests is treated as the development setup: the Kubernetes workload is judged.',
  references: [
    'NSA/CISA Kubernetes Hardening Guide v1.2, "Use a read-only root file system"',
    'CIS Docker Benchmark v1.2.0, 5.12 "Ensure that the container\'s root filesystem is mounted as read only"',
  ],
  recommendation:
    'Set `readOnlyRootFilesystem: true` (compose: `read_only: true`) and mount an emptyDir/tmpfs for the paths the process ' +
    'really writes (/tmp, caches).',
  fix: {
    description: 'Make the root filesystem read-only and give the process an explicit scratch volume.',
    language: 'yaml',
    snippet:
      'containers:\n- name: orders\n  securityContext:\n    readOnlyRootFilesystem: true\n  volumeMounts:\n  - name: tmp\n    mountPath: /tmp\nvolumes:\n- name: tmp\n  emptyDir:\n    medium: Memory',
  },
  examples: {
    fail: {
      description: 'orders can write anywhere in its image',
      files: { 'k8s/orders.yaml': deployment() },
      findings: [
        {
          at: 'k8s/orders.yaml:15',
          messageId: 'writableRoot',
          message:
            'Deployment orders container `orders` has a writable root filesystem (no `readOnlyRootFilesystem: true`)',
        },
      ],
    },
    pass: {
      description: 'orders runs with a read-only root filesystem',
      files: { 'k8s/orders.yaml': deployment({ container: RESTRICTED_CONTAINER }) },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    const containers = containersOf(runtimeWorkloads(model));
    for (const wc of containers) {
      if (wc.container.securityContext.readOnlyRootFilesystem === true) continue;
      const setting = isCompose(wc.workload) ? '`read_only: true`' : '`readOnlyRootFilesystem: true`';
      findings.push({
        ...say.writableRoot({ container: containerLabel(wc), setting }),
        locations: [wc.container.securityContext.source ?? wc.container.source],
        element: `${wc.workload.id}/${wc.container.name}#writable-root`,
        data: { workload: wc.workload.id, container: wc.container.name },
      });
    }
    return {
      findings,
      strength:
        containers.length > 0 && findings.length === 0
          ? `All ${containers.length} containers run with a read-only root filesystem`
          : undefined,
    };
  },
};
