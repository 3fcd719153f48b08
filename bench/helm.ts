/**
 * `node --import tsx bench/helm.ts [--runs N]`: time the built-in Helm renderer on the corpus charts (files
 * already in memory, as discovery hands them over). Prints the first (cold) render and the median wall and CPU
 * time of the warm ones per chart (CPU time is steadier on a busy machine).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findHelmCharts, renderHelmChart } from '../src/discover/helm/index.js';

const corpus = path.resolve(import.meta.dirname, '../../shared/corpus');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 20;
const charts = [
  ['microservices-demo', 'helm-chart'],
  ['sock-shop', 'deploy/kubernetes/helm-chart'],
];

function load(root: string, sub: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (e.isFile()) files.set(child, readFileSync(path.join(root, child), 'utf8'));
    }
  };
  walk(sub);
  return files;
}

for (const [system, sub] of charts) {
  const root = path.join(corpus, system!);
  if (!existsSync(path.join(root, sub!))) {
    console.log(`${system}/${sub}: not in the corpus, skipped`);
    continue;
  }
  const files = load(root, sub!);
  const chart = findHelmCharts([...files.keys()])[0]!;
  const times: number[] = [];
  const cpu: number[] = [];
  let documents = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    documents = renderHelmChart({ chart, files }).documents.length;
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    times.push(performance.now() - t);
  }
  const cold = times[0]!;
  const warm = times.slice(1).sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)] ?? cold;
  const warmCpu = cpu.slice(1).sort((a, b) => a - b);
  const cpuMedian = warmCpu[Math.floor(warmCpu.length / 2)] ?? cpu[0]!;
  console.log(
    `${system}/${sub}: ${documents} objects, cold ${cold.toFixed(1)} ms, warm median ${median.toFixed(1)} ms wall, ` +
      `${cpuMedian.toFixed(1)} ms CPU (${runs} runs)`,
  );
}
