import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { findColumn, STRING_TYPE, tableLabel } from './tables.js';

/** Names that conventionally hold one of a closed set of values. `type`/`kind` only exactly; `state` outside addresses. */
const ENUM_NAME = /^(status|state|type|kind)$|_(status|state)$|Status$/;
const ADDRESS_COLUMN =
  /(^|_)(city|country|address|postal_code|zip|zipcode|region|province)$|^(City|Country|Address|PostalCode)/i;

const { messages, say } = defineMessages({
  freeTextEnum: '{{table}}.{{column}} ({{type}}) looks like a closed set of values but accepts any text',
});

export const enumAsFreeText: Rule = {
  id: 'data/enum-as-free-text',
  area: 'data',
  severity: 'low',
  title: 'Status-like column stored as free text',
  messages,
  rationale:
    'A `status` or `type` column holds one of a few known values, but as unconstrained varchar/text any typo ' +
    '("shiped", "Paid ") is stored, queries filtering on the intended values silently miss rows, and the set of valid ' +
    'states lives only in application code. A CHECK constraint, an enum type or a lookup table makes the set part of ' +
    'the schema.',
  references: [
    'PostgreSQL documentation, 5.5.1 Check Constraints (https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-CHECK-CONSTRAINTS)',
    'PostgreSQL documentation, 8.7 Enumerated Types (https://www.postgresql.org/docs/current/datatype-enum.html)',
    'Kleppmann, Designing Data-Intensive Applications, ch. 2 (schema as documentation and enforcement)',
  ],
  recommendation:
    'Constrain the column to its allowed values with a CHECK (or an enum type / a foreign key to a lookup table).',
  fix: {
    description: 'Add a CHECK listing the allowed values.',
    language: 'sql',
    snippet:
      "ALTER TABLE orders ADD CONSTRAINT orders_status_check\n  CHECK (status IN ('new', 'paid', 'shipped', 'cancelled'));",
  },
  examples: {
    fail: {
      description: 'orders.status as unconstrained varchar',
      files: {
        'db/schema.sql':
          'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  status varchar(20) NOT NULL\n);\n',
      },
      findings: [
        {
          at: 'db/schema.sql:3',
          messageId: 'freeTextEnum',
          message: 'orders.status (varchar(20)) looks like a closed set of values but accepts any text',
        },
      ],
    },
    pass: {
      description: "a CHECK on status; an address's state is free text by nature",
      files: {
        'db/schema.sql':
          "CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  status varchar(20) NOT NULL CHECK (status IN ('new', 'paid'))\n);\nCREATE TABLE addresses (\n  id bigint PRIMARY KEY,\n  city varchar(40),\n  state varchar(40)\n);\n",
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    let candidates = 0;
    for (const table of model.tables) {
      if (table.isPartition) continue;
      const isAddress = table.columns.some((c) => ADDRESS_COLUMN.test(c.name));
      const fkColumns = new Set(table.foreignKeys.flatMap((f) => f.columns.map((c) => c.toLowerCase())));
      for (const column of table.columns) {
        if (!ENUM_NAME.test(column.name)) continue;
        if (/state/i.test(column.name) && isAddress) continue;
        if (!STRING_TYPE.test(column.type) || fkColumns.has(column.name.toLowerCase())) continue;
        candidates++;
        if (column.checked || findColumn(table, column.name)?.checked) continue;
        findings.push({
          ...say.freeTextEnum({ table: tableLabel(table), column: column.name, type: column.type }),
          locations: [column.source],
          element: `column:${table.id}.${column.name}:enum`,
          data: { table: tableLabel(table), column: column.name, type: column.type },
        });
      }
    }
    return {
      findings,
      strength:
        candidates > 0 && findings.length === 0
          ? `All ${candidates} status-like text columns are constrained to their values`
          : undefined,
    };
  },
};
