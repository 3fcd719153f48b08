/**
 * The CI recipes in the docs and the composite action are code teams copy: they must parse as workflows, use
 * action majors that run this year (Node 24 runtimes, codeql-action v4), ask for the permissions code scanning
 * needs, skip the SARIF upload for forks, run Node 22+, install the right npm package, and review once.
 */
import { mkdtempSync, readFileSync as read, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { cli } from '../helpers/run-cli.js';

const repo = path.resolve(import.meta.dirname, '../..');
const text = (p: string): string => readFileSync(path.join(repo, p), 'utf8');

/** The oldest major of each action that runs on a supported runtime this month (December 2026). */
const MIN_MAJOR: Record<string, number> = {
  'actions/checkout': 6,
  'actions/setup-node': 6,
  'actions/upload-artifact': 6,
  'actions/download-artifact': 7,
  'actions/cache': 5,
  'github/codeql-action/upload-sarif': 4,
  'github/codeql-action/init': 4,
  'github/codeql-action/analyze': 4,
};

const docFiles = [
  'README.md',
  ...readdirSync(path.join(repo, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  ...readdirSync(path.join(repo, 'docs/rules')).map((f) => `docs/rules/${f}`),
];

/** Fenced YAML blocks that start at the margin (indented ones are fragments inside a list). */
function yamlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  name?: string;
  id?: string;
}
interface Workflow {
  on: unknown;
  permissions?: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; steps: Step[]; permissions?: Record<string, string> }>;
}

const workflows: { file: string; wf: Workflow }[] = [];
const allSteps: { file: string; step: Step }[] = [];
for (const file of docFiles) {
  for (const block of yamlBlocks(text(file))) {
    const docs = parseAllDocuments(block);
    // the recipes must parse; rule examples may be deliberately broken and are not recipes
    if (file === 'docs/ci.md' || file === 'docs/diff.md')
      for (const d of docs) expect(d.errors, `${file}: ${block.slice(0, 60)}`).toEqual([]);
    for (const parsed of docs) {
      if (parsed.errors.length) continue;
      const doc = parsed.toJS() as unknown;
      if (doc && typeof doc === 'object' && 'jobs' in doc && 'on' in doc) {
        workflows.push({ file, wf: doc as Workflow });
        for (const job of Object.values((doc as Workflow).jobs))
          for (const step of job.steps) allSteps.push({ file, step });
      } else if (
        Array.isArray(doc) &&
        doc.every((x) => x && typeof x === 'object' && ('uses' in x || 'run' in x))
      )
        for (const step of doc as Step[]) allSteps.push({ file, step });
    }
  }
}
const action = parse(text('action.yml')) as {
  runs: { using: string; steps: (Step & { shell?: string })[] };
  inputs: Record<string, { default?: string }>;
};
for (const step of action.runs.steps) allSteps.push({ file: 'action.yml', step });

const reviewsIn = (steps: Step[]): number =>
  steps
    .map((s) => s.run ?? '')
    .join('\n')
    .match(/\bplumbline review\b/g)?.length ?? 0;

describe('CI recipes in the docs', () => {
  it('finds the recipes (GitHub workflows in docs/ci.md and docs/diff.md, the action)', () => {
    expect(workflows.map((w) => w.file)).toEqual(expect.arrayContaining(['docs/ci.md', 'docs/diff.md']));
    expect(action.runs.using).toBe('composite');
  });

  it('parse as workflows: every job has runs-on and steps, every step uses an action or runs a command', () => {
    for (const { file, wf } of workflows) {
      for (const [name, job] of Object.entries(wf.jobs)) {
        expect(job['runs-on'], `${file} ${name}`).toBeTruthy();
        expect(Array.isArray(job.steps), `${file} ${name}`).toBe(true);
      }
    }
    for (const { file, step } of allSteps) {
      expect(Boolean(step.uses) !== Boolean(step.run), `${file}: ${JSON.stringify(step)}`).toBe(true);
      for (const v of Object.values(step)) {
        const s = typeof v === 'string' ? v : JSON.stringify(v);
        expect(s.split('${{').length, `${file}: unbalanced expression in ${s}`).toBe(s.split('}}').length);
      }
    }
    for (const step of action.runs.steps) if (step.run) expect(step.shell, step.name).toBe('bash');
  });

  it('use current action majors everywhere (docs, the action, rule fix snippets)', () => {
    const sources = [
      ...docFiles.map((f) => [f, text(f)] as const),
      ['action.yml', text('action.yml')] as const,
      ['src/rules/practices/ci-pipeline.ts', text('src/rules/practices/ci-pipeline.ts')] as const,
    ];
    let checked = 0;
    for (const [file, body] of sources) {
      for (const m of body.matchAll(/uses:\s*([\w.-]+\/[\w./-]+)@v(\d+)/g)) {
        const min = MIN_MAJOR[m[1]!];
        if (min === undefined) continue;
        checked++;
        expect(Number(m[2]), `${file}: ${m[1]}@v${m[2]}`).toBeGreaterThanOrEqual(min);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it('grant what code scanning needs and skip the SARIF upload for pull requests from forks', () => {
    let uploads = 0;
    for (const { file, wf } of workflows) {
      for (const job of Object.values(wf.jobs)) {
        const sarif = job.steps.filter((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
        if (!sarif.length) continue;
        const perms = { ...wf.permissions, ...job.permissions };
        expect(perms['security-events'], file).toBe('write');
        expect(perms.actions, file).toBe('read');
        expect(perms.contents, file).toBe('read');
        for (const s of sarif) {
          uploads++;
          expect(s.if, `${file}: fork guard`).toMatch(/head\.repo\.full_name == github\.repository/);
        }
      }
    }
    expect(uploads).toBeGreaterThanOrEqual(2);
  });

  it('run Node 22 or newer', () => {
    const versions: string[] = [];
    for (const { step } of allSteps)
      if (step.with?.['node-version']) versions.push(String(step.with['node-version']));
    versions.push(action.inputs['node-version']!.default!);
    for (const file of ['docs/ci.md', 'docs/diff.md'])
      for (const m of text(file).matchAll(/image:\s*node:(\d+)/g)) versions.push(m[1]!);
    const literal = versions.filter((v) => !v.includes('${{'));
    expect(literal.length).toBeGreaterThanOrEqual(3);
    for (const v of literal) expect(Number.parseInt(v, 10), v).toBeGreaterThanOrEqual(22);
  });

  it('install plumbline-arch (npm’s `plumbline` is another package) and review once per job', () => {
    for (const { file, wf } of workflows) {
      for (const [name, job] of Object.entries(wf.jobs)) {
        const runs = job.steps.map((s) => s.run ?? '').join('\n');
        if (!/\bplumbline (review|diff)\b/.test(runs)) continue;
        expect(runs, `${file} ${name}`).not.toMatch(/npx plumbline/);
        expect(runs, `${file} ${name}`).toMatch(/npm install --global plumbline-arch|npx -p plumbline-arch/);
        expect(reviewsIn(job.steps), `${file} ${name}`).toBeLessThanOrEqual(1);
      }
    }
    expect(reviewsIn(action.runs.steps)).toBe(1);
    for (const file of docFiles.filter((f) => f !== 'README.md'))
      for (const line of text(file).split('\n'))
        if (/npx plumbline\b/.test(line)) expect(line, file).toMatch(/save-dev plumbline-arch|installed/);
  });

  it('the GitHub recipe’s one review writes every report it later uses', async () => {
    const wf = workflows.find((w) => w.file === 'docs/ci.md')!.wf;
    const step = Object.values(wf.jobs)[0]!.steps.find((s) => /\bplumbline review\b/.test(s.run ?? ''))!;
    const command = step
      .run!.replace(/\\\n\s*/g, ' ')
      .split('\n')
      .find((l) => /^\s*plumbline review/.test(l))!
      .replace(/\$\{\{[^}]*\}\}/g, 'x');
    const argv = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!).slice(1);
    const cwd = mkdtempSync(path.join(tmpdir(), 'plumbline-recipe-'));
    const args = argv.map((a) => (a === '.' ? path.join(repo, 'examples/shop') : a));
    const withDir = args.map((a) =>
      a.replace(/^(md-summary:)?(plumbline[\w.-]*)$/, (_, p = '', f) => `${p}${path.join(cwd, f)}`),
    );
    const r = await cli(...withDir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // the example has high findings; the workflow turns 1 into a failed last step
    const used = Object.values(wf.jobs)[0]!.steps.flatMap((s) => [
      ...(s.run ?? '').matchAll(/\b(plumbline[\w-]*\.(?:md|sarif|html))\b/g),
      ...JSON.stringify(s.with ?? {}).matchAll(/\b(plumbline[\w-]*\.(?:md|sarif|html))\b/g),
    ]);
    expect(used.length).toBeGreaterThan(3);
    for (const m of used) expect(read(path.join(cwd, m[1]!), 'utf8').length, m[1]).toBeGreaterThan(0);
    expect(read(path.join(cwd, 'plumbline-summary.md'), 'utf8').length).toBeLessThan(60_000);
  });
});

describe('pre-commit hook (.pre-commit-hooks.yaml)', () => {
  interface Hook {
    id: string;
    name: string;
    entry: string;
    language: string;
    files?: string;
    args?: string[];
    pass_filenames?: boolean;
  }
  const hooks = parse(text('.pre-commit-hooks.yaml')) as Hook[];
  const hook = hooks.find((h) => h.id === 'plumbline-review')!;
  /** pre-commit's `files` is a Python regex; these patterns use only syntax both engines read alike. */
  const files = new RegExp(hook.files ?? '');

  it('defines plumbline-review with what pre-commit requires, running the package’s bin on the whole tree', () => {
    expect(hooks.length).toBeGreaterThanOrEqual(1);
    for (const h of hooks) {
      for (const key of ['id', 'name', 'entry', 'language'] as const)
        expect(h[key], `${h.id}.${key}`).toBeTruthy();
      expect(['node', 'system'], h.id).toContain(h.language);
    }
    const pkg = JSON.parse(text('package.json')) as { bin: Record<string, string> };
    expect(Object.keys(pkg.bin)).toContain(hook.entry.split(' ')[0]);
    expect(hook.entry).toBe('plumbline review');
    expect(hook.pass_filenames).toBe(false);
    expect(hook.args).toEqual(['.', '--fail-on', 'high']);
  });

  it('runs for the artifacts Plumbline reads and not for prose or code', () => {
    for (const f of [
      'docker-compose.yml',
      'k8s/orders.yaml',
      'services/orders/Dockerfile',
      'Dockerfile.prod',
      'api/orders.openapi.json',
      'proto/orders.proto',
      'db/migrations/001_init.sql',
      'prisma/schema.prisma',
      'plumbline.yaml',
      'build/api.dockerfile',
    ])
      expect(files.test(f), f).toBe(true);
    for (const f of ['README.md', 'src/orders.ts', 'docs/Dockerfile.md', 'Dockerfile.txt', 'LICENSE'])
      expect(files.test(f), f).toBe(false);
  });

  it('is documented in docs/ci.md with a config that names it, and its command works as written', async () => {
    const blocks = yamlBlocks(text('docs/ci.md'))
      .map((b) => parse(b) as { repos?: { repo: string; hooks: { id: string; args?: string[] }[] }[] })
      .filter((d) => d && typeof d === 'object' && Array.isArray(d.repos));
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const remote = blocks.flatMap((b) => b.repos!).find((r) => r.repo !== 'local')!;
    expect(remote.hooks.map((h) => h.id)).toContain(hook.id);
    // the hook's command against the example: high findings fail the commit (exit 1), with the terminal report
    const [, command] = hook.entry.split(' ');
    const r = await cli(
      command!,
      ...hook.args!.map((a) => (a === '.' ? path.join(repo, 'examples/shop') : a)),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/high/i);
  });
});

describe('fix texts', () => {
  it('advertise only commands the CLI has', async () => {
    const { allRules } = await import('../../src/rules/index.js');
    const commands = ['scan', 'review', 'rules', 'design', 'diff'];
    for (const rule of allRules) {
      for (const text of [rule.recommendation, rule.fix.description, rule.fix.snippet ?? '']) {
        for (const m of text.matchAll(/\bplumbline ([a-z-]+)/g))
          expect(commands, `${rule.id}: "${m[0]}"`).toContain(m[1]);
      }
    }
  });
});
