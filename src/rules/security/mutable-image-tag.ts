import { defineMessages } from '../messages.js';
import { deployment } from '../shared/example-manifests.js';
import {
  containerLabel,
  containersOf,
  imageReference,
  isBuildPlaceholder,
  isTemplated,
  parseImageRef,
} from '../shared/k8s.js';
import type { FindingDraft, Rule } from '../types.js';

/** Why an image reference is mutable (no tag, or `latest`), or undefined when it is pinned to a version or digest. */
function mutableKind(image: string): 'noTag' | 'latestTag' | undefined {
  const ref = parseImageRef(image);
  if (ref.digest) return undefined;
  if (!ref.tag) return 'noTag';
  if (ref.tag.toLowerCase() === 'latest') return 'latestTag';
  return undefined;
}

const { messages, say } = defineMessages({
  latestTag: '{{container}} image `{{image}}` uses the `latest` tag',
  noTag: '{{container}} image `{{image}}` has no tag (Docker pulls `latest`)',
  baseLatestTag: 'Dockerfile {{dockerfile}}: base image `{{image}}` uses the `latest` tag',
  baseNoTag: 'Dockerfile {{dockerfile}}: base image `{{image}}` has no tag (Docker pulls `latest`)',
});

export const mutableImageTag: Rule = {
  id: 'security/mutable-image-tag',
  area: 'security',
  severity: 'medium',
  title: 'Image referenced by `latest` or without a tag',
  messages,
  sources: [
    'kube-linter:latest-tag',
    'kube-score:container-image-tag',
    'checkov:CKV_K8S_14',
    'checkov:CKV_DOCKER_7',
    'hadolint:DL3006',
    'hadolint:DL3007',
  ],
  rationale:
    '`latest` (or no tag, which means latest) names whatever was pushed last: two nodes can run different code under the ' +
    'same manifest, a rollback redeploys the new image, and a compromised or broken upstream push reaches production ' +
    'without review. Pinning a version tag — better, a digest — makes a deployment reproducible and auditable. ' +
    "Bare image names that name the workload itself (Online Boutique's `image: frontend`) are build placeholders that " +
    'skaffold or kustomize replace with a built, tagged image, and are not reported.',
  references: [
    'Kubernetes documentation: Images — image names and tags ("avoid using the :latest tag") (https://kubernetes.io/docs/concepts/containers/images/)',
    'NSA/CISA Kubernetes Hardening Guide v1.2, "Kubernetes Pod security — container images" (use trusted, scanned, pinned images)',
    'OWASP Docker Security Cheat Sheet, "Pin base image versions"',
  ],
  recommendation:
    'Reference every image by an explicit version tag, ideally with its digest (`redis:7.2.4@sha256:…`), and let a bot ' +
    '(Renovate, Dependabot) propose upgrades.',
  fix: {
    description: 'Pin the image to a version and digest.',
    language: 'yaml',
    snippet:
      'containers:\n- name: cache\n  image: redis:7.2.4-alpine@sha256:<digest from `docker buildx imagetools inspect redis:7.2.4-alpine`>',
  },
  examples: {
    fail: {
      description: 'orders runs shop/orders:latest',
      files: { 'k8s/orders.yaml': deployment({ image: 'shop/orders:latest' }) },
      findings: [
        {
          at: 'k8s/orders.yaml:15',
          messageId: 'latestTag',
          message: 'Deployment orders container `orders` image `shop/orders:latest` uses the `latest` tag',
        },
      ],
    },
    pass: {
      description: 'orders runs a pinned version',
      files: { 'k8s/orders.yaml': deployment({ image: 'shop/orders:1.4.0' }) },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    let considered = 0;
    let placeholders = 0;
    for (const wc of containersOf(model.deployables)) {
      const image = imageReference(wc.container);
      if (!image || isTemplated(image)) continue;
      if (isBuildPlaceholder(image, wc.workload, wc.container)) {
        placeholders++;
        continue;
      }
      considered++;
      const kind = mutableKind(image);
      if (!kind) continue;
      findings.push({
        ...say[kind]({ container: containerLabel(wc), image }),
        locations: [wc.container.source],
        element: `${wc.workload.id}/${wc.container.name}#image-tag`,
        data: { workload: wc.workload.id, container: wc.container.name, image },
      });
    }
    for (const build of model.images) {
      const stageNames = new Set<string>();
      for (const stage of build.stages) {
        const image = stage.image;
        const isStageRef = stageNames.has(image.toLowerCase());
        if (stage.name) stageNames.add(stage.name.toLowerCase());
        if (isStageRef || image === 'scratch' || isTemplated(image)) continue;
        considered++;
        const ref = `${image}${stage.tag ? `:${stage.tag}` : ''}${stage.digest ? `@${stage.digest}` : ''}`;
        const kind = mutableKind(ref);
        if (!kind) continue;
        findings.push({
          ...(kind === 'latestTag' ? say.baseLatestTag : say.baseNoTag)({ dockerfile: build.file, image }),
          locations: [stage.source],
          element: `${build.file}#from:${image}`,
          data: { dockerfile: build.file, image },
        });
      }
    }
    return {
      findings,
      strength:
        considered > 0 && findings.length === 0
          ? `All ${considered} image references are pinned to a version tag or digest${
              placeholders > 0 ? ` (${placeholders} more are build placeholders the build tool replaces)` : ''
            }`
          : undefined,
    };
  },
};
