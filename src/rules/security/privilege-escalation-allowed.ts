import { defineMessages } from '../messages.js';
import { deployment, RESTRICTED_CONTAINER } from '../shared/example-manifests.js';
import { containerLabel, containersOf, isCompose, runtimeWorkloads } from '../shared/k8s.js';
import type { FindingDraft, Rule } from '../types.js';

const { messages, say } = defineMessages({
  escalationNotDisabled: '{{container}} allows privilege escalation (no {{setting}})',
  escalationAllowed: '{{container}} allows privilege escalation (it sets `allowPrivilegeEscalation: true`)',
});

export const privilegeEscalationAllowed: Rule = {
  id: 'security/privilege-escalation-allowed',
  area: 'security',
  severity: 'low',
  title: 'Privilege escalation not disabled',
  messages,
  sources: ['kube-linter:privilege-escalation-container', 'checkov:CKV_K8S_20'],
  rationale:
    'Unless `allowPrivilegeEscalation: false` is set (compose: `security_opt: [no-new-privileges:true]`), a process can ' +
    'gain more privileges than its parent through setuid/setgid binaries or file capabilities in the image — the usual ' +
    'step from code execution as an unprivileged user to root. Kubernetes defaults it to allowed; the Pod Security ' +
    'Standards "restricted" profile and the CIS Docker Benchmark require it off. It is defence in depth (it needs a ' +
    'setuid binary and code execution first), hence the low severity.',
  references: [
    'Kubernetes Pod Security Standards, restricted profile: Privilege Escalation (https://kubernetes.io/docs/concepts/security/pod-security-standards/)',
    'CIS Docker Benchmark v1.2.0, 5.25 "Ensure that the container is restricted from acquiring additional privileges"',
    'NSA/CISA Kubernetes Hardening Guide v1.2, "Kubernetes Pod security"',
  ],
  recommendation:
    'Set `allowPrivilegeEscalation: false` on every container (compose: `security_opt: ["no-new-privileges:true"]`).',
  fix: {
    description: 'Forbid privilege escalation in the container securityContext.',
    language: 'yaml',
    snippet:
      'securityContext:\n  allowPrivilegeEscalation: false\n# compose\n# security_opt:\n#   - no-new-privileges:true',
  },
  examples: {
    fail: {
      description: 'orders leaves privilege escalation at the Kubernetes default (allowed)',
      files: { 'k8s/orders.yaml': deployment() },
      findings: [
        {
          at: 'k8s/orders.yaml:15',
          messageId: 'escalationNotDisabled',
          message:
            'Deployment orders container `orders` allows privilege escalation (no `allowPrivilegeEscalation: false`)',
        },
      ],
    },
    pass: {
      description: 'orders sets allowPrivilegeEscalation: false',
      files: { 'k8s/orders.yaml': deployment({ container: RESTRICTED_CONTAINER }) },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    const containers = containersOf(runtimeWorkloads(model));
    for (const wc of containers) {
      const sec = wc.container.securityContext;
      if (sec.allowPrivilegeEscalation === false) continue;
      if (sec.privileged === true) continue; // security/privileged-container says more
      const said =
        sec.allowPrivilegeEscalation === true && !isCompose(wc.workload)
          ? say.escalationAllowed({ container: containerLabel(wc) })
          : say.escalationNotDisabled({
              container: containerLabel(wc),
              setting: isCompose(wc.workload)
                ? '`security_opt: [no-new-privileges:true]`'
                : '`allowPrivilegeEscalation: false`',
            });
      findings.push({
        ...said,
        locations: [sec.source ?? wc.container.source],
        element: `${wc.workload.id}/${wc.container.name}#privilege-escalation`,
        severity: sec.allowPrivilegeEscalation === true ? 'medium' : 'low',
        data: { workload: wc.workload.id, container: wc.container.name },
      });
    }
    return {
      findings,
      strength:
        containers.length > 0 && findings.length === 0
          ? `All ${containers.length} containers forbid privilege escalation`
          : undefined,
    };
  },
};
