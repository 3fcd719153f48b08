import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { discoverDirectory } from '../../discover/index.js';
import { RootsError, scanRepositories } from '../../discover/roots.js';
import { renderJson } from '../../render/json.js';
import { renderMermaid } from '../../render/mermaid.js';
import { renderModelSummary } from '../../render/model-summary.js';
import { directoryOf } from '../../review/config-load.js';
import { readRepositoriesList } from '../../review/repositories.js';
import { CliExit, type CliIo, EXIT_USAGE } from '../io.js';
import { maxFileSizeOption } from '../options.js';

const SCAN_FORMATS = ['summary', 'json', 'mermaid'];

interface ScanFlags {
  format: string;
  out?: string;
  maxFileSize?: number;
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
    .action(async (dirs: string[], opts: ScanFlags) => {
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
              ...(name ? { name } : {}),
            }).catch((err: Error) => {
              if (err instanceof RootsError) throw new CliExit(EXIT_USAGE, err.message);
              throw err;
            })
          : await discoverDirectory(dir, { maxFileBytes: opts.maxFileSize, ...(name ? { name } : {}) });
      if (discovery.model.artifacts.length === 0)
        io.stderr(
          `plumbline: warning: nothing in ${dirs.join(', ')} is an artifact Plumbline reads; the model is empty\n`,
        );
      const text =
        opts.format === 'json'
          ? renderJson(discovery.model)
          : opts.format === 'mermaid'
            ? renderMermaid(discovery.model)
            : renderModelSummary(discovery.model);
      if (opts.out) await writeFile(opts.out, text);
      else io.stdout(text);
    });
}
