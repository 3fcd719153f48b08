import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRootSpec, RootsError, resolveRoots, scanRepositories } from '../../src/discover/roots.js';
import { reviewRepositories } from '../../src/index.js';
import type { SystemModel } from '../../src/model/schema.js';
import type { Report } from '../../src/review/report.js';
import { corpusPath, corpusTitle } from '../helpers/corpus.js';
import { cli } from '../helpers/run-cli.js';

const fixture = path.resolve(__dirname, '../fixtures/multi-root');
const roots = ['deploy-repo', 'orders-repo', 'billing-repo', 'shipping-repo'].map((r) =>
  path.join(fixture, r),
);

describe('one system across several repositories (fixture)', () => {
  let model: SystemModel;
  beforeAll(async () => {
    model = (await scanRepositories(roots)).model;
  });

  it('names each root and keeps it in every location', () => {
    expect(model.repositories?.map((r) => r.name)).toEqual([
      'deploy-repo',
      'orders-repo',
      'billing-repo',
      'shipping-repo',
    ]);
    const files = model.artifacts.map((a) => a.file);
    expect(files).toContain('orders-repo:api/openapi.yaml');
    expect(files).toContain('deploy-repo:k8s/orders.yaml');
    for (const f of files) expect(f).toMatch(/^(deploy|orders|billing|shipping)-repo:/);
    for (const d of model.diagnostics) expect(d.file).toMatch(/^[a-z-]+:/);
  });

  it('unites a service repository with the deployment by image and records why', () => {
    const orders = model.services.find((s) => s.id === 'orders-app')!;
    expect(orders.repositories).toEqual(['deploy-repo', 'orders-repo']);
    expect(orders.unitedBy).toEqual([
      { by: 'image', value: 'acme/orders', repositories: ['deploy-repo', 'orders-repo'] },
    ]);
    // the contract from the service's own repository belongs to the deployed service
    expect(orders.apis).toEqual(['openapi:orders-repo/api/openapi.yaml']);
    expect(model.services.some((s) => s.id === 'orders-service')).toBe(false);
  });

  it('attaches a contract-only repository to the deployed service of that name', () => {
    const billing = model.services.find((s) => s.id === 'billing')!;
    expect(billing.apis).toEqual(['openapi:billing-repo/openapi.yaml']);
    expect(billing.unitedBy?.[0]).toMatchObject({ by: 'name', value: 'billing' });
  });

  it('reports two repositories defining one service differently', () => {
    const conflicts = model.diagnostics.filter((d) => d.origin === 'repositories');
    expect(conflicts.map((d) => d.message)).toEqual([
      expect.stringContaining(
        'service shipping is defined differently in repositories deploy-repo and shipping-repo: deploy-repo runs acme/shipping, shipping-repo runs parcelco/shipping',
      ),
      expect.stringContaining('service shipping is deployed by more than one repository'),
    ]);
    expect(conflicts[0]!.file).toBe('deploy-repo:k8s/shipping.yaml');
  });

  it('refuses overlapping, missing and duplicate roots', async () => {
    await expect(resolveRoots([{ dir: fixture }, { dir: roots[0]! }])).rejects.toThrow(RootsError);
    await expect(resolveRoots([{ dir: roots[0]! }, { dir: roots[0]! }])).rejects.toThrow(/given twice/);
    await expect(resolveRoots([{ dir: path.join(fixture, 'nope') }])).rejects.toThrow(/does not exist/);
    expect(parseRootSpec(`${roots[0]}@main`)).toEqual({ dir: roots[0], ref: 'main' });
    expect(parseRootSpec(roots[0]!)).toEqual({ dir: roots[0] });
  });

  it('reviews from the command line in every format with root-named locations', async () => {
    const json = await cli('review', ...roots, '--system', 'acme', '--format', 'json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.system.name).toBe('acme');
    expect(report.system.repositories).toHaveLength(4);
    const located = report.findings.flatMap((f) => f.locations.map((l) => l.file));
    expect(located.length).toBeGreaterThan(0);
    for (const f of located) expect(f).toMatch(/^[a-z-]+-repo:/);
    const md = await cli('review', ...roots, '--format', 'md');
    expect(md.stdout).toContain('deploy-repo:k8s/');
    const sarif = JSON.parse((await cli('review', ...roots, '--format', 'sarif')).stdout);
    const run = sarif.runs[0];
    expect(Object.keys(run.originalUriBaseIds).sort()).toEqual([
      'billing-repo',
      'deploy-repo',
      'orders-repo',
      'shipping-repo',
    ]);
    const locations = run.results.flatMap(
      (r: { locations?: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }) =>
        (r.locations ?? []).map((l) => l.physicalLocation.artifactLocation),
    );
    expect(locations.length).toBeGreaterThan(0);
    for (const l of locations) {
      expect(Object.keys(run.originalUriBaseIds)).toContain(l.uriBaseId);
      expect(l.uri).not.toContain('%3A');
    }
    const scan = JSON.parse((await cli('scan', ...roots, '--format', 'json')).stdout) as SystemModel;
    expect(scan.services.find((s) => s.id === 'orders-app')?.repositories).toEqual([
      'deploy-repo',
      'orders-repo',
    ]);
  });

  it('reads the repositories a plumbline.yaml lists, git refs of local clones included', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'plumbline-roots-'));
    const clone = path.join(work, 'orders-repo');
    cpSync(roots[1]!, clone, { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: clone });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'orders');
    // the work tree changes after the commit: the ref, not the work tree, is read
    writeFileSync(path.join(clone, 'api/openapi.yaml'), 'not: [a contract');
    const system = path.join(work, 'system');
    cpSync(roots[0]!, system, { recursive: true });
    writeFileSync(
      path.join(system, 'plumbline.yaml'),
      'system: shop\nrepositories:\n  - .\n  - ../orders-repo@main\n',
    );
    const r = await cli('review', system, '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.system.name).toBe('shop');
    expect(report.system.repositories).toEqual([
      { name: 'system', root: system },
      { name: 'orders-repo', root: clone, ref: 'main' },
    ]);
    // the committed contract was read, not the broken work-tree copy
    expect(report.system.artifacts.openapi).toBe(1);
    expect(report.diagnostics.some((d) => d.file.startsWith('orders-repo:api/'))).toBe(false);
    const bad = await cli('review', system, '--changed-since', 'HEAD');
    expect(bad.code).toBe(2);
  });
});

