import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerDesignCommand } from '../../src/cli/commands/design.js';
import { CliExit } from '../../src/cli/io.js';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t), isTTY: false };
  const program = new Command('plumbline').exitOverride();
  registerDesignCommand(program, io);
  for (const c of program.commands)
    c.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  try {
    await program.parseAsync(args, { from: 'user' });
    return { code: 0, stdout, stderr };
  } catch (err) {
    if (err instanceof CliExit) return { code: err.code, stdout, stderr: stderr + err.message };
    return { code: 2, stdout, stderr };
  }
}

describe('plumbline design', () => {
  it('prints the Markdown report and writes scaffolds with --out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plumbline-design-cli-'));
    try {
      const r = await run(['design', 'examples/design/crud-saas.yaml', '--out', dir]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('# New System Design — Invoicely');
      expect(await readFile(join(dir, 'services/invoicely/openapi.yaml'), 'utf8')).toContain(
        'openapi: 3.1.0',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints JSON with --format json', async () => {
    const r = await run(['design', 'examples/design/telemetry.yaml', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).pattern.pattern).toBe('hybrid');
  });

  it('exits 2 with file:line on a validation error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plumbline-design-cli-'));
    try {
      const file = join(dir, 'bad.yaml');
      const text = (await readFile('examples/design/crud-saas.yaml', 'utf8')).replace('teams: 1', 'teams: 0');
      await writeFile(file, text);
      const line = text.split('\n').findIndex((l) => l.includes('teams: 0')) + 1;
      const r = await run(['design', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${file}:${line}  team.teams:`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on an unknown format', async () => {
    expect((await run(['design', 'examples/design/crud-saas.yaml', '--format', 'pdf'])).code).toBe(2);
  });
});
