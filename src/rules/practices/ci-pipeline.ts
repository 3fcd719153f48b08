import { defineMessages } from '../messages.js';
import type { Rule } from '../types.js';
import { CI_PATTERNS, matchedLabels, rootLocation } from './evidence.js';

const { messages, say } = defineMessages({
  noCi: 'No CI configuration found in the scanned tree (.github/workflows, .gitlab-ci.yml, Jenkinsfile, .circleci, azure-pipelines, ...)',
});

const COMPOSE = 'services:\n  orders:\n    image: shop/orders:1.4.0\n';

export const ciPipeline: Rule = {
  id: 'practices/ci-pipeline',
  area: 'practices',
  repositoryLevel: true,
  severity: 'info',
  title: 'No CI pipeline configuration in the repository',
  messages,
  rationale:
    'A pipeline defined next to the code (build, test, scan, publish on every change) is what makes the rest of the ' +
    "architecture's promises checkable: contracts linted, images pinned and scanned, manifests validated before they " +
    "reach a cluster. DORA's research ties continuous integration to delivery performance and stability. Absence is " +
    'reported as information only: the scanned folder may be a deploy-only copy whose pipeline lives elsewhere.',
  references: [
    'DORA, "Capabilities: Continuous integration" (https://dora.dev/capabilities/continuous-integration/)',
    'AWS Well-Architected Framework, Operational Excellence pillar: OPS05 "Reduce defects, ease remediation, and improve flow into production"',
    'Humble & Farley, Continuous Delivery (2010), ch. 3',
  ],
  sources: ['threagile:missing-build-infrastructure'],
  recommendation:
    'Add a pipeline (GitHub Actions, GitLab CI, ...) that builds, tests and lints every change — including `plumbline ' +
    'review --fail-on high` so architecture findings block merges.',
  fix: {
    description: 'A minimal GitHub Actions workflow.',
    language: 'yaml',
    snippet:
      'name: ci\non: [push, pull_request]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n      - run: make test\n      - run: npx -p plumbline-arch plumbline review . --fail-on high',
  },
  examples: {
    fail: {
      description: 'a compose file and nothing else',
      files: { 'docker-compose.yml': COMPOSE },
      findings: [
        {
          at: 'docker-compose.yml:1',
          messageId: 'noCi',
          message:
            'No CI configuration found in the scanned tree (.github/workflows, .gitlab-ci.yml, Jenkinsfile, .circleci, azure-pipelines, ...)',
        },
      ],
    },
    pass: {
      description: 'a GitHub Actions workflow beside the compose file',
      files: {
        'docker-compose.yml': COMPOSE,
        '.github/workflows/ci.yml':
          'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n',
      },
    },
  },
  check(model, ctx) {
    if (ctx.paths.length === 0 && model.artifacts.length === 0) return { findings: [] }; // an empty tree
    const found = matchedLabels(ctx.paths, CI_PATTERNS);
    if (found.length > 0)
      return {
        findings: [],
        strength: `CI pipeline configured (${found.map((f) => `${f.label}: ${f.path}`).join(', ')})`,
      };
    return {
      findings: [
        {
          ...say.noCi(),
          locations: [rootLocation(ctx.paths, model.artifacts)],
          element: 'practices#ci',
        },
      ],
    };
  },
};
