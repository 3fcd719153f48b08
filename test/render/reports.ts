/** Reports the renderer tests share: the fixture system with the test rules, a suppression and a baseline. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { discoverDirectory } from '../../src/discover/index.js';
import { review } from '../../src/review/index.js';
import type { Report } from '../../src/review/report.js';
import { CORPUS, discoverFixture, TEST_RULES } from '../review/helpers.js';

/** Every report shape at once: findings of three severities, one suppressed, some baselined. */
export async function richFixtureReport(): Promise<Report> {
  const discovery = await discoverFixture();
  const plain = review(discovery, { rules: {} }, { rules: TEST_RULES });
  const probe = plain.findings.filter((f) => f.ruleId === 'practices/test-probe');
  return review(
    discovery,
    {
      rules: {},
      suppressions: [
        {
          rule: 'practices/test-probe',
          element: probe[0]!.element,
          reason: 'probe served by the sidecar <envoy> & checked there',
          source: { file: 'plumbline.yaml', line: 3 },
        },
      ],
      baseline: {
        file: '.plumbline-baseline.json',
        fingerprints: probe.slice(1, 3).map((f) => f.fingerprint),
      },
    },
    { rules: TEST_RULES },
  );
}

/** The fixture reviewed with the real rule packs. */
export async function realFixtureReport(): Promise<Report> {
  return review(await discoverFixture());
}

export const EXAMPLE_SHOP = path.resolve(__dirname, '../../examples/shop');

/** Third-party systems reviewed with the real rule packs (only those present on this machine). */
export const CORPUS_SYSTEMS = ['microservices-demo', 'sock-shop'].map((name) => ({
  name,
  dir: path.join(CORPUS, name),
}));

export const corpusPresent = CORPUS_SYSTEMS.every((s) => existsSync(s.dir));

export async function reviewDir(dir: string): Promise<Report> {
  return review(await discoverDirectory(dir));
}
