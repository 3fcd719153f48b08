import * as z from 'zod';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { tableLabel } from './tables.js';

/** Tables that only ever grow: events, logs, audit trails, histories, measurements. */
export const APPEND_ONLY_NAME =
  /(^|_)(events?|logs?|audit|audits|audit_log|history|histories|journal|ledger_entries|activity|activities|metrics|measurements|readings|clicks|page_views|pageviews|telemetry|outbox)$/i;

const DEFAULT_MIN_GROWTH_GB = 20;

const options = z.strictObject({
  minGrowthGbPerYear: z
    .number()
    .min(0)
    .default(DEFAULT_MIN_GROWTH_GB)
    .describe(
      'Declared data growth (requirements.dataGrowthGbPerYear) from which append-only tables should be partitioned',
    ),
});

const { messages, say } = defineMessages({
  notPartitioned:
    'Append-only table {{table}} is not partitioned, with {{growth}} GB/year of data growth declared',
});

export const unpartitionedAppendOnlyTable: Rule<z.infer<typeof options>> = {
  id: 'data/unpartitioned-append-only-table',
  area: 'data',
  severity: 'medium',
  title: 'Large append-only table without partitioning',
  messages,
  rationale:
    'Event, log, audit and history tables only grow. With the data growth declared for this system, one heap of that ' +
    'size makes retention a multi-hour DELETE that bloats the table and its indexes, vacuum falls behind, and every ' +
    'index outgrows memory. Range partitioning by time turns retention into DROP/DETACH of an old partition and keeps ' +
    'the hot partition and its indexes small.',
  references: [
    'PostgreSQL documentation, 5.12 Table Partitioning (https://www.postgresql.org/docs/current/ddl-partitioning.html)',
    'MySQL 8.0 Reference Manual, 26 Partitioning (https://dev.mysql.com/doc/refman/8.0/en/partitioning.html)',
    'Kleppmann, Designing Data-Intensive Applications, ch. 6 (partitioning by key range / time)',
  ],
  recommendation:
    'Partition append-only tables by time (monthly or daily ranges) and retire old partitions by detaching or dropping them.',
  fix: {
    description:
      'Range-partition by the event time; create partitions ahead (pg_partman or a scheduled job).',
    language: 'sql',
    snippet:
      "CREATE TABLE audit_events (\n  id bigint GENERATED ALWAYS AS IDENTITY,\n  occurred_at timestamptz NOT NULL,\n  payload jsonb NOT NULL,\n  PRIMARY KEY (id, occurred_at)\n) PARTITION BY RANGE (occurred_at);\nCREATE TABLE audit_events_2025_01 PARTITION OF audit_events\n  FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');",
  },
  examples: {
    fail: {
      description: 'an unpartitioned audit log with 500 GB/year declared growth',
      files: {
        'plumbline.yaml': 'system: shop\nrequirements:\n  dataGrowthGbPerYear: 500\n',
        'db/schema.sql':
          'CREATE TABLE audit_log (\n  id bigint PRIMARY KEY,\n  occurred_at timestamptz NOT NULL,\n  payload jsonb NOT NULL\n);\n',
      },
      findings: [
        {
          at: 'db/schema.sql:1',
          messageId: 'notPartitioned',
          message: 'Append-only table audit_log is not partitioned, with 500 GB/year of data growth declared',
        },
      ],
    },
    pass: {
      description: 'the audit log is range-partitioned',
      files: {
        'plumbline.yaml': 'system: shop\nrequirements:\n  dataGrowthGbPerYear: 500\n',
        'db/schema.sql':
          'CREATE TABLE audit_log (\n  id bigint NOT NULL,\n  occurred_at timestamptz NOT NULL,\n  payload jsonb NOT NULL,\n  PRIMARY KEY (id, occurred_at)\n) PARTITION BY RANGE (occurred_at);\n',
      },
    },
  },
  options,
  check(model, ctx) {
    const growth = model.declared.requirements?.dataGrowthGbPerYear;
    const minGrowth = ctx.options.minGrowthGbPerYear;
    if (growth === undefined || growth < minGrowth) return { findings: [] };
    const findings: FindingDraft[] = [];
    const candidates = model.tables.filter((t) => !t.isPartition && APPEND_ONLY_NAME.test(t.name));
    for (const table of candidates) {
      if (table.partitionedBy) continue;
      findings.push({
        ...say.notPartitioned({ table: tableLabel(table), growth }),
        locations: [table.source],
        element: `table:${table.id}:partitioning`,
        data: { table: tableLabel(table), dataGrowthGbPerYear: growth, thresholdGbPerYear: minGrowth },
      });
    }
    return {
      findings,
      strength:
        candidates.length > 0 && findings.length === 0
          ? `All ${candidates.length} append-only tables are partitioned`
          : undefined,
    };
  },
};
