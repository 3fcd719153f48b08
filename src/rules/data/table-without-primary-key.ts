import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { tableLabel } from './tables.js';

const { messages, say } = defineMessages({
  noPrimaryKey: 'Table {{table}} ({{file}}:{{line}}) has no primary key',
});

export const tableWithoutPrimaryKey: Rule = {
  id: 'data/table-without-primary-key',
  area: 'data',
  severity: 'medium',
  title: 'Table without a primary key',
  messages,
  rationale:
    'Without a primary key nothing stops duplicate rows, other tables cannot reference a row reliably, ORMs cannot update ' +
    'a single row, and PostgreSQL logical replication cannot replicate UPDATE/DELETE for the table (no replica identity); ' +
    'MySQL InnoDB silently adds a hidden 6-byte row id that no query can use.',
  references: [
    'PostgreSQL documentation, 5.5.4 Primary Keys (https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-PRIMARY-KEYS)',
    'PostgreSQL documentation, 31.1 Publication: REPLICA IDENTITY (https://www.postgresql.org/docs/current/logical-replication-publication.html)',
    'MySQL 8.0 Reference Manual, 17.6.2.1 Clustered and Secondary Indexes (https://dev.mysql.com/doc/refman/8.0/en/innodb-index-types.html)',
  ],
  recommendation:
    'Give every table a primary key: a surrogate identity column, or the natural key that identifies a row.',
  fix: {
    description: 'Add an identity primary key (or declare the existing unique, non-null column as the key).',
    language: 'sql',
    snippet: 'ALTER TABLE audit_events\n  ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;',
  },
  examples: {
    fail: {
      description: 'an events table with no key',
      files: {
        'db/schema.sql':
          'CREATE TABLE audit_events (\n  occurred_at timestamptz NOT NULL,\n  payload jsonb NOT NULL\n);\n',
      },
      findings: [
        {
          at: 'db/schema.sql:1',
          messageId: 'noPrimaryKey',
          message: 'Table audit_events (db/schema.sql:1) has no primary key',
        },
      ],
    },
    pass: {
      description: 'every table has a primary key (partitions inherit the parent key)',
      files: {
        'db/schema.sql':
          "CREATE TABLE audit_events (\n  id bigint GENERATED ALWAYS AS IDENTITY,\n  occurred_at timestamptz NOT NULL,\n  PRIMARY KEY (id, occurred_at)\n) PARTITION BY RANGE (occurred_at);\nCREATE TABLE audit_events_2025 PARTITION OF audit_events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\n",
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    const tables = model.tables.filter((t) => !t.isPartition);
    for (const table of tables) {
      if (table.primaryKey?.length || table.columns.some((c) => c.primaryKey)) continue;
      findings.push({
        ...say.noPrimaryKey({ table: tableLabel(table), file: table.source.file, line: table.source.line }),
        locations: [table.source],
        element: `table:${table.id}`,
        data: { table: tableLabel(table), columns: table.columns.map((c) => c.name) },
      });
    }
    return {
      findings,
      strength:
        tables.length > 0 && findings.length === 0
          ? `All ${tables.length} tables declare a primary key`
          : undefined,
    };
  },
};
