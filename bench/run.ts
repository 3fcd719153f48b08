/**
 * `npm run bench`: Plumbline and its peers side by side on the same inputs, in one run.
 * Prints median wall time and peak RSS per tool and input, with ratios (peer / Plumbline, Plumbline / floor),
 * then a synthetic size series and a cold vs warm (cached) run.
 *
 * Flags: --runs N (default 3) · --quick (skip Spectral on inputs holding the 13 MB GitHub spec, ~80 s a run)
 * · --no-synthetic · --mid (only the mid-size specs, 0.5–3 MB, and their targets). Spectral runs once on the
 * GitHub inputs either way.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { generateCodeRepository } from './code-synthetic.js';
import { type Measurement, measure, median } from './measure.js';
import { generateSystem } from './synthetic.js';

const repo = path.resolve(import.meta.dirname, '..');
const corpus = path.resolve(repo, '../shared/corpus');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const quick = args.includes('--quick');
const midOnly = args.includes('--mid');
// Plumbline refuses to write its report through anything but a regular file (docs/security.md): not /dev/null
const outFile = path.join(mkdtempSync(path.join(tmpdir(), 'plumbline-bench-out-')), 'report.json');
const node = process.execPath;
const plumblineBin = path.join(repo, 'bin/plumbline.js');

interface Input {
  name: string;
  path: string;
  specs: string[];
  /** Holds the 13 MB GitHub spec, on which Spectral takes minutes. */
  huge?: boolean;
  /** A mid-size spec (0.5–3 MB): the issue-14 targets apply. */
  mid?: boolean;
}

interface Row {
  input: string;
  tool: string;
  m: Measurement;
}

function tools(input: Input): { name: string; cmd: string; args: string[]; runs?: number }[] {
  const list = [
    { name: 'floor (parse+walk)', cmd: node, args: [path.join(repo, 'bench/floor.mjs'), ...input.specs] },
    {
      name: 'plumbline',
      cmd: node,
      args: [plumblineBin, 'review', input.path, '--format', 'json', '--fail-on', 'none', '--out', outFile],
    },
    {
      name: 'spectral (spectral:oas)',
      cmd: node,
      args: [
        path.join(repo, 'node_modules/@stoplight/spectral-cli/dist/index.js'),
        'lint',
        '-r',
        path.join(repo, 'bench/spectral.yaml'),
        '-f',
        'json',
        '-q',
        ...input.specs,
      ],
      runs: input.huge ? 1 : undefined,
    },
    {
      name: 'redocly (recommended)',
      cmd: node,
      args: [
        path.join(repo, 'node_modules/@redocly/cli/bin/cli.js'),
        'lint',
        '--config',
        path.join(repo, 'bench/redocly.yaml'),
        '--format',
        'json',
        ...input.specs,
      ],
    },
  ];
  if (quick && input.huge) return list.filter((t) => !t.name.startsWith('spectral'));
  return list;
}

function specsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...specsUnder(p));
    else if (entry.name.endsWith('.json') && !entry.name.startsWith('LICENSE')) out.push(p);
  }
  return out.sort();
}

function fmt(n: number, digits = 2): string {
  return n.toFixed(digits);
}

