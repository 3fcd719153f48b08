import { formatSource } from '../../model/provenance.js';
import type { Source } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { deployment, RESTRICTED_CONTAINER } from '../shared/example-manifests.js';
import {
  containerLabel,
  containersOf,
  effectiveSecurity,
  imageBuildFor,
  imageReference,
  isCompose,
  isRootUser,
  runtimeWorkloads,
} from '../shared/k8s.js';
import { isTooling } from '../shared/roles.js';
import type { FindingDraft, Rule } from '../types.js';

const { messages, say } = defineMessages({
  userZero: '{{container}} runs as root: {{setting}} is set to 0',
  rootImage:
    "{{container}} runs as root: it {{setting}}, and its image's Dockerfile ({{dockerfile}}) {{user}}",
  mayRunAsRoot:
    "{{container}} may run as root: it {{setting}}, so the image's default user applies (root unless the image sets a USER)",
});

export const containerRunsAsRoot: Rule = {
  id: 'security/container-runs-as-root',
  area: 'security',
  severity: 'medium',
  title: 'Container runs as root',
  messages,
  sources: ['kube-linter:run-as-non-root', 'checkov:CKV_K8S_23'],
  rationale:
    'A process running as UID 0 inside a container is root on the host the moment a kernel or runtime bug lets it out, and ' +
    'it can rewrite everything in its own image meanwhile. The NSA/CISA Kubernetes Hardening Guide and the Pod Security ' +
    'Standards "restricted" profile require containers to run as a non-root user (`runAsNonRoot: true`), which also makes ' +
    'the kubelet refuse to start an image that would run as root; the CIS Docker Benchmark asks for a USER in every image. ' +
    'When nothing sets a user, the image decides — and most base images default to root. A compose file beside Kubernetes ' +
    'manifests is treated as the development setup: the Kubernetes workload is judged.',
  references: [
    'NSA/CISA Kubernetes Hardening Guide v1.2, "Use containers built to run applications as non-root users"',
    'Kubernetes Pod Security Standards, restricted profile: Running as Non-root (https://kubernetes.io/docs/concepts/security/pod-security-standards/)',
    'CIS Docker Benchmark v1.2.0, 4.1 "Ensure that a user for the container has been created"',
  ],
  recommendation:
    'Set `runAsNonRoot: true` and a non-zero `runAsUser` in the pod securityContext (or `user: "10001:10001"` in compose), ' +
    'and give the image a non-root USER so it runs the same everywhere.',
  fix: {
    description: 'Run the pod as a fixed non-root user and make the kubelet enforce it.',
    language: 'yaml',
    snippet:
      'spec:\n  template:\n    spec:\n      securityContext:\n        runAsNonRoot: true\n        runAsUser: 10001\n        runAsGroup: 10001\n        fsGroup: 10001\n# Dockerfile\n# RUN adduser -D -u 10001 app\n# USER 10001',
  },
  examples: {
    fail: {
      description: 'orders sets no user anywhere: the image default (root) applies',
      files: { 'k8s/orders.yaml': deployment() },
      findings: [
        {
          at: 'k8s/orders.yaml:15',
          messageId: 'mayRunAsRoot',
          message:
            "Deployment orders container `orders` may run as root: it sets neither runAsNonRoot: true nor a non-zero runAsUser (pod or container), so the image's default user applies (root unless the image sets a USER)",
        },
      ],
    },
    pass: {
      description: 'orders runs as UID 10001 and the kubelet enforces non-root',
      files: { 'k8s/orders.yaml': deployment({ container: RESTRICTED_CONTAINER }) },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    const containers = containersOf(runtimeWorkloads(model));
    for (const wc of containers) {
      const { workload, container } = wc;
      const sec = effectiveSecurity(workload, container);
      const evidence: Source[] = [container.source];
      if (container.securityContext.source) evidence.push(container.securityContext.source);
      else if (workload.podSecurityContext?.source) evidence.push(workload.podSecurityContext.source);
      const element = `${workload.id}/${container.name}#run-as-root`;
      if (sec.runAsUser === 0) {
        findings.push({
          ...say.userZero({
            container: containerLabel(wc),
            setting: isCompose(workload) ? 'user' : 'runAsUser',
          }),
          locations: evidence,
          element,
          severity: 'high',
          data: { workload: workload.id, container: container.name, runAsUser: 0 },
        });
        continue;
      }
      if (sec.runAsNonRoot === true || (sec.runAsUser !== undefined && sec.runAsUser > 0)) continue;
      const build = imageBuildFor(model, workload);
      if (build && !isRootUser(build.user)) continue;
      const setting = isCompose(workload)
        ? 'sets no `user:`'
        : sec.runAsNonRoot === false
          ? 'sets runAsNonRoot: false and no non-zero runAsUser'
          : 'sets neither runAsNonRoot: true nor a non-zero runAsUser (pod or container)';
      if (build) {
        findings.push({
          ...say.rootImage({
            container: containerLabel(wc),
            setting,
            dockerfile: formatSource(build.source),
            user: build.user === undefined ? 'has no USER' : `sets USER ${build.user}`,
          }),
          locations: [...evidence, build.source],
          element,
          severity: 'high',
          data: {
            workload: workload.id,
            container: container.name,
            dockerfile: build.file,
            user: build.user ?? null,
          },
        });
        continue;
      }
      const service = model.services.find((s) => s.id === workload.serviceId);
      findings.push({
        ...say.mayRunAsRoot({ container: containerLabel(wc), setting }),
        locations: evidence,
        element,
        // a load generator or other test tool is not part of the product's attack surface
        ...(service && isTooling(service) ? { severity: 'low' as const } : {}),
        data: { workload: workload.id, container: container.name, image: imageReference(container) ?? null },
      });
    }
    return {
      findings,
      strength:
        containers.length > 0 && findings.length === 0
          ? `All ${containers.length} containers run as a non-root user`
          : undefined,
    };
  },
};
