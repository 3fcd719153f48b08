import { defineMessages } from '../messages.js';
import { deployment, RESTRICTED_CONTAINER } from '../shared/example-manifests.js';
import {
  containerLabel,
  containersOf,
  effectiveSecurity,
  isCompose,
  runtimeWorkloads,
} from '../shared/k8s.js';
import type { FindingDraft, Rule, Severity } from '../types.js';

/** The only capability the Pod Security Standards "restricted" profile lets a container add back. */
const RESTRICTED_ALLOWED = new Set(['NET_BIND_SERVICE']);

/** Capabilities the "baseline" profile tolerates (Docker's defaults); anything beyond these is a real escalation. */
const BASELINE_ALLOWED = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

const { messages, say } = defineMessages({
  notDropped: '{{container}} does not drop ALL capabilities{{setting}}',
  added: '{{container}} adds {{added}}',
  addedBeyondDefaults: '{{container}} adds {{added}} ({{beyond}} go beyond the container defaults)',
  notDroppedAndAdded: '{{container}} does not drop ALL capabilities{{setting}} and adds {{added}}',
  notDroppedAndAddedBeyondDefaults:
    '{{container}} does not drop ALL capabilities{{setting}} and adds {{added}} ({{beyond}} go beyond the container defaults)',
});

export const capabilitiesNotDropped: Rule = {
  id: 'security/capabilities-not-dropped',
  area: 'security',
  severity: 'medium',
  title: 'Linux capabilities added or not dropped',
  messages,
  sources: [
    'kube-linter:drop-net-raw-capability',
    'kube-linter:privilege-escalation-container',
    'checkov:CKV_K8S_25',
    'checkov:CKV_K8S_28',
    'checkov:CKV_K8S_37',
    'checkov:CKV_K8S_39',
  ],
  rationale:
    'Containers start with a default set of Linux capabilities (chown, setuid, raw sockets, ...) that an application ' +
    'process almost never needs and an attacker can use. Dropping ALL and adding back only what is required is the ' +
    'Pod Security Standards "restricted" rule; adding capabilities beyond Docker\'s defaults (SYS_ADMIN, NET_ADMIN, ' +
    'SYS_PTRACE, ...) is forbidden even by "baseline" because several are equivalent to root on the host. A compose ' +
    'file beside Kubernetes manifests is treated as the development setup: the Kubernetes workload is judged.',
  references: [
    'Kubernetes Pod Security Standards: Capabilities (baseline and restricted) (https://kubernetes.io/docs/concepts/security/pod-security-standards/)',
    'NSA/CISA Kubernetes Hardening Guide v1.2, "Kubernetes Pod security"',
    'CIS Docker Benchmark v1.2.0, 5.3 "Ensure that Linux kernel capabilities are restricted within containers"',
  ],
  recommendation:
    'Drop ALL capabilities and add back only NET_BIND_SERVICE when the process must bind a port below 1024; for stores ' +
    'whose entrypoint switches user (CHOWN/SETUID/SETGID), run the image as its non-root user directly instead.',
  fix: {
    description: 'Drop every capability; add back only what the process needs.',
    language: 'yaml',
    snippet:
      'securityContext:\n  capabilities:\n    drop: ["ALL"]\n    add: ["NET_BIND_SERVICE"]   # only when binding a port < 1024\n# compose\n# cap_drop: [ALL]',
  },
  examples: {
    fail: {
      description: 'orders keeps the default capabilities and adds NET_ADMIN',
      files: {
        'k8s/orders.yaml': deployment({
          container: ['securityContext:', '  capabilities:', '    add: ["NET_ADMIN"]'],
        }),
      },
      findings: [
        {
          at: 'k8s/orders.yaml:19',
          messageId: 'notDroppedAndAddedBeyondDefaults',
          message:
            'Deployment orders container `orders` does not drop ALL capabilities and adds NET_ADMIN (NET_ADMIN go beyond the container defaults)',
          severity: 'high',
        },
      ],
    },
    pass: {
      description: 'orders drops ALL capabilities',
      files: { 'k8s/orders.yaml': deployment({ container: RESTRICTED_CONTAINER }) },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    const containers = containersOf(runtimeWorkloads(model));
    for (const wc of containers) {
      const sec = effectiveSecurity(wc.workload, wc.container);
      if (wc.container.securityContext.privileged === true) continue; // security/privileged-container
      const dropsAll = sec.capabilitiesDrop.includes('ALL');
      const added = sec.capabilitiesAdd.filter((c) => !RESTRICTED_ALLOWED.has(c)).sort();
      const beyondBaseline = added.filter((c) => c === 'ALL' || !BASELINE_ALLOWED.has(c));
      if (dropsAll && added.length === 0) continue;
      const severity: Severity = beyondBaseline.length > 0 ? 'high' : added.length > 0 ? 'medium' : 'low';
      const container = containerLabel(wc);
      // compose names the setting; a Kubernetes securityContext's `drop: [ALL]` needs no hint
      const setting = isCompose(wc.workload) ? ' (`cap_drop: [ALL]`)' : '';
      const list = added.join(', ');
      const beyond = beyondBaseline.join(', ');
      const said = dropsAll
        ? beyondBaseline.length > 0
          ? say.addedBeyondDefaults({ container, added: list, beyond })
          : say.added({ container, added: list })
        : added.length === 0
          ? say.notDropped({ container, setting })
          : beyondBaseline.length > 0
            ? say.notDroppedAndAddedBeyondDefaults({ container, setting, added: list, beyond })
            : say.notDroppedAndAdded({ container, setting, added: list });
      findings.push({
        ...said,
        locations: [wc.container.securityContext.source ?? wc.container.source],
        element: `${wc.workload.id}/${wc.container.name}#capabilities`,
        severity,
        data: { workload: wc.workload.id, container: wc.container.name, dropsAll, added, beyondBaseline },
      });
    }
    return {
      findings,
      strength:
        containers.length > 0 && findings.length === 0
          ? `All ${containers.length} containers drop ALL capabilities and add none beyond NET_BIND_SERVICE`
          : undefined,
    };
  },
};
