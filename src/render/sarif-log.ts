/**
 * The SARIF 2.1.0 envelope of one Plumbline run, declared once: the review's SARIF (render/sarif.ts) and the
 * contract diff's (diff/sarif.ts) fill in their rules and the rest of the run.
 */
import { PLUMBLINE_HOME } from './links.js';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** A SARIF log with one run of Plumbline `version`: its tool driver with these rules, then the run's own fields. */
export function sarifLog<Run extends Record<string, unknown>>(version: string, rules: unknown[], run: Run) {
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'plumbline',
            version,
            semanticVersion: version,
            informationUri: PLUMBLINE_HOME,
            rules,
          },
        },
        ...run,
      },
    ],
  };
}

/** A SARIF log as the file is written: two-space JSON and a final newline. */
export function sarifText(log: ReturnType<typeof sarifLog>): string {
  return `${JSON.stringify(log, null, 2)}\n`;
}
