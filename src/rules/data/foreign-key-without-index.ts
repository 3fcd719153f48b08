import type { Source, Table } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { engineOf, isSupportedByIndex, tableLabel } from './tables.js';

const { messages, say } = defineMessages({
  unindexedForeignKey:
    'Foreign key {{table}}({{columns}}) → {{refTable}}({{refColumns}}) has no index on the referencing columns',
  unindexedOnPartitions:
    'Partitions of {{parent}} ({{partitions}}) have foreign key {{columns}} without an index',
});

export const foreignKeyWithoutIndex: Rule = {
  id: 'data/foreign-key-without-index',
  area: 'data',
  severity: 'medium',
  title: 'Foreign key without a supporting index (PostgreSQL)',
  messages,
  rationale:
    'PostgreSQL indexes the referenced side of a foreign key but not the referencing columns. Every DELETE or key UPDATE ' +
    'on the parent then scans the whole child table to check the constraint, under a lock, and joins from parent to ' +
    'children scan too. MySQL InnoDB creates the index automatically, so this applies to PostgreSQL only.',
  references: [
    'PostgreSQL documentation, 5.5.5 Foreign Keys: "it is often a good idea to index the referencing columns too" (https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK)',
    'MySQL 8.0 Reference Manual, 15.1.20.5 FOREIGN KEY Constraints: index created automatically (https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html)',
  ],
  recommendation: 'Create an index whose leading columns are the foreign key columns.',
  fix: {
    description: 'Index the referencing columns (CONCURRENTLY avoids blocking writes on a live table).',
    language: 'sql',
    snippet: 'CREATE INDEX CONCURRENTLY order_lines_order_id_idx ON order_lines (order_id);',
  },
  examples: {
    fail: {
      description: 'order_lines.order_id references orders without an index',
      files: {
        'db/schema.sql':
          'CREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE TABLE order_lines (\n  id bigint PRIMARY KEY,\n  order_id bigint NOT NULL REFERENCES orders (id)\n);\n',
      },
      findings: [
        {
          at: 'db/schema.sql:2',
          messageId: 'unindexedForeignKey',
          message: 'Foreign key order_lines(order_id) → orders(id) has no index on the referencing columns',
          also: ['db/schema.sql:4'],
        },
      ],
    },
    pass: {
      description: 'the foreign key is indexed (and MySQL indexes its own)',
      files: {
        'db/schema.sql':
          'CREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE TABLE order_lines (\n  id bigint PRIMARY KEY,\n  order_id bigint NOT NULL REFERENCES orders (id)\n);\nCREATE INDEX order_lines_order_id_idx ON order_lines (order_id);\n',
        'db/mysql/schema.sql':
          'CREATE TABLE `a` (`id` int NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;\nCREATE TABLE `b` (`id` int NOT NULL, `a_id` int NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `fk` FOREIGN KEY (`a_id`) REFERENCES `a` (`id`)) ENGINE=InnoDB;\n',
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    // Partitions of one parent repeat the same gap: report them once, on the parent.
    const byParent = new Map<string, { tables: Table[]; columns: Set<string>; locations: Source[] }>();
    for (const table of model.tables) {
      if (engineOf(table) !== 'postgres') continue;
      const missing = table.foreignKeys.filter((fk) => {
        checked++;
        return !isSupportedByIndex(table, fk.columns);
      });
      if (!missing.length) continue;
      if (table.isPartition && table.partitionOf) {
        const group = byParent.get(table.partitionOf) ?? { tables: [], columns: new Set(), locations: [] };
        group.tables.push(table);
        for (const fk of missing) {
          group.columns.add(fk.columns.join(', '));
          group.locations.push(fk.source);
        }
        byParent.set(table.partitionOf, group);
        continue;
      }
      for (const fk of missing) {
        findings.push({
          ...say.unindexedForeignKey({
            table: tableLabel(table),
            columns: fk.columns.join(', '),
            refTable: fk.refTable,
            refColumns: fk.refColumns.join(', '),
          }),
          locations: [fk.source, table.source],
          element: `fk:${table.id}:${fk.columns.join(',')}`,
          fix: {
            description: 'Index the referencing columns.',
            language: 'sql',
            snippet: `CREATE INDEX CONCURRENTLY ${table.name}_${fk.columns.join('_')}_idx ON ${tableLabel(table)} (${fk.columns.join(', ')});`,
          },
          data: { table: tableLabel(table), columns: fk.columns, references: fk.refTable },
        });
      }
    }
    for (const [parent, group] of [...byParent].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const columns = [...group.columns];
      findings.push({
        ...say.unindexedOnPartitions({
          parent,
          partitions: group.tables.map((t) => t.name).join(', '),
          columns: `${columns.length === 1 ? 'column' : 'columns'} ${columns.join('; ')}`,
        }),
        locations: group.locations.slice(0, 10),
        element: `fk-partitions:${parent}:${columns.join(';')}`,
        fix: {
          description:
            'Index the column on the partitioned parent; PostgreSQL creates the index on every partition.',
          language: 'sql',
          snippet: `CREATE INDEX ON ${parent} (${columns[0]});`,
        },
        data: { parent, partitions: group.tables.map((t) => t.name), columns },
      });
    }
    return {
      findings,
      strength:
        checked > 0 && findings.length === 0
          ? `All ${checked} PostgreSQL foreign keys have an index on their referencing columns`
          : undefined,
    };
  },
};