function main(): void {
  if (!existsSync(corpus)) {
    console.error(`bench: ../shared/corpus not found at ${corpus}; nothing to measure`);
    process.exit(2);
  }
  if (!existsSync(path.join(repo, 'dist/cli/main.js'))) {
    console.error('bench: run `npm run build` first');
    process.exit(2);
  }
  const github = path.join(corpus, 'github-rest/api.github.com.json');
  const medium = path.join(corpus, 'apis-guru/box.com.json');
  const small = path.join(corpus, 'apis-guru/taxrates.io.json');
  const sized = (label: string, file: string) => `${label} (${Math.round(statSync(file).size / 1024)} KB)`;
  const openai = path.join(corpus, 'openai-openapi/openapi.yaml');
  const slack = path.join(corpus, 'slack-api-specs/web-api/slack_web_openapi_v2.json');
  const netbox = path.join(corpus, 'apis-guru/netboxdemo.com.json');
  const midInputs: Input[] = [
    { name: sized('openai YAML', openai), path: openai, specs: [openai], mid: true },
    { name: sized('slack 2.0 JSON', slack), path: slack, specs: [slack], mid: true },
    { name: sized('box.com', medium), path: medium, specs: [medium], mid: true },
    { name: sized('netbox', netbox), path: netbox, specs: [netbox], mid: true },
  ].filter((i) => existsSync(i.path));
  const inputs: Input[] = midOnly
    ? midInputs
    : [
        { name: 'github-rest (13 MB)', path: github, specs: [github], huge: true },
        ...midInputs,
        { name: `taxrates.io (${Math.round(statSync(small).size / 1024)} KB)`, path: small, specs: [small] },
        {
          name: 'whole corpus',
          path: corpus,
          specs: [github, ...specsUnder(path.join(corpus, 'apis-guru'))],
          huge: true,
        },
      ];

  console.log(
    `Plumbline bench · ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}) · node ${process.version} · median of ${runs} runs`,
  );
  const rows: Row[] = [];
  for (const input of inputs) {
    for (const tool of tools(input)) {
      process.stderr.write(`  measuring ${tool.name} on ${input.name}…\n`);
      const m = measure(tool.cmd, tool.args, tool.runs ?? runs);
      // Plumbline runs with --fail-on none: any other exit is a crash, and its time would mean nothing.
      if (tool.name === 'plumbline' && m.exitCode !== 0)
        console.error(`bench: plumbline exited ${m.exitCode} on ${input.name}`);
      rows.push({ input: input.name, tool: tool.name, m });
    }
  }
  printTable(rows);
  printMidTargets(rows, midInputs);
  if (midOnly) return;
  printTargets(rows, inputs[0]!.name);
  exampleValidation(github);
  if (!args.includes('--no-synthetic')) {
    synthetic();
    codeRepository();
  }
  cache(corpus);
}

function printTable(rows: Row[]): void {
  console.log('');
  console.log(
    '| input | tool | wall s | CPU s | peak RSS MB | tool / plumbline (wall) | tool / plumbline (CPU) | plumbline / floor (wall) |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const mine = rows.find((r) => r.input === row.input && r.tool === 'plumbline')!.m;
    const floor = rows.find((r) => r.input === row.input && r.tool.startsWith('floor'))!.m;
    const vsMine =
      row.tool === 'plumbline' ? '' : `${fmt(row.m.wallSeconds / Math.max(mine.wallSeconds, 0.01), 1)}×`;
    const vsMineCpu =
      row.tool === 'plumbline' ? '' : `${fmt(row.m.cpuSeconds / Math.max(mine.cpuSeconds, 0.01), 1)}×`;
    const vsFloor =
      row.tool === 'plumbline' ? `${fmt(mine.wallSeconds / Math.max(floor.wallSeconds, 0.01), 1)}×` : '';
    console.log(
      `| ${row.input} | ${row.tool} | ${fmt(row.m.wallSeconds)} | ${fmt(row.m.cpuSeconds)} | ${fmt(row.m.peakRssMb, 0)} | ${vsMine} | ${vsMineCpu} | ${vsFloor} |`,
    );
  }
}

/** The issue-14 targets on the mid-size specs: median ratio ≥20× Spectral and ≥4× Redocly (wall and CPU). */
function printMidTargets(rows: Row[], mids: Input[]): void {
  if (mids.length === 0) return;
  const ratios = (peer: string, key: 'wallSeconds' | 'cpuSeconds') =>
    median(
      mids.flatMap((i) => {
        const mine = rows.find((r) => r.input === i.name && r.tool === 'plumbline')?.m;
        const other = rows.find((r) => r.input === i.name && r.tool.startsWith(peer))?.m;
        return mine && other ? [other[key] / Math.max(mine[key], 0.01)] : [];
      }),
    );
  console.log(`\nTargets on the ${mids.length} mid-size specs (median ratio):`);
  for (const [peer, target] of [
    ['spectral', 20],
    ['redocly', 4],
  ] as const) {
    const wall = ratios(peer, 'wallSeconds');
    const cpu = ratios(peer, 'cpuSeconds');
    console.log(
      `- ${wall >= target ? 'met' : 'NOT met'}: ≥${target}× faster than ${peer} (wall ${fmt(wall, 1)}×, CPU ${fmt(cpu, 1)}×)`,
    );
  }
}

