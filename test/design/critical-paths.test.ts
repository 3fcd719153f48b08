import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { scaffoldFiles, writeScaffolds } from '../../src/design/index.js';
import { criticalPathsFor } from '../../src/design/scaffold/critical-paths.js';
import { review, scanDirectory } from '../../src/index.js';
import { loadReviewConfig } from '../../src/review/config-load.js';
import { designExample, designVariant, EXAMPLES } from './helpers.js';

type Obj = Record<string, any>;

/** What the design's availability math walks, per example: deployables in call order, then their stores. */
const EXPECTED: Record<(typeof EXAMPLES)[number], Record<string, string[]>> = {
  'crud-saas': { 'issue-invoice': ['invoicely', 'invoicely-db'] },
  marketplace: { checkout: ['ordering', 'payments', 'ordering-db', 'payments-db'] },
  telemetry: {
    'ingest-readings': ['ingest', 'ingest-tsdb'],
    'evaluate-alarms': ['alarms', 'alarms-db'],
  },
  'drone-delivery': {
    'ingest-telemetry': ['telemetry', 'telemetry-tsdb'],
    'plan-mission': ['missions', 'fleet', 'fleet-db', 'missions-db'],
    'send-command': ['command', 'command-db'],
  },
};

const manifestOf = (files: Record<string, string>) => parse(files['plumbline.yaml']) as Obj;

describe('plumbline.yaml criticalPaths in the design scaffold', () => {
  for (const name of EXAMPLES) {
    const design = designExample(name);
    const files = scaffoldFiles(design);

    it(`${name}: declares the critical capability paths`, () => {
      expect(manifestOf(files).criticalPaths).toEqual(EXPECTED[name]);
    });

    it(`${name}: each declared path is exactly one the availability math computes`, () => {
      for (const declared of criticalPathsFor(design)) {
        const path = design.math.availabilityPaths.find((p) => p.capability === declared.name);
        expect(path, declared.name).toBeDefined();
        const math = path!.math.proposed.components;
        const fromMath = [
          ...math.filter((c) => c.kind === 'service').map((c) => c.name),
          ...math.filter((c) => c.kind === 'database').map((c) => c.name.replace(/ \([a-z-]+\)$/, '')),
        ];
        expect(declared.services).toEqual(fromMath);
      }
    });

    it(`${name}: every service on a path is in compose; deployables also in Kubernetes, stores are managed`, () => {
      const compose = parse(files['deploy/compose/docker-compose.yaml']) as Obj;
      const k8s = Object.entries(files)
        .filter(([path]) => path.startsWith('deploy/kubernetes/'))
        .flatMap(([, text]) => parseAllDocuments(text).map((doc) => doc.toJS() as Obj));
      const k8sNamed = (kind: string) =>
        new Set(k8s.filter((x) => x.kind === kind).map((x) => x.metadata.name as string));
      const manifest = manifestOf(files);
      const deployables = new Set(design.deployables.map((x) => x.name));
      for (const services of Object.values<string[]>(manifest.criticalPaths)) {
        expect(services.length).toBeGreaterThanOrEqual(2);
        for (const service of services) {
          expect(Object.keys(compose.services)).toContain(service);
          if (deployables.has(service)) {
            expect(k8sNamed('Deployment')).toContain(service);
            expect(k8sNamed('Service')).toContain(service);
          } else {
            // production runs stores as managed services outside the cluster; the manifest says so, so the
            // availability rule counts them as one managed component at the design's database figure
            expect(manifest.overrides.datastores[service]).toEqual({
              replicated: true,
              backup: true,
              external: true,
            });
          }
        }
      }
    });
  }

  it('leaves out a path that repeats an earlier one, and names it after the busier capability', () => {
    const design = designVariant('crud-saas', (raw) => {
      raw.capabilities.find((k: Obj) => k.name === 'take-payment').critical = true;
    });
    expect(criticalPathsFor(design)).toEqual([
      { name: 'issue-invoice', services: ['invoicely', 'invoicely-db'] },
    ]);
  });

  it('falls back to the busiest capability when none is flagged critical, as the math does', () => {
    const design = designVariant('marketplace', (raw) => {
      for (const k of raw.capabilities) delete k.critical;
    });
    const busiest = [...design.requirements.capabilities].sort((a, b) => b.peakRps - a.peakRps)[0]!;
    const paths = criticalPathsFor(design);
    expect(paths).toHaveLength(1);
    expect(paths[0]!.name).toBe(busiest.name);
    const owner = design.deployables.find((x) => x.contexts.includes(busiest.context))!;
    expect(paths[0]!.services[0]).toBe(owner.name);
    expect(paths[0]!.services).toEqual(expect.arrayContaining(owner.stores));
  });
});

describe('round trip: the review evaluates the declared critical paths', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  for (const name of EXAMPLES) {
    it(`${name}: paths resolve with source lines, meet the target, and nothing is high or critical`, async () => {
      const dir = await mkdtemp(join(tmpdir(), `plumbline-critical-${name}-`));
      dirs.push(dir);
      await writeScaffolds(designExample(name), dir);
      const config = await loadReviewConfig(dir);
      expect(config.errors).toEqual([]);
      const discovery = await scanDirectory(dir);
      const model = discovery.model;

      // declared with the manifest line of each path's key
      const lines = (await readFile(join(dir, 'plumbline.yaml'), 'utf8')).split('\n');
      const declared = model.declared.criticalPaths;
      expect(declared.map((p) => [p.name, p.services])).toEqual(Object.entries(EXPECTED[name]));
      for (const p of declared) {
        expect(p.source.file).toBe('plumbline.yaml');
        expect(lines[p.source.line - 1]?.trim()).toBe(`${p.name}:`);
      }
      // every name resolves: no "not in the discovered system" warning from the manifest
      expect(model.diagnostics.filter((x) => x.origin === 'manifest')).toEqual([]);
      const ids = new Set(model.services.map((s) => s.id));
      for (const p of declared) for (const s of p.services) expect(ids).toContain(s);

      const report = review(discovery, { rules: config.rules });
      const serious = report.findings.filter((f) => f.severity === 'high' || f.severity === 'critical');
      expect(serious.map((f) => `${f.severity} ${f.message}`)).toEqual([]);
      // the availability and latency rules assessed the declared paths, not an inferred chain
      const strength = (ruleId: string) => report.strengths.find((s) => s.ruleId === ruleId)?.message ?? '';
      expect(report.findings.filter((f) => f.ruleId === 'resilience/availability-budget')).toEqual([]);
      for (const p of declared) {
        expect(strength('resilience/availability-budget')).toMatch(
          new RegExp(`(^|; )Critical path ${p.name} computes to [\\d.]+%, meeting the`),
        );
        expect(strength('performance/latency-budget')).toContain(p.services.join(' → '));
      }
      expect(strength('resilience/availability-budget')).not.toContain('longest synchronous chain');
    });
  }
});
