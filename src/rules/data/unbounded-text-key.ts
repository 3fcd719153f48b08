import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { engineOf, findColumn, STRING_TYPE, tableLabel } from './tables.js';

/** text, citext, varchar without a length: no bound on the key's size. */
function isUnbounded(type: string): boolean {
  return STRING_TYPE.test(type) && !/\(\d+\)/.test(type);
}

const { messages, say } = defineMessages({
  unboundedKey: '{{table}}.{{column}} ({{type}}) is part of a {{key}} with no length bound',
});

export const unboundedTextKey: Rule = {
  id: 'data/unbounded-text-key',
  area: 'data',
  severity: 'low',
  title: 'Unbounded text used as a key',
  messages,
  rationale:
    'A primary key or unique key on text with no length limit lets one oversized value fail the insert ("index row size ' +
    'exceeds btree maximum", about 2.7 kB), makes every referencing table and index carry the wide value, and is slower ' +
    'to compare than a fixed-width key. A CHECK on length (or a bounded varchar) keeps the key inside what the index can hold.',
  references: [
    'PostgreSQL documentation, 64.1.4 B-Tree Implementation: maximum index tuple size (https://www.postgresql.org/docs/current/btree-implementation.html)',
    "PostgreSQL wiki, Don't Do This: Don't use varchar(n) by default — bound text with a CHECK where a limit is a rule (https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_varchar.28n.29_by_default)",
    'Kleppmann, Designing Data-Intensive Applications, ch. 3 (indexes and key size)',
  ],
  recommendation:
    'Key tables by a compact surrogate (bigint identity or uuid) and keep the text unique with a length CHECK.',
  fix: {
    description:
      'Bound the key column with a CHECK (or use a surrogate key and keep the text as a bounded unique column).',
    language: 'sql',
    snippet: 'ALTER TABLE tags ADD CONSTRAINT tags_name_length CHECK (char_length(name) <= 100);',
  },
  examples: {
    fail: {
      description: 'a text primary key with no bound',
      files: { 'db/schema.sql': 'CREATE TABLE tags (\n  name text PRIMARY KEY\n);\n' },
      findings: [
        {
          at: 'db/schema.sql:2',
          messageId: 'unboundedKey',
          message: 'tags.name (text) is part of a primary key with no length bound',
        },
      ],
    },
    pass: {
      description: 'a surrogate key, and a bounded unique name',
      files: {
        'db/schema.sql':
          'CREATE TABLE tags (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  name text NOT NULL UNIQUE CHECK (char_length(name) <= 100)\n);\n',
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    let keys = 0;
    for (const table of model.tables) {
      if (engineOf(table) === 'mysql' || table.isPartition) continue; // MySQL rejects unbounded text keys outright
      const keyLists: Array<{ kind: string; columns: string[] }> = [];
      if (table.primaryKey?.length) keyLists.push({ kind: 'primary key', columns: table.primaryKey });
      for (const u of table.uniques) keyLists.push({ kind: 'unique key', columns: u });
      for (const i of table.indexes)
        if (i.unique) keyLists.push({ kind: 'unique index', columns: i.columns });
      const seen = new Set<string>();
      for (const key of keyLists) {
        keys++;
        for (const name of key.columns) {
          const column = findColumn(table, name);
          if (!column || column.checked || !isUnbounded(column.type) || seen.has(column.name)) continue;
          // Generated identifiers (uuid()/cuid() defaults) have a fixed, small size whatever the column type says.
          if (/\b(uuid|cuid|nanoid|ulid|gen_random_uuid|uuid_generate_v\d)\(/i.test(column.default ?? ''))
            continue;
          seen.add(column.name);
          findings.push({
            ...say.unboundedKey({
              table: tableLabel(table),
              column: column.name,
              type: column.type,
              key: key.kind,
            }),
            locations: [column.source],
            element: `column:${table.id}.${column.name}:key`,
            data: { table: tableLabel(table), column: column.name, type: column.type, key: key.kind },
          });
        }
      }
    }
    return {
      findings,
      strength:
        keys > 0 && findings.length === 0 ? `None of the ${keys} keys uses unbounded text` : undefined,
    };
  },
};
