import type { Command } from 'commander';
import { allRules } from '../../rules/index.js';
import { CliExit, type CliIo, EXIT_USAGE } from '../io.js';

export function registerRulesCommand(program: Command, io: CliIo): void {
  program
    .command('rules')
    .description('list the rules, or show one rule in full')
    .argument('[id]', 'a rule id, e.g. resilience/missing-readiness-probe')
    .option('-f, --format <format>', 'output format: text | json', 'text')
    .action((id: string | undefined, opts: { format: string }) => {
      const rules = id ? allRules.filter((r) => r.id === id) : allRules;
      if (id && rules.length === 0)
        throw new CliExit(EXIT_USAGE, `no rule with id "${id}" (run \`plumbline rules\` for the list)`);
      if (opts.format === 'json') {
        const data = rules.map(({ check: _check, examples, ...meta }) => ({ ...meta, examples }));
        io.stdout(`${JSON.stringify(data, null, 2)}\n`);
        return;
      }
      if (id) {
        const r = rules[0]!;
        io.stdout(
          [
            `${r.id} (${r.severity}, ${r.area})`,
            r.title,
            '',
            `Why: ${r.rationale}`,
            `Fix: ${r.recommendation}`,
            r.fix.snippet ? `\n${r.fix.snippet.trimEnd()}\n` : '',
            `References:\n${r.references.map((x) => `  - ${x}`).join('\n')}`,
            '',
          ].join('\n'),
        );
        return;
      }
      const width = Math.max(...rules.map((r) => r.id.length), 10);
      for (const r of rules) io.stdout(`${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.title}\n`);
    });
}
