import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { discoverDirectory } from '../../discover/index.js';
import { renderJson } from '../../render/json.js';
import { renderMermaid } from '../../render/mermaid.js';
import { renderModelSummary } from '../../render/model-summary.js';
import { CliExit, type CliIo, EXIT_USAGE } from '../io.js';
import { maxFileSizeOption } from '../options.js';

const SCAN_FORMATS = ['summary', 'json', 'mermaid'];

export function registerScanCommand(program: Command, io: CliIo): void {
  program
    .command('scan')
    .description('discover a repository into the system model and print it')
    .argument('<dir>', 'directory to scan')
    .option('-f, --format <format>', `output format: ${SCAN_FORMATS.join(' | ')}`, 'summary')
    .option('-o, --out <file>', 'write the output to a file instead of stdout')
    .option('--max-file-size <bytes>', 'skip files larger than this many bytes', maxFileSizeOption)
    .action(async (dir: string, opts: { format: string; out?: string; maxFileSize?: number }) => {
      if (!SCAN_FORMATS.includes(opts.format))
        throw new CliExit(EXIT_USAGE, `unknown format "${opts.format}" (use ${SCAN_FORMATS.join(', ')})`);
      if (!existsSync(dir))
        throw new CliExit(EXIT_USAGE, `${dir} does not exist (give a directory or file to scan)`);
      const discovery = await discoverDirectory(dir, { maxFileBytes: opts.maxFileSize });
      if (discovery.model.artifacts.length === 0)
        io.stderr(
          `plumbline: warning: nothing in ${dir} is an artifact Plumbline reads; the model is empty\n`,
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
