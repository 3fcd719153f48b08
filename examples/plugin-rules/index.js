/**
 * A team's own Plumbline rule, outside the library: an ES module that exports `rules`, each in the same shape
 * as a built-in rule (id, area, severity, title, messages, rationale, references, recommendation, fix, examples,
 * check). Findings name one of `messages` by `messageId` (in TypeScript, `defineMessages` from the package builds
 * both).
 * Load it from plumbline.yaml:
 *
 *   plugins:
 *     - ./examples/plugin-rules/index.js
 *
 * @typedef {import('plumbline-arch').Rule} Rule
 */

const labelled = (team) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
spec:
  selector:
    matchLabels:
      app: orders
  template:
    metadata:
      labels:
        app: orders${team ? `\n        team: ${team}` : ''}
    spec:
      containers:
        - name: orders
          image: registry.example.com/orders:1.4.2
`;

/** @type {Rule} */
export const teamLabel = {
  id: 'practices/team-label',
  area: 'practices',
  severity: 'low',
  title: 'Workload pods carry a team label',
  messages: { noTeamLabel: '{{kind}} {{name}} has no `team` pod label' },
  rationale:
    'Alerts, cost reports and incident tooling route by the `team` pod label; a workload without one pages nobody.',
  references: ['Internal platform handbook: labelling workloads'],
  recommendation: 'Add a `team` label to the pod template of every workload.',
  fix: {
    description: 'Label the pod template with the owning team.',
    language: 'yaml',
    snippet: 'template:\n  metadata:\n    labels:\n      team: checkout',
  },
  examples: {
    fail: { description: 'orders has no team label', files: { 'k8s/orders.yaml': labelled() } },
    pass: { description: 'orders is labelled', files: { 'k8s/orders.yaml': labelled('checkout') } },
  },
  check(model) {
    const workloads = model.deployables.filter((d) => d.kind !== 'compose-service');
    const findings = workloads
      .filter((d) => !d.podLabels?.team)
      .map((d) => ({
        messageId: 'noTeamLabel',
        message: `${d.kind} ${d.name} has no \`team\` pod label`,
        args: { kind: d.kind, name: d.name },
        locations: [d.source],
        element: `${d.id}#team-label`,
      }));
    return {
      findings,
      strength:
        workloads.length && !findings.length ? `All ${workloads.length} workloads carry a team label` : undefined,
    };
  },
};

export const rules = [teamLabel];
