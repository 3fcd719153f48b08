import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { discoverDirectory } from '../../discover/index.js';
import { RootsError, scanRepositories } from '../../discover/roots.js';
import { batched, jsonChunks } from '../../render/json-stream.js';
import { renderMermaid } from '../../render/mermaid.js';
import { renderModelSummary } from '../../render/model-summary.js';
import { directoryOf } from '../../review/config-load.js';
import { readRepositoriesList } from '../../review/repositories.js';
import { CliExit, type CliIo, EXIT_USAGE, writeOut } from '../io.js';
import {
  FILE_TIME_BUDGET_HELP,
  fileTimeBudgetOption,
  maxFileSizeOption,
  rejectEmptyValues,
} from '../options.js';

const SCAN_FORMATS = ['summary', 'json', 'mermaid'];

interface ScanFlags {
  format: string;
  out?: string;
  maxFileSize?: number;
  fileTimeBudget?: number;
  system?: string;
}

export function registerScanCommand(program: Command, io: CliIo): void {
  program
    .command('scan')
    .description('discover a repository into the system model and print it')
    .argument(
      '<dirs...>',
      'directory to scan; several (or path@ref of local clones): one system across repositories',
    )
    .option(
      '--system <name>',
      'name of the system (default: plumbline.yaml `system`, else the directory name)',
    )
    .option('-f, --format <format>', `output format: ${SCAN_FORMATS.join(' | ')}`, 'summary')
    .option('-o, --out <file>', 'write the output to a file instead of stdout')
    .option('--max-file-size <bytes>', 'skip files larger than this many bytes', maxFileSizeOption)
    .option('--file-time-budget <seconds>', FILE_TIME_BUDGET_HELP, fileTimeBudgetOption)
    .action(async (dirs: string[], opts: ScanFlags) => {
      rejectEmptyValues(
        { dirs, ...opts },
        { dirs: '<dir>', out: '--out', format: '--format', system: '--system' },
      );
      if (!SCAN_FORMATS.includes(opts.format))
        throw new CliExit(EXIT_USAGE, `unknown format "${opts.format}" (use ${SCAN_FORMATS.join(', ')})`);
      const dir = dirs[0]!;
      if (dirs.length === 1 && !existsSync(dir))
        throw new CliExit(EXIT_USAGE, `${dir} does not exist (give a directory or file to scan)`);
      const listed =
        dirs.length === 1 && (await directoryOf(dir)) === dir
          ? await readRepositoriesList(dir).catch((err: Error) => {
              throw new CliExit(EXIT_USAGE, err.message);
            })
          : undefined;
      const name = opts.system ?? listed?.system;
      const discovery =
        dirs.length > 1 || listed
          ? await scanRepositories(listed?.roots ?? dirs, {
              maxFileBytes: opts.maxFileSize,
              fileTimeBudgetMs: opts.fileTimeBudget,
              ...(name ? { name } : {}),
            }).catch((err: Error) => {
              if (err instanceof RootsError) throw new CliExit(EXIT_USAGE, err.message);
              throw err;
            })
          : await discoverDirectory(dir, {
              maxFileBytes: opts.maxFileSize,
              fileTimeBudgetMs: opts.fileTimeBudget,
              ...(name ? { name } : {}),
            });
      if (discovery.model.artifacts.length === 0)
        io.stderr(
          `plumbline: warning: nothing in ${dirs.join(', ')} is an artifact Plumbline reads; the model is empty
`,
        );
      // JSON is streamed: the model of a tree with 10^5 paths is larger than one string may be
      const output: Iterable<string> =
        opts.format === 'json'
          ? batched(jsonChunks(discovery.model))
          : [
              opts.format === 'mermaid'
                ? renderMermaid(discovery.model)
                : renderModelSummary(discovery.model),
            ];
      if (opts.out) {
        await writeOut(opts.out, output);
      } else for (const piece of output) io.stdout(piece);
    });
}
