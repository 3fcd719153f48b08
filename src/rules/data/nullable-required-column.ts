import type { Column, Table } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { tableLabel } from './tables.js';

/** Audit timestamps every row has by construction. */
const AUDIT_TIMESTAMP =
  /^(created|inserted|updated|modified)(_at|_on|_date|At|On)?$|^(last_update|last_updated|created_date|creation_date)$/i;
const IDENTITY_NAME = /^(email|e_mail|username|user_name|login)$/i;

/**
 * Conservative on purpose: a nullable foreign key is often an optional relationship (an employee's manager), so it is
 * not flagged, nor is any column with a plain value default (a default can be a convenience). Flagged are columns
 * the schema itself shows always have a value: audit timestamps, columns defaulting to the current time, boolean
 * flags with a default, and unique login identities (email/username).
 */
function whyRequired(table: Table, column: Column): string | undefined {
  if (!column.nullable || column.primaryKey) return undefined;
  if (AUDIT_TIMESTAMP.test(column.name)) return 'an audit timestamp every row has';
  const def = column.default?.trim() ?? '';
  if (
    /^(now\(\)|current_timestamp(\(\d?\))?|current_date|localtimestamp|transaction_timestamp\(\))$/i.test(def)
  )
    return `defaults to ${def}, so every row is meant to have one`;
  if (/^bool/.test(column.type) && /^(true|false|'?[01]'?)$/i.test(def))
    return `a flag defaulting to ${def}; NULL would be a third state`;
  const unique =
    column.unique ||
    table.uniques.some((u) => u.length === 1 && u[0]?.toLowerCase() === column.name.toLowerCase());
  if (unique && IDENTITY_NAME.test(column.name)) return 'a unique login identity';
  return undefined;
}

const { messages, say } = defineMessages({
  nullableRequired: 'Table {{table}} allows NULL where a value always exists: {{columns}}',
});

export const nullableRequiredColumn: Rule = {
  id: 'data/nullable-required-column',
  area: 'data',
  severity: 'low',
  title: 'Required column allows NULL',
  messages,
  rationale:
    'Columns are nullable unless declared NOT NULL. When the data model says a value always exists — it has a default, it ' +
    "is the row's creation time, it identifies a user — a nullable column lets an explicit NULL in through any code path " +
    'that bypasses the default, and every reader has to handle a case that should not exist (three-valued logic in ' +
    'comparisons, NULLs silently dropped from aggregates and unique constraints).',
  references: [
    'PostgreSQL documentation, 5.5.2 Not-Null Constraints (https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-NOT-NULL)',
    'MySQL 8.0 Reference Manual, B.3.4.3 Problems with NULL Values (https://dev.mysql.com/doc/refman/8.0/en/problems-with-null.html)',
  ],
  recommendation:
    'Declare NOT NULL on columns that must always hold a value (backfill existing NULLs first).',
  fix: {
    description: 'Backfill, then add the constraint.',
    language: 'sql',
    snippet:
      'UPDATE customer SET last_update = now() WHERE last_update IS NULL;\nALTER TABLE customer ALTER COLUMN last_update SET NOT NULL;',
  },
  examples: {
    fail: {
      description: 'created_at with a default but nullable',
      files: {
        'db/schema.sql':
          'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  created_at timestamptz DEFAULT now()\n);\n',
      },
      findings: [
        {
          at: 'db/schema.sql:3',
          messageId: 'nullableRequired',
          message:
            'Table orders allows NULL where a value always exists: created_at (an audit timestamp every row has)',
        },
      ],
    },
    pass: {
      description: 'NOT NULL where a value always exists; an optional relationship stays nullable',
      files: {
        'db/schema.sql':
          'CREATE TABLE employees (\n  id bigint PRIMARY KEY,\n  manager_id bigint REFERENCES employees (id),\n  created_at timestamptz NOT NULL DEFAULT now()\n);\n',
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    let tablesChecked = 0;
    for (const table of model.tables) {
      if (table.isPartition) continue;
      tablesChecked++;
      const flagged = table.columns
        .map((c) => ({ column: c, why: whyRequired(table, c) }))
        .filter((x): x is { column: Column; why: string } => x.why !== undefined);
      if (!flagged.length) continue;
      findings.push({
        ...say.nullableRequired({
          table: tableLabel(table),
          columns: flagged.map((f) => `${f.column.name} (${f.why})`).join('; '),
        }),
        locations: flagged.map((f) => f.column.source),
        element: `table:${table.id}:nullable`,
        fix: {
          description: 'Backfill and declare NOT NULL.',
          language: 'sql',
          snippet: flagged
            .map((f) => `ALTER TABLE ${tableLabel(table)} ALTER COLUMN ${f.column.name} SET NOT NULL;`)
            .join('\n'),
        },
        data: { table: tableLabel(table), columns: flagged.map((f) => f.column.name) },
      });
    }
    return {
      findings,
      strength:
        tablesChecked > 0 && findings.length === 0
          ? `Columns with defaults, audit timestamps and login identities are NOT NULL in all ${tablesChecked} tables`
          : undefined,
    };
  },
};