const SOCK = 'sock-shop';
const SERVICES = 'sock-shop-services';
describe.skipIf(!existsSync(corpusPath(SOCK)) || !existsSync(corpusPath(SERVICES)))(
  corpusTitle('sock-shop deployment + service repositories as one system', SERVICES),
  () => {
    let report: Report;
    let model: SystemModel;
    beforeAll(async () => {
      const dirs = [corpusPath(SOCK), corpusPath(SERVICES)];
      report = await reviewRepositories(dirs, { name: 'sock-shop' });
      model = (await scanRepositories(dirs, { name: 'sock-shop' })).model;
    }, 120_000);

    it('gives the Swagger contracts to the services the Kubernetes manifests deploy', () => {
      expect(report.system.name).toBe('sock-shop');
      for (const name of ['carts', 'catalogue', 'orders', 'payment', 'user']) {
        const service = model.services.find((s) => s.id === name)!;
        expect(service, name).toBeDefined();
        const k8s = model.deployables.filter((d) => d.serviceId === name && d.kind !== 'compose-service');
        expect(k8s.length, name).toBeGreaterThan(0);
        expect(
          k8s.every((d) => d.source.file.startsWith('sock-shop:deploy/kubernetes/')),
          name,
        ).toBe(true);
        const apis = model.apis.filter((a) => a.serviceId === name);
        expect(apis.length, name).toBe(1);
        expect(apis[0]!.file, name).toMatch(new RegExp(`^sock-shop-services:${name}/api-?spec/`));
        expect(service.repositories).toEqual(['sock-shop', 'sock-shop-services']);
        expect(service.unitedBy?.[0]).toMatchObject({ by: 'name', value: name });
      }
    });

    it('names the root in every location of the report', () => {
      const files = [
        ...report.findings.flatMap((f) => f.locations.map((l) => l.file)),
        ...report.diagnostics.map((d) => d.file),
      ];
      expect(files.length).toBeGreaterThan(50);
      for (const f of files) expect(f).toMatch(/^sock-shop(-services)?:/);
      expect(files.some((f) => f.startsWith('sock-shop-services:catalogue/api-spec/catalogue.json'))).toBe(
        true,
      );
    });
  },
);
