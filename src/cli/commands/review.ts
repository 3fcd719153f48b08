import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { discoverDirectory } from '../../discover/index.js';
import { REPORT_FORMATS, type ReportFormat, renderReport } from '../../render/index.js';
import { defaultConfig } from '../../review/config.js';
import { review } from '../../review/index.js';
import { SEVERITIES, type Severity, severityRank } from '../../rules/types.js';
import { CliExit, type CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../io.js';

interface ReviewFlags {
  format: string;
  out?: string;
  failOn: string;
  maxFileSize?: number;
}

export function registerReviewCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('review')
    .description('review a repository: discover its system model and run the rule packs')
    .argument('<dir>', 'directory to review')
    .option('-f, --format <format>', `output format: ${REPORT_FORMATS.join(' | ')}`, 'terminal')
    .option('-o, --out <file>', 'write the report to a file instead of stdout')
    .option(
      '--fail-on <severity>',
      `exit 1 when a finding is at or above: ${SEVERITIES.join(' | ')} | none`,
      'high',
    )
    .option('--max-file-size <bytes>', 'skip files larger than this many bytes', (v) =>
      Number.parseInt(v, 10),
    )
    .action(async (dir: string, flags: ReviewFlags) => {
      if (!REPORT_FORMATS.includes(flags.format as ReportFormat)) {
        throw new CliExit(EXIT_USAGE, `unknown format "${flags.format}" (use ${REPORT_FORMATS.join(', ')})`);
      }
      if (flags.failOn !== 'none' && !SEVERITIES.includes(flags.failOn as Severity)) {
        throw new CliExit(
          EXIT_USAGE,
          `unknown severity "${flags.failOn}" for --fail-on (use ${SEVERITIES.join(', ')}, none)`,
        );
      }
      const discovery = await discoverDirectory(dir, { maxFileBytes: flags.maxFileSize });
      const report = review(discovery, defaultConfig());
      const text = renderReport(report, flags.format as ReportFormat, { color: io.isTTY && !flags.out });
      if (flags.out) await writeFile(flags.out, text);
      else io.stdout(text);
      const threshold =
        flags.failOn === 'none' ? Number.POSITIVE_INFINITY : severityRank(flags.failOn as Severity);
      setExit(report.findings.some((f) => severityRank(f.severity) >= threshold) ? EXIT_FINDINGS : EXIT_OK);
    });
}
