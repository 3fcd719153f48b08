/** `plumbline design <requirements.yaml> [--out DIR] [--format md|json]` */
import type { Command } from 'commander';
import { DESIGN_FORMATS, type DesignFormat } from '../../design/formats.js';
import { PathPolicyError, readRegularText } from '../../safety/paths.js';
import { CliExit, type CliIo, EXIT_USAGE } from '../io.js';
import { rejectEmptyValues } from '../options.js';

interface DesignFlags {
  format: string;
  out?: string;
  force?: boolean;
}

const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: false,
};

/** Exit codes: 0 ok; 2 usage or validation error (each error printed as `file:line  key.path: message`). */
export function registerDesignCommand(program: Command, io: CliIo = processIo): void {
  program
    .command('design')
    .description(
      'design a new system from a requirements file: report with the math shown, and scaffolds with --out',
    )
    .argument('<requirements>', 'requirements file (YAML; see docs/design.md)')
    .option('-f, --format <format>', `report format: ${DESIGN_FORMATS.join(' | ')}`, 'md')
    .option(
      '-o, --out <dir>',
      'write scaffolds (OpenAPI, AsyncAPI, compose, Kubernetes, C4, ADRs) to this directory',
    )
    .option('--force', 'with --out: replace files that already exist there (never through symbolic links)')
    .action(async (file: string, flags: DesignFlags) => {
      rejectEmptyValues({ file, ...flags }, { file: '<requirements>', out: '--out', format: '--format' });
      if (!DESIGN_FORMATS.includes(flags.format as DesignFormat))
        throw new CliExit(EXIT_USAGE, `unknown format "${flags.format}" (use ${DESIGN_FORMATS.join(', ')})`);
      let text: string;
      try {
        text = await readRegularText(file, { maxBytes: 4 * 1024 * 1024 });
      } catch (err) {
        if (err instanceof PathPolicyError) throw new CliExit(EXIT_USAGE, `cannot read ${err.message}`);
        throw new CliExit(EXIT_USAGE, `cannot read ${file}: ${(err as Error).message}`);
      }
      // loaded when the command runs: a review never pays for evaluating the design modules
      const { designSystem, parseRequirements, RequirementsError, renderDesign, writeScaffolds } =
        await import('../../design/index.js');
      let requirements: ReturnType<typeof parseRequirements>;
      try {
        requirements = parseRequirements(text, file);
      } catch (err) {
        if (err instanceof RequirementsError) {
          io.stderr(`${err.message}\n`);
          throw new CliExit(
            EXIT_USAGE,
            `${file}: ${err.issues.length} error${err.issues.length === 1 ? '' : 's'} in the requirements`,
          );
        }
        throw err;
      }
      const result = designSystem(requirements);
      io.stdout(renderDesign(result, flags.format as DesignFormat));
      if (flags.out) {
        let written: string[];
        try {
          written = await writeScaffolds(result, flags.out, { force: flags.force });
        } catch (err) {
          if (err instanceof PathPolicyError) throw new CliExit(EXIT_USAGE, err.message);
          throw err;
        }
        io.stderr(`plumbline: wrote ${written.length} scaffold files to ${flags.out}\n`);
      }
    });
}
