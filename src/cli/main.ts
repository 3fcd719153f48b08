/** The `plumbline` command line: a thin adapter over the library API. */
import { Command, CommanderError } from 'commander';
import { safeText } from '../render/sanitize.js';
import { VERSION } from '../version.js';
import { registerDesignCommand } from './commands/design.js';
import { registerDiffCommand } from './commands/diff.js';
import { registerMcpCommand } from './commands/mcp.js';
import { registerReviewCommand } from './commands/review.js';
import { registerRulesCommand } from './commands/rules.js';
import { registerScanCommand } from './commands/scan.js';
import { registerKeysCommand, registerServeCommand, registerWorkerCommand } from './commands/serve.js';
import { CliExit, type CliIo, EXIT_OK, EXIT_USAGE } from './io.js';

export async function runCli(argv: string[], rawIo: CliIo): Promise<number> {
  // messages and warnings quote repository strings (file names, rule ids from plumbline.yaml): no raw control
  // or bidi character reaches the terminal through stderr either (render/sanitize.ts); newlines are our own
  const io: CliIo = { ...rawIo, stderr: (t) => rawIo.stderr(safeText(t, { keepNewlines: true })) };
  let exitCode = EXIT_OK;
  const program = new Command('plumbline')
    .description('Reviews and designs backend system architecture from a repository’s real files.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');
  registerScanCommand(program, io);
  registerReviewCommand(program, io, (code) => {
    exitCode = code;
  });
  registerRulesCommand(program, io);
  registerDesignCommand(program, io);
  registerDiffCommand(program, io, (code) => (exitCode = code));
  registerServeCommand(program, io);
  registerKeysCommand(program, io);
  registerWorkerCommand(program, io);
  registerMcpCommand(program);
  for (const cmd of program.commands)
    cmd.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CliExit) {
      if (err.message) io.stderr(`plumbline: ${err.message}\n`);
      return err.code;
    }
    if (err instanceof CommanderError) {
      // --help and --version end with exitCode 0; usage mistakes with 1, which we map to 2.
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    io.stderr(`plumbline: ${(err as Error).message}\n`);
    return EXIT_USAGE;
  }
  return exitCode;
}

export async function main(): Promise<void> {
  // `plumbline ... | head`: the reader went away; stop quietly, as Unix tools do, instead of crashing
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? 0);
  });
  const code = await runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  });
  process.exitCode = code;
}
