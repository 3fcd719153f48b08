/** `plumbline mcp [--root DIR]...`: the MCP server over stdio (docs/mcp.md). */
import type { Command } from 'commander';

export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('run the MCP server over stdio for AI agents (tools: review, scan, design, diff, rules)')
    .option(
      '-r, --root <dir>',
      'a directory the tools may read (repeatable; default: the roots the client declares, else the working directory)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action(async (flags: { root?: string[] }) => {
      const { serveMcpOverStdio } = await import('../../mcp/stdio.js');
      await serveMcpOverStdio({ roots: flags.root });
    });
}
