import { defineMessages } from '../messages.js';
import { isKubernetes } from '../shared/k8s.js';
import type { Rule } from '../types.js';
import { IAC_PATTERNS, matchedLabels, rootLocation } from './evidence.js';

const { messages, say } = defineMessages({
  composeOnly:
    'Only docker-compose ({{file}}) describes how the system runs; no Terraform, Helm, Kustomize or Kubernetes manifests found in the scanned tree',
  noIac:
    'No infrastructure as code found in the scanned tree (Terraform, Helm, Kustomize, Kubernetes manifests, compose)',
});

export const infrastructureAsCode: Rule = {
  id: 'practices/infrastructure-as-code',
  area: 'practices',
  repositoryLevel: true,
  severity: 'info',
  title: 'No infrastructure as code for the deployment',
  messages,
  rationale:
    'When the environment is described in versioned files (Terraform, Helm, Kustomize, Kubernetes manifests) it can be ' +
    'reviewed, reproduced and rolled back; when it is clicked together or only described for a developer laptop ' +
    '(compose), production drifts from what anyone can read, and reviews like this one see only part of the system.',
  references: [
    'AWS Well-Architected Framework, Operational Excellence pillar, design principle "Perform operations as code" (https://docs.aws.amazon.com/wellarchitected/latest/operational-excellence-pillar/)',
    'Morris, Infrastructure as Code (2nd ed., 2020)',
  ],
  recommendation:
    'Describe the runtime environment in code — Kubernetes manifests with Kustomize or a Helm chart, and Terraform (or ' +
    'similar) for the cloud resources around it — and deploy only from it.',
  fix: {
    description: 'Kustomize base listing the service manifests.',
    language: 'yaml',
    snippet:
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - orders.yaml\n  - orders-db.yaml',
  },
  examples: {
    fail: {
      description: 'only a compose file describes how the system runs',
      files: { 'docker-compose.yml': 'services:\n  orders:\n    image: shop/orders:1.4.0\n' },
      findings: [
        {
          at: 'docker-compose.yml:2',
          messageId: 'composeOnly',
          message:
            'Only docker-compose (docker-compose.yml) describes how the system runs; no Terraform, Helm, Kustomize or Kubernetes manifests found in the scanned tree',
        },
      ],
    },
    pass: {
      description: 'Kubernetes manifests and a Kustomization',
      files: {
        'k8s/orders.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\nspec:\n  selector:\n    matchLabels:\n      app: orders\n  template:\n    metadata:\n      labels:\n        app: orders\n    spec:\n      containers:\n      - name: orders\n        image: shop/orders:1.4.0\n',
        'k8s/kustomization.yaml':
          'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - orders.yaml\n',
      },
    },
  },
  check(model, ctx) {
    if (ctx.paths.length === 0 && model.artifacts.length === 0) return { findings: [] }; // an empty tree
    const found = matchedLabels(ctx.paths, IAC_PATTERNS);
    const manifests = model.deployables.filter(isKubernetes);
    if (manifests.length > 0)
      found.unshift({
        label: 'Kubernetes manifests',
        path: manifests.map((d) => d.source.file).sort()[0] as string,
      });
    if (found.length > 0)
      return {
        findings: [],
        strength: `Infrastructure described as code (${found.map((f) => `${f.label}: ${f.path}`).join(', ')})`,
      };
    const compose = model.deployables.find((d) => d.kind === 'compose-service');
    return {
      findings: [
        {
          ...(compose ? say.composeOnly({ file: compose.source.file }) : say.noIac()),
          locations: [compose?.source ?? rootLocation(ctx.paths, model.artifacts)],
          element: 'practices#iac',
        },
      ],
    };
  },
};
