import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { DIFF_FORMATS, type DiffFormat } from '../../diff/formats.js';
import { CHANGE_SEVERITIES, type ChangeSeverity, changeSeverityRank } from '../../diff/types.js';
import { formatSource } from '../../model/provenance.js';
import { safeText } from '../../render/sanitize.js';
import { CliExit, type CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, writeOut } from '../io.js';
import {
  FILE_TIME_BUDGET_HELP,
  fileTimeBudgetOption,
  maxFileSizeOption,
  rejectEmptyValues,
} from '../options.js';

interface DiffFlags {
  format: string;
  out?: string;
  failOn: string;
  base?: string;
  maxFileSize?: number;
  fileTimeBudget?: number;
}

export function registerDiffCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('diff')
    .description(
      'breaking changes between two versions of the API contracts (OpenAPI, gRPC/proto): diff <base> <head>, or diff <dir> --base <git-ref>',
    )
    .argument('<base-or-dir>', 'old version (file or directory); with --base: the new version')
    .argument('[head]', 'new version (file or directory)')
    .option('--base <ref>', 'read the old version of <dir> from this git ref (e.g. origin/main)')
    .option('-f, --format <format>', `output format: ${DIFF_FORMATS.join(' | ')}`, 'terminal')
    .option('-o, --out <file>', 'write the result to a file instead of stdout')
    .option(
      '--fail-on <severity>',
      `exit 1 when a change is at or above: ${CHANGE_SEVERITIES.join(' | ')} | none`,
      'breaking',
    )
    .option('--max-file-size <bytes>', 'skip files larger than this many bytes', maxFileSizeOption)
    .option('--file-time-budget <seconds>', FILE_TIME_BUDGET_HELP, fileTimeBudgetOption)
    .action(async (first: string, second: string | undefined, flags: DiffFlags) => {
      rejectEmptyValues(
        { first, second, ...flags },
        { first: '<base-or-dir>', second: '<head>', out: '--out', format: '--format', failOn: '--fail-on' },
      );
      if (!DIFF_FORMATS.includes(flags.format as DiffFormat))
        throw new CliExit(EXIT_USAGE, `unknown format "${flags.format}" (use ${DIFF_FORMATS.join(', ')})`);
      if (flags.failOn !== 'none' && !CHANGE_SEVERITIES.includes(flags.failOn as ChangeSeverity))
        throw new CliExit(
          EXIT_USAGE,
          `unknown severity "${flags.failOn}" for --fail-on (use ${CHANGE_SEVERITIES.join(', ')}, none)`,
        );
      if (flags.base !== undefined && second !== undefined)
        throw new CliExit(EXIT_USAGE, 'give either <base> <head>, or one <dir> with --base <ref>, not both');
      if (flags.base === undefined && second === undefined)
        throw new CliExit(
          EXIT_USAGE,
          'missing <head>: use diff <base> <head>, or diff <dir> --base <git-ref>',
        );
      for (const p of [first, second]) {
        if (p !== undefined && !existsSync(p)) throw new CliExit(EXIT_USAGE, `${p} does not exist`);
      }
      // loaded when the command runs, so a review does not compile the diff engine at startup
      const [
        { diffContracts },
        { GitTreeError },
        { discoverContracts, discoverContractsAtRef },
        { renderDiff },
      ] = await Promise.all([
        import('../../diff/diff-contracts.js'),
        import('../../diff/git-tree.js'),
        import('../../diff/load.js'),
        import('../../diff/render.js'),
      ]);
      const options = { maxFileBytes: flags.maxFileSize, fileTimeBudgetMs: flags.fileTimeBudget };
      let base: Awaited<ReturnType<typeof discoverContracts>>;
      try {
        base =
          flags.base !== undefined
            ? await discoverContractsAtRef(first, flags.base, options)
            : await discoverContracts(first, options);
      } catch (err) {
        if (err instanceof GitTreeError) throw new CliExit(EXIT_USAGE, err.message);
        throw err;
      }
      const headPath = second ?? first;
      const head = await discoverContracts(headPath, options);
      const diff = diffContracts(base, head);
      const sides =
        flags.base !== undefined ? { base: flags.base, head: first } : { base: first, head: headPath };
      for (const d of diff.diagnostics)
        io.stderr(
          `plumbline: warning: ${d.side} ${safeText(`${formatSource({ file: d.file, line: d.line ?? 1 })}: ${d.message}`)}\n`,
        );
      // a diff that read no contract it was pointed at must not pass a CI gate as "no changes"
      const unread: string[] = [];
      if (diff.summary.apis.base + diff.summary.apis.head === 0)
        unread.push(`${sides.base} or ${sides.head}`);
      else {
        if (diff.summary.apis.base === 0 && flags.base === undefined && (await isFile(first)))
          unread.push(sides.base);
        if (diff.summary.apis.head === 0 && (await isFile(headPath))) unread.push(sides.head);
      }
      for (const where of unread)
        io.stderr(`plumbline: warning: no OpenAPI or proto contracts found in ${where}\n`);
      const text = renderDiff(diff, flags.format as DiffFormat, sides, io.isTTY && !flags.out);
      if (flags.out) {
        await writeOut(flags.out, text);
      } else io.stdout(text);
      const threshold =
        flags.failOn === 'none'
          ? Number.POSITIVE_INFINITY
          : changeSeverityRank(flags.failOn as ChangeSeverity);
      const failing =
        (unread.length > 0 && flags.failOn !== 'none') ||
        diff.changes.some((c) => changeSeverityRank(c.severity) >= threshold);
      // a contract either side could not read hides its changes: never a pass (docs/security.md)
      if (diff.unreadable.length > 0) {
        io.stderr(
          `plumbline: error: ${diff.unreadable.length} contract file${diff.unreadable.length === 1 ? '' : 's'} could not be read, so the diff is incomplete: ${diff.unreadable.map((u) => `${u.side} ${u.file}`).join(', ')}\n`,
        );
        setExit(flags.failOn === 'none' ? EXIT_USAGE : EXIT_FINDINGS);
        return;
      }
      setExit(failing ? EXIT_FINDINGS : EXIT_OK);
    });
}

async function isFile(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isFile() ?? false;
}
