import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { engineOf, isTimestampWithoutZone, tableLabel } from './tables.js';

const { messages, say } = defineMessages({
  timestampWithoutZone: 'Table {{table}} stores {{columns}} without a time zone',
});

export const timestampWithoutTimeZone: Rule = {
  id: 'data/timestamp-without-time-zone',
  area: 'data',
  severity: 'low',
  title: 'PostgreSQL timestamp without time zone',
  messages,
  rationale:
    '`timestamp` (without time zone) stores a wall-clock reading with no offset: the same value means different instants ' +
    'for clients in different zones, and daylight-saving changes make readings ambiguous or skip them. `timestamptz` ' +
    'stores an instant (UTC) and converts on the way out. Prisma maps DateTime to timestamp(3) unless told otherwise.',
  references: [
    "PostgreSQL wiki, Don't Do This: Don't use timestamp (without time zone) (https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_timestamp_.28without_time_zone.29)",
    'PostgreSQL documentation, 8.5.1.3 Time Stamps (https://www.postgresql.org/docs/current/datatype-datetime.html#DATATYPE-DATETIME-INPUT-TIME-STAMPS)',
  ],
  sources: ['squawk:prefer-timestamptz'],
  recommendation:
    'Use timestamptz for points in time (Prisma: `@db.Timestamptz(3)`); keep `date` for calendar dates.',
  fix: {
    description: 'Convert the column, stating the zone the stored wall-clock values were written in.',
    language: 'sql',
    snippet:
      "ALTER TABLE invoice ALTER COLUMN invoice_date TYPE timestamptz USING invoice_date AT TIME ZONE 'UTC';",
  },
  examples: {
    fail: {
      description: 'an order time without a zone',
      files: {
        'db/schema.sql':
          'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  placed_at timestamp NOT NULL\n);\n',
      },
      findings: [
        {
          at: 'db/schema.sql:3',
          messageId: 'timestampWithoutZone',
          message: 'Table orders stores placed_at (timestamp) without a time zone',
        },
      ],
    },
    pass: {
      description: 'timestamptz (MySQL DATETIME is a different story and not flagged)',
      files: {
        'db/schema.sql':
          'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  placed_at timestamp with time zone NOT NULL\n);\n',
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    let timestamps = 0;
    for (const table of model.tables) {
      if (engineOf(table) !== 'postgres' || table.isPartition) continue;
      const naive = table.columns.filter((c) => {
        if (!/^timestamp/.test(c.type)) return false;
        timestamps++;
        return isTimestampWithoutZone(c.type);
      });
      if (!naive.length) continue;
      findings.push({
        ...say.timestampWithoutZone({
          table: tableLabel(table),
          columns: naive.map((c) => `${c.name} (${c.type})`).join(', '),
        }),
        locations: naive.map((c) => c.source),
        element: `table:${table.id}:timestamps`,
        fix: {
          description: 'Switch to timestamptz.',
          language: 'sql',
          snippet: naive
            .map(
              (c) =>
                `ALTER TABLE ${tableLabel(table)} ALTER COLUMN ${c.name} TYPE timestamptz USING ${c.name} AT TIME ZONE 'UTC';`,
            )
            .join('\n'),
        },
        data: { table: tableLabel(table), columns: naive.map((c) => c.name) },
      });
    }
    return {
      findings,
      strength:
        timestamps > 0 && findings.length === 0
          ? `All ${timestamps} PostgreSQL timestamp columns carry a time zone`
          : undefined,
    };
  },
};