/** The issue-8 targets on the GitHub spec, from this run's own measurements. */
function printTargets(rows: Row[], input: string): void {
  const of = (prefix: string) => rows.find((r) => r.input === input && r.tool.startsWith(prefix))?.m;
  const mine = of('plumbline')!;
  const check = (label: string, ok: boolean, detail: string) =>
    console.log(`- ${ok ? 'met' : 'NOT met'}: ${label} (${detail})`);
  console.log(`\nTargets on ${input}:`);
  const spectral = of('spectral');
  if (spectral)
    check(
      '≥100× faster than Spectral',
      spectral.wallSeconds / mine.wallSeconds >= 100,
      `${fmt(spectral.wallSeconds / mine.wallSeconds, 1)}×`,
    );
  const redocly = of('redocly')!;
  check(
    '≥5× faster than Redocly',
    redocly.wallSeconds / mine.wallSeconds >= 5,
    `${fmt(redocly.wallSeconds / mine.wallSeconds, 1)}×`,
  );
  check('peak RSS under 250 MB', mine.peakRssMb < 250, `${fmt(mine.peakRssMb, 0)} MB`);
  const floor = of('floor')!;
  check(
    'within 4× of the parse+walk floor',
    mine.wallSeconds / floor.wallSeconds <= 4,
    `${fmt(mine.wallSeconds / floor.wallSeconds, 1)}×`,
  );
}

function synthetic(): void {
  console.log('\nSynthetic systems (compose + k8s + OpenAPI per service):');
  console.log('| services | wall s | peak RSS MB | s per 100 services |');
  console.log('|---:|---:|---:|---:|');
  const times = new Map<number, number>();
  for (const n of [10, 100, 1000]) {
    const dir = mkdtempSync(path.join(tmpdir(), `plumbline-synth-${n}-`));
    try {
      generateSystem(dir, n);
      const m = measure(
        node,
        [plumblineBin, 'review', dir, '--format', 'json', '--fail-on', 'none', '--out', outFile],
        runs,
      );
      times.set(n, m.wallSeconds);
      console.log(
        `| ${n} | ${fmt(m.wallSeconds)} | ${fmt(m.peakRssMb, 0)} | ${fmt((m.wallSeconds / n) * 100)} |`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(
    `1,000 services / 100 services: ${fmt(times.get(1000)! / times.get(100)!, 1)}× (target: under 10×)`,
  );
}

/** Source-code discovery: 5,000 source files in six languages, cold and then from the --cache. */
function codeRepository(): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'plumbline-code-'));
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'plumbline-code-cache-'));
  try {
    generateCodeRepository(dir, 5000);
    const base = [plumblineBin, 'review', dir, '--format', 'json', '--fail-on', 'none', '--out', outFile];
    const cold = measure(node, base, runs);
    measure(node, [...base, '--cache', '--cache-dir', cacheDir], 1);
    const warm = measure(node, [...base, '--cache', '--cache-dir', cacheDir], runs);
    console.log(
      '\nSource code (5,000 files: Java, Kotlin, Go, Python, TypeScript, C#; 1 in 5 holds a client call):',
    );
    console.log(
      `cold ${fmt(cold.wallSeconds)} s · peak RSS ${fmt(cold.peakRssMb, 0)} MB · cached ${fmt(warm.wallSeconds)} s (target: a few seconds)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

/** Interpretive validation (what api/invalid-example runs) against ajv with every schema compiled once. */
function exampleValidation(spec: string): void {
  console.log('\nExample validation on github-rest, same (schema, example) pairs, fresh process each run:');
  console.log('| approach | ms (median) | schemas compiled | failed to compile | examples | invalid |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const approach of ['interpretive', 'ajv'] as const) {
    const results: {
      ms: number;
      compiles: number;
      failedCompiles: number;
      pairs: number;
      invalid: number;
    }[] = [];
    for (let i = 0; i < runs; i++) {
      const out = execFileSync(
        node,
        ['--import', 'tsx', path.join(repo, 'bench/example-validation.ts'), spec, approach],
        { cwd: repo, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      );
      results.push(JSON.parse(out.trim().split('\n').pop()!));
    }
    results.sort((a, b) => a.ms - b.ms);
    const r = results[Math.floor(results.length / 2)]!;
    const label = approach === 'ajv' ? 'ajv, each schema compiled once' : 'interpretive (Plumbline)';
    console.log(`| ${label} | ${r.ms} | ${r.compiles} | ${r.failedCompiles} | ${r.pairs} | ${r.invalid} |`);
  }
}

function cache(dir: string): void {
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'plumbline-cache-'));
  try {
    const base = [
      plumblineBin,
      'review',
      dir,
      '--format',
      'json',
      '--fail-on',
      'none',
      '--out',
      outFile,
      '--cache',
      '--cache-dir',
      cacheDir,
    ];
    const cold = measure(node, base, 1);
    const warm = measure(node, base, runs);
    console.log('\nCache (whole corpus):');
    console.log(
      `cold ${fmt(cold.wallSeconds)} s · warm ${fmt(warm.wallSeconds)} s · warm/cold ${fmt((warm.wallSeconds / cold.wallSeconds) * 100, 0)}% (target: under 20%)`,
    );
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

main();
