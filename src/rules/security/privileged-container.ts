import type { Deployable } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { containerLabel, containersOf, workloadLabel } from '../shared/k8s.js';
import type { FindingDraft, Rule } from '../types.js';

const DOCKER_SOCKET = /(^|\/)(docker|containerd|crio)\.sock$|\/run\/containerd\/?$/;

/** Volumes of the workload that expose the container runtime's socket (root on the host by another name). */
function runtimeSocketVolumes(d: Deployable): string[] {
  const fromVolumes = d.volumes
    .filter((v) => v.claimOrSource && DOCKER_SOCKET.test(v.claimOrSource))
    .map((v) => v.claimOrSource as string);
  const fromMounts = d.containers.flatMap((c) =>
    c.volumeMounts.filter((m) => DOCKER_SOCKET.test(m.mountPath)).map((m) => m.mountPath),
  );
  return [...new Set([...fromVolumes, ...fromMounts])].sort();
}

const { messages, say } = defineMessages({
  privileged: "{{container}} runs privileged: it has every capability and the host's devices",
  runtimeSocket:
    '{{workload}} mounts the container runtime socket ({{sockets}}): anything in it can start privileged containers on the host',
});

export const privilegedContainer: Rule = {
  id: 'security/privileged-container',
  area: 'security',
  severity: 'high',
  title: 'Privileged container or container runtime socket mounted',
  messages,
  sources: [
    'kube-linter:privileged-container',
    'kube-linter:docker-sock',
    'kube-linter:privilege-escalation-container',
    'kube-score:container-security-context-privileged',
    'checkov:CKV_K8S_16',
    'checkov:CKV_K8S_27',
  ],
  rationale:
    'A privileged container has every capability and every host device: it is root on the node, and one compromised ' +
    'process owns the whole machine and every other pod on it. Mounting the Docker or containerd socket is the same ' +
    'thing by another route — whoever can talk to the socket can start a privileged container. The NSA/CISA guide, the ' +
    'Pod Security Standards (baseline already forbids `privileged`) and the CIS Docker Benchmark all rule both out for ' +
    'application workloads.',
  references: [
    'Kubernetes Pod Security Standards, baseline profile: Privileged Containers, HostPath Volumes (https://kubernetes.io/docs/concepts/security/pod-security-standards/)',
    'CIS Docker Benchmark v1.2.0, 5.4 "Ensure that privileged containers are not used" and 5.31 "Ensure that the Docker socket is not mounted inside any containers"',
    'NSA/CISA Kubernetes Hardening Guide v1.2, "Kubernetes Pod security — Pod security enforcement"',
  ],
  recommendation:
    'Remove `privileged: true`; grant only the single capability the process needs (and drop ALL others). Do not mount the ' +
    'container runtime socket: use the Kubernetes API with a narrowly scoped ServiceAccount, or a dedicated build service.',
  fix: {
    description: 'Replace privilege with the one capability the process needs.',
    language: 'yaml',
    snippet:
      'securityContext:\n  privileged: false\n  allowPrivilegeEscalation: false\n  capabilities:\n    drop: ["ALL"]\n    add: ["NET_BIND_SERVICE"]   # only if it must bind a port below 1024',
  },
  examples: {
    fail: {
      description: 'the worker runs privileged and mounts the Docker socket',
      files: {
        'docker-compose.yml':
          'services:\n  worker:\n    image: shop/worker:2.1.0\n    privileged: true\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n',
      },
      findings: [
        {
          at: 'docker-compose.yml:2',
          messageId: 'runtimeSocket',
          message:
            'compose service worker (docker-compose.yml) mounts the container runtime socket (/var/run/docker.sock): anything in it can start privileged containers on the host',
        },
        {
          at: 'docker-compose.yml:4',
          messageId: 'privileged',
          message:
            "compose service worker (docker-compose.yml) runs privileged: it has every capability and the host's devices",
        },
      ],
    },
    pass: {
      description: 'the worker runs unprivileged without the socket',
      files: {
        'docker-compose.yml':
          'services:\n  worker:\n    image: shop/worker:2.1.0\n    cap_drop:\n      - ALL\n    read_only: true\n',
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    const containers = containersOf(model.deployables);
    for (const wc of containers) {
      if (wc.container.securityContext.privileged !== true) continue;
      findings.push({
        ...say.privileged({ container: containerLabel(wc) }),
        locations: [wc.container.securityContext.source ?? wc.container.source],
        element: `${wc.workload.id}/${wc.container.name}#privileged`,
        data: { workload: wc.workload.id, container: wc.container.name },
      });
    }
    for (const d of model.deployables) {
      const sockets = runtimeSocketVolumes(d);
      if (sockets.length === 0) continue;
      findings.push({
        ...say.runtimeSocket({ workload: workloadLabel(d), sockets: sockets.join(', ') }),
        locations: [d.source],
        element: `${d.id}#runtime-socket`,
        data: { workload: d.id, sockets },
      });
    }
    return {
      findings,
      strength:
        containers.length > 0 && findings.length === 0
          ? `None of the ${containers.length} containers runs privileged or mounts the container runtime socket`
          : undefined,
    };
  },
};
