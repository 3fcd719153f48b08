/**
 * Where a review spends its time (`review --timing`, like ESLint's TIMING=1): wall time per phase and per
 * rule, printed to stderr so the report itself stays byte-identical.
 */
import { performance } from 'node:perf_hooks';

export class Timings {
  readonly phases: { name: string; ms: number }[] = [];
  readonly rules = new Map<string, number>();
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

  format(topRules = 10): string {
    const total = this.phases.reduce((s, p) => s + p.ms, 0);
    const row = (name: string, ms: number) =>
      `  ${name.padEnd(34)} ${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / (total || 1)).toFixed(1).padStart(5)}%`;
    const lines = ['plumbline timing (wall clock):', ...this.phases.map((p) => row(p.name, p.ms))];
    lines.push(row('total', total));
    const slow = [...this.rules].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, topRules);
    if (slow.length) {
      lines.push(`slowest rules (of ${this.rules.size}):`);
      for (const [id, ms] of slow) lines.push(row(id, ms));
    }
    return `${lines.join('\n')}\n`;
  }
}
