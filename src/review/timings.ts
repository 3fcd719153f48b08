/**
 * Where a review spends its time (`review --timing`, like ESLint's TIMING=1): wall time per phase and per
 * rule, printed to stderr so the report itself stays byte-identical.
 */
import { performance } from 'node:perf_hooks';
import { compareText } from '../model/values.js';

export class Timings {
  readonly phases: { name: string; ms: number }[] = [];
  readonly rules = new Map<string, number>();
  /** Parse time per file (`path (adapter)`). */
  readonly files = new Map<string, number>();
  private last = 0;

  /** The first phase is the process's own start: Node booting and loading Plumbline. */
  constructor(startPhase = 'startup (Node, loading Plumbline)') {
    this.phase(startPhase);
  }

  /** Close the phase that started at the previous mark (or at construction). */
  phase(name: string): void {
    const now = performance.now();
    this.phases.push({ name, ms: now - this.last });
    this.last = now;
  }

  /** Time one rule's check. */
  rule<T>(id: string, run: () => T): T {
    const start = performance.now();
    try {
      return run();
    } finally {
      this.rules.set(id, (this.rules.get(id) ?? 0) + performance.now() - start);
    }
  }

  /** Record one file's parse time (discovery reports it through its onFileParsed hook). */
  file(label: string, ms: number): void {
    this.files.set(label, (this.files.get(label) ?? 0) + ms);
  }

  format(topRules = 10, topFiles = Math.max(5, Math.ceil(topRules / 2))): string {
    const total = this.phases.reduce((s, p) => s + p.ms, 0);
    const width = Math.min(
      70,
      Math.max(34, ...[...this.files.keys(), ...this.rules.keys()].map((k) => k.length)),
    );
    const row = (name: string, ms: number) =>
      `  ${name.padEnd(width)} ${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / (total || 1)).toFixed(1).padStart(5)}%`;
    const lines = ['plumbline timing (wall clock):', ...this.phases.map((p) => row(p.name, p.ms))];
    lines.push(row('total', total));
    const slowest = (what: string, times: Map<string, number>, top: number) => {
      const slow = [...times].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0])).slice(0, top);
      if (!slow.length) return;
      lines.push(`slowest ${what} (of ${times.size}):`);
      for (const [id, ms] of slow) lines.push(row(id, ms));
    };
    slowest('files to parse', this.files, topFiles);
    slowest('rules', this.rules, topRules);
    return `${lines.join('\n')}\n`;
  }
}
