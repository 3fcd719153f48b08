import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { discoverDirectory } from '../../discover/index.js';
import { renderJson } from '../../render/json.js';
import { renderMermaid } from '../../render/mermaid.js';
import { renderModelSummary } from '../../render/model-summary.js';
import { CliExit, type CliIo, EXIT_USAGE } from '../io.js';

const SCAN_FORMATS = ['summary', 'json', 'mermaid'];

export function registerScanCommand(program: Command, io: CliIo): void {
  program
    .command('scan')
    .description('discover a repository into the system model and print it')
    .argument('<dir>', 'directory to scan')
    .option('-f, --format <format>', `output format: ${SCAN_FORMATS.join(' | ')}`, 'summary')
    .option('-o, --out <file>', 'write the output to a file instead of stdout')
    .option('--max-file-size <bytes>', 'skip files larger than this many bytes', (v) =>
      Number.parseInt(v, 10),
    )
    .action(async (dir: string, opts: { format: string; out?: string; maxFileSize?: number }) => {
      if (!SCAN_FORMATS.includes(opts.format))
        throw new CliExit(EXIT_USAGE, `unknown format "${opts.format}" (use ${SCAN_FORMATS.join(', ')})`);
      const discovery = await discoverDirectory(dir, { maxFileBytes: opts.maxFileSize });
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
