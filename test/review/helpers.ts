/**
 * Shared test helpers: the hand-written fixture system read from disk, and a few small rules defined here so
 * the report, suppression and renderer tests do not depend on the rule packs (which grow independently).
 * The rules are real: they run over the discovered model and point at real lines of the fixture files.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type DiscoveryResult, discoverDirectory, discoverFiles } from '../../src/discover/index.js';
import type { SourceFile } from '../../src/discover/types.js';
import { defineMessages } from '../../src/rules/messages.js';
import type { Rule } from '../../src/rules/types.js';

export const FIXTURE = path.resolve(__dirname, '../fixtures/review/shop');
export const CORPUS = path.resolve(__dirname, '../../../shared/corpus');

const noExample = { description: 'not used by these tests', files: {} };

const latest = defineMessages({
  latestTag: 'Container {{container}} of {{workload}} runs {{image}} <latest>',
});
const replicas = defineMessages({ noReplicas: 'Deployment {{name}} does not set replicas' });
const probe = defineMessages({ noProbe: 'Container {{container}} has no readiness probe' });

/** Every container image tagged `latest` (or untagged): high. */
export const latestImageRule: Rule = {
  id: 'security/test-latest-image',
  area: 'security',
  severity: 'high',
  title: 'Test rule: image tagged latest',
  messages: latest.messages,
  rationale: 'A test rule: mutable tags make deployments unreproducible.',
  references: ['test reference'],
  recommendation: 'Pin the image to a version.',
  fix: { description: 'Pin the tag.', snippet: 'image: orders:1.2.3', language: 'yaml' },
  examples: { fail: noExample, pass: noExample },
  check(model) {
    const findings = model.deployables.flatMap((d) =>
      d.containers
        .filter((c) => !c.imageTag || c.imageTag === 'latest')
        .map((c) => ({
          ...latest.say.latestTag({ container: c.name, workload: d.name, image: String(c.image) }),
          element: `${d.id}#${c.name}`,
          locations: [c.source],
        })),
    );
    return { findings, strength: findings.length ? undefined : 'All images are pinned' };
  },
};

/** Every Deployment without an explicit replica count: medium, one shared fix (one recommendation). */
export const replicasRule: Rule = {
  id: 'resilience/test-replicas',
  area: 'resilience',
  severity: 'medium',
  title: 'Test rule: replicas not set',
  messages: replicas.messages,
  rationale: 'A test rule: one replica is one failure domain.',
  references: [],
  recommendation: 'Set replicas to at least 2.',
  fix: { description: 'Set replicas.', snippet: 'spec:\n  replicas: 2', language: 'yaml' },
  examples: { fail: noExample, pass: noExample },
  check(model) {
    return {
      findings: model.deployables
        .filter((d) => d.kind === 'Deployment' && d.replicas === undefined)
        .map((d) => ({
          ...replicas.say.noReplicas({ name: d.name }),
          element: d.id,
          locations: [d.source],
        })),
    };
  },
};

/** Every container without a readiness probe: low. */
export const probeRule: Rule = {
  id: 'practices/test-probe',
  area: 'practices',
  severity: 'low',
  title: 'Test rule: no readiness probe',
  messages: probe.messages,
  rationale: 'A test rule.',
  references: [],
  recommendation: 'Add a readiness probe.',
  fix: { description: 'Add a probe.' },
  examples: { fail: noExample, pass: noExample },
  check(model) {
    return {
      findings: model.deployables.flatMap((d) =>
        d.containers
          .filter((c) => !c.readinessProbe)
          .map((c) => ({
            ...probe.say.noProbe({ container: c.name }),
            element: `${d.id}#${c.name}#probe`,
            locations: [c.source],
          })),
      ),
    };
  },
};

/** A rule that applies and passes: contributes a strength. */
export const passingRule: Rule = {
  id: 'services/test-passing',
  area: 'services',
  severity: 'medium',
  title: 'Test rule that passes',
  messages: {},
  rationale: 'A test rule.',
  references: [],
  recommendation: 'Nothing to do.',
  fix: { description: 'Nothing.' },
  examples: { fail: noExample, pass: noExample },
  check(model) {
    return { findings: [], strength: `All ${model.services.length} services have names` };
  },
};

export const TEST_RULES: Rule[] = [latestImageRule, replicasRule, probeRule, passingRule];

export function discoverFixture(): Promise<DiscoveryResult> {
  return discoverDirectory(FIXTURE);
}

/** Discover in-memory files (paths relative, forward slashes) and a reader for inline comments. */
export function discoverText(files: Record<string, string>): {
  discovery: DiscoveryResult;
  readText: (file: string) => string | undefined;
} {
  const sources: SourceFile[] = Object.entries(files).map(([p, text]) => ({
    path: p,
    text,
    bytes: Buffer.byteLength(text),
  }));
  return { discovery: discoverFiles(sources, '.'), readText: (f) => files[f] };
}

export function fixtureText(rel: string): string {
  return readFileSync(path.join(FIXTURE, rel), 'utf8');
}
