/** Runs a command several times under GNU time and reports median wall time and peak RSS. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Measurement {
  wallSeconds: number;
  /** User + system CPU seconds (median): steadier than wall time on a shared, busy machine. */
  cpuSeconds: number;
  peakRssMb: number;
  runs: number;
  exitCode: number;
  stdoutBytes: number;
}

export function measure(command: string, args: string[], runs: number, cwd = process.cwd()): Measurement {
  const dir = mkdtempSync(path.join(tmpdir(), 'plumbline-bench-'));
  const walls: number[] = [];
  const cpu: number[] = [];
  const rss: number[] = [];
  let exitCode = 0;
  let stdoutBytes = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const timeFile = path.join(dir, `time-${i}`);
      const result = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', timeFile, command, ...args], {
        cwd,
        maxBuffer: 1024 * 1024 * 1024,
        encoding: 'buffer',
      });
      exitCode = result.status ?? -1;
      stdoutBytes = result.stdout?.length ?? 0;
      const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
      const [wall, kb, user, sys] = (lines[lines.length - 1] ?? '0 0 0 0').split(' ').map(Number);
      walls.push(wall ?? 0);
      cpu.push((user ?? 0) + (sys ?? 0));
      rss.push((kb ?? 0) / 1024);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    wallSeconds: median(walls),
    cpuSeconds: median(cpu),
    peakRssMb: median(rss),
    runs,
    exitCode,
    stdoutBytes,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
