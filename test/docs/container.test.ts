/**
 * The container image recipe (Dockerfile, deploy/compose.yaml, deploy/kubernetes/plumbline-job.yaml) passes
 * Plumbline's own review with no high or critical finding, and the Dockerfile keeps the properties docs/ci.md
 * promises: multi-stage, a pinned Node 22+ base, a non-root user, nothing written to the root file system.
 * No Docker daemon runs here, so the image itself is not built; what can be checked without one is.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { discoverDirectory } from '../../src/discover/index.js';
import { review } from '../../src/review/index.js';
import type { Report } from '../../src/review/report.js';
import { onlyPaths } from '../helpers/corpus.js';

const repo = path.resolve(import.meta.dirname, '../..');
const read = (p: string) => readFileSync(path.join(repo, p), 'utf8');
const RECIPE = ['Dockerfile', 'deploy/compose.yaml', 'deploy/kubernetes/plumbline-job.yaml'];

describe('container image recipe', () => {
  let report: Report;
  beforeAll(async () => {
    report = review(await discoverDirectory(repo, onlyPaths(...RECIPE)));
  });

  it("Plumbline's own review of the Dockerfile and the run recipes finds nothing high or critical", () => {
    expect(report.system.artifacts).toMatchObject({ dockerfile: 1, compose: 1, kubernetes: 1 });
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const serious = report.findings.filter((f) => f.severity === 'high' || f.severity === 'critical');
    expect(serious.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    // the properties the recipe exists for are reviewed, not merely unflagged
    const ids = new Set(report.findings.map((f) => f.ruleId));
    for (const id of [
      'security/container-runs-as-root',
      'security/writable-root-filesystem',
      'security/privilege-escalation-allowed',
      'security/capabilities-not-dropped',
      'security/mutable-image-tag',
      'security/missing-network-policy',
    ])
      expect(ids.has(id), id).toBe(false);
    expect(report.rulesRun).toContain('security/writable-root-filesystem');
  });

  it('the Dockerfile is multi-stage on a pinned Node 22+ base and runs as a non-root user', () => {
    const dockerfile = DockerfileParser.parse(read('Dockerfile'));
    const froms = dockerfile.getFROMs();
    expect(froms.length).toBeGreaterThanOrEqual(3);
    const arg = dockerfile
      .getInitialARGs()
      .map((a) => a.getProperty())
      .find((p) => p?.getName() === 'NODE_IMAGE');
    const image = arg?.getValue() ?? '';
    const m = /^node:(\d+)\.(\d+)\.(\d+)-[a-z]+-slim(@sha256:[0-9a-f]{64})?$/.exec(image);
    expect(m, image).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(22);
    for (const from of froms) expect(from.getImage()).toMatch(/^\$\{NODE_IMAGE\}$/);

    const instructions = dockerfile.getInstructions();
    const lastFrom = instructions.lastIndexOf(froms.at(-1)!);
    const runtime = instructions.slice(lastFrom);
    const user = runtime.filter((i) => i.getKeyword() === 'USER').at(-1);
    expect(user?.getArgumentsContent()).toMatch(/^(node|[1-9]\d*)(:\d+)?$/);
    // nothing in the runtime stage runs a build or writes after the switch to the user
    expect(runtime.filter((i) => i.getKeyword() === 'RUN')).toEqual([]);
    expect(runtime.find((i) => i.getKeyword() === 'ENTRYPOINT')?.getArgumentsContent()).toBe('["plumbline"]');
  });

  it('copies what the package needs, and .dockerignore keeps none of it out', () => {
    const pkg = JSON.parse(read('package.json')) as { files: string[] };
    const dockerfile = DockerfileParser.parse(read('Dockerfile'));
    const copied = dockerfile
      .getCOPYs()
      .filter((c) => !c.getFlags().some((f) => f.getName() === 'from'))
      .flatMap((c) => c.getArguments().slice(0, -1))
      .map((a) => a.getValue().replace(/\/$/, ''));
    for (const src of copied) expect(existsSync(path.join(repo, src)), src).toBe(true);
    // `dist` is built inside the image; every other shipped folder is copied in
    for (const shipped of pkg.files.filter((f) => f !== 'dist')) expect(copied, shipped).toContain(shipped);
    for (const needed of ['src', 'scripts', 'web', 'package-lock.json', 'tsconfig.build.json'])
      expect(copied, needed).toContain(needed);
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const src of copied) expect(ignored, src).not.toContain(src);
  });

  it('the compose and Kubernetes recipes run it read-only, unprivileged and without network', () => {
    const compose = parseAllDocuments(read('deploy/compose.yaml'))[0]!.toJS() as {
      services: Record<string, Record<string, unknown>>;
    };
    const svc = compose.services.plumbline!;
    expect(svc).toMatchObject({ read_only: true, network_mode: 'none', cap_drop: ['ALL'] });
    expect(String(svc.user)).not.toMatch(/^(0|root)\b/);
    expect(svc.tmpfs).toContain('/tmp');
    const [job] = parseAllDocuments(read('deploy/kubernetes/plumbline-job.yaml')).map((d) => d.toJS());
    const container = job.spec.template.spec.containers[0];
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    expect(job.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
  });

  it('is documented in docs/ci.md with the read-only run command', () => {
    const ci = read('docs/ci.md');
    expect(ci).toMatch(/^## Container image$/m);
    expect(ci).toMatch(/docker run [^\n]*--read-only[^\n]*--tmpfs \/tmp/);
    for (const file of RECIPE) expect(ci).toContain(file);
  });
});
