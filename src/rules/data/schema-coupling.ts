import { refKey, tableKey } from '../../model/infer-sql.js';
import type { Table } from '../../model/schema.js';
import { plural } from '../../model/values.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { tableLabel } from './tables.js';

const DEFAULT_SCHEMAS = new Set(['public', 'dbo', 'main']);
const MIN_SCHEMAS = 3;

/** The database a table belongs to: the folder of its file and its dialect (one schema file set ≈ one database). */
function databaseOf(table: Table): string {
  const file = table.source.file;
  return `${file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.'}|${table.dialect}`;
}

const { messages, say } = defineMessages({
  crossSchemaForeignKeys:
    '{{count}} schemas ({{schemas}}) share one database and {{foreignKeys}} cross between them: {{list}}',
});

export const schemaCoupling: Rule = {
  id: 'data/schema-coupling',
  area: 'data',
  severity: 'medium',
  title: 'One database holds several bounded contexts tied by foreign keys',
  messages,
  rationale:
    'Separate schemas in one database usually mark separate bounded contexts (orders, billing, inventory). Foreign keys ' +
    'across them weld those contexts together: neither can be moved to its own store, migrated or scaled on its own, ' +
    'and a change in one schema can fail writes in another. (Several services sharing one store is reported by ' +
    'services/shared-database; this rule looks at the schema itself.)',
  references: [
    'Evans, Domain-Driven Design, ch. 14 (bounded contexts and their integrity)',
    'Kleppmann, Designing Data-Intensive Applications, ch. 12 (unbundling databases; derived data across boundaries)',
    'Newman, Building Microservices (2nd ed.), ch. 3: splitting the database, foreign keys across boundaries',
  ],
  recommendation:
    'Keep foreign keys inside one context; across contexts, reference by id only and keep consistency with events or an API.',
  fix: {
    description: 'Replace the cross-schema constraint by a plain id column the owning context validates.',
    language: 'sql',
    snippet:
      'ALTER TABLE billing.invoices DROP CONSTRAINT invoices_order_id_fkey;\n-- keep billing.invoices.order_id; billing learns about orders from order events',
  },
  examples: {
    fail: {
      description: 'orders, billing and shipping schemas tied together by foreign keys',
      files: {
        'db/schema.sql':
          'CREATE TABLE orders.orders (id bigint PRIMARY KEY);\nCREATE TABLE billing.invoices (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders.orders (id));\nCREATE TABLE shipping.parcels (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders.orders (id), invoice_id bigint REFERENCES billing.invoices (id));\n',
      },
      findings: [
        {
          at: 'db/schema.sql:2',
          messageId: 'crossSchemaForeignKeys',
          message:
            '3 schemas (billing, orders, shipping) share one database and 3 foreign keys cross between them: billing.invoices(order_id) → orders.orders; shipping.parcels(order_id) → orders.orders; shipping.parcels(invoice_id) → billing.invoices',
          also: ['db/schema.sql:3'],
        },
      ],
    },
    pass: {
      description: 'three schemas referencing each other by id only',
      files: {
        'db/schema.sql':
          'CREATE TABLE orders.orders (id bigint PRIMARY KEY);\nCREATE TABLE billing.invoices (id bigint PRIMARY KEY, order_id bigint NOT NULL);\nCREATE TABLE shipping.parcels (id bigint PRIMARY KEY, order_id bigint NOT NULL);\n',
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    const databases = new Map<string, Table[]>();
    for (const t of model.tables) {
      if (t.isPartition) continue;
      const key = databaseOf(t);
      databases.set(key, [...(databases.get(key) ?? []), t]);
    }
    let multiSchema = 0;
    for (const [, tables] of [...databases].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const schemaOf = new Map(
        tables.map((t) => [tableKey(t.schema, t.name), (t.schema ?? 'public').toLowerCase()]),
      );
      const schemas = new Set([...schemaOf.values()].filter((s) => !DEFAULT_SCHEMAS.has(s)));
      if (schemas.size < MIN_SCHEMAS) continue;
      multiSchema++;
      const crossing: string[] = [];
      const locations = [];
      const coupled = new Set<string>();
      for (const t of tables) {
        const from = (t.schema ?? 'public').toLowerCase();
        for (const fk of t.foreignKeys) {
          const to =
            schemaOf.get(refKey(fk.refTable)) ??
            (fk.refTable.includes('.') ? fk.refTable.split('.')[0] : 'public');
          if (!to || to === from) continue;
          crossing.push(`${tableLabel(t)}(${fk.columns.join(', ')}) → ${fk.refTable}`);
          locations.push(fk.source);
          coupled.add(from);
          coupled.add(to);
        }
      }
      if (!crossing.length) continue;
      findings.push({
        ...say.crossSchemaForeignKeys({
          count: schemas.size,
          schemas: [...schemas].sort().join(', '),
          foreignKeys: plural(crossing.length, 'foreign key'),
          list: `${crossing.slice(0, 6).join('; ')}${crossing.length > 6 ? '; …' : ''}`,
        }),
        locations: locations.slice(0, 10),
        element: `database:${tables[0]?.source.file}:schemas`,
        data: {
          schemas: [...schemas].sort(),
          coupledSchemas: [...coupled].sort(),
          crossSchemaForeignKeys: crossing,
        },
      });
    }
    return {
      findings,
      strength:
        multiSchema > 0 && findings.length === 0
          ? 'Schemas that share a database reference each other by id only, without cross-schema foreign keys'
          : undefined,
    };
  },
};
