import type { FindingDraft, Rule } from '../types.js';
import { columnLabel, FLOAT_TYPE } from './tables.js';

const MONEY_NAME =
  /(^|_)(price|prices|amount|total|subtotal|cost|costs|balance|fee|fees|tax|discount|salary|revenue|refund)(_|$)|(Price|Amount|Total|Cost|Balance|Fee|Tax|Discount|Salary)$|^(price|amount|total|cost|balance|fee|tax|discount|salary)[A-Z]/;

export const moneyInFloatingPoint: Rule = {
  id: 'data/money-in-floating-point',
  area: 'data',
  severity: 'high',
  title: 'Money stored in floating point',
  rationale:
    'float/real/double store binary fractions: 0.1 + 0.2 is not 0.3, sums drift by cents, and equality checks on ' +
    'amounts fail. Accounting needs exact decimal arithmetic. (PostgreSQL\'s own `money` type is on the "Don\'t Do This" ' +
    'list too: use numeric, or integer minor units.)',
  references: [
    'PostgreSQL documentation, 8.1.3 Floating-Point Types: "If you require exact storage and calculations (such as for monetary amounts), use the numeric type instead" (https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-FLOAT)',
    "PostgreSQL wiki, Don't Do This: Don't use money (https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_money)",
    'MySQL 8.0 Reference Manual, B.3.4.8 Problems with Floating-Point Values (https://dev.mysql.com/doc/refman/8.0/en/problems-with-float.html)',
  ],
  recommendation:
    'Store amounts as numeric/decimal with an explicit scale, or as integer minor units (cents) beside a currency code.',
  fix: {
    description: 'Convert the column to an exact decimal type.',
    language: 'sql',
    snippet:
      'ALTER TABLE order_lines ALTER COLUMN unit_price TYPE numeric(12,2) USING round(unit_price::numeric, 2);',
  },
  examples: {
    fail: {
      description: 'a price in double precision',
      files: {
        'db/schema.sql':
          'CREATE TABLE products (\n  id bigint PRIMARY KEY,\n  price double precision NOT NULL\n);\n',
      },
      findings: [
        {
          at: 'db/schema.sql:3',
          message: 'Column products.price holds money in floating point (double precision)',
        },
      ],
    },
    pass: {
      description: 'prices in numeric, a float that is not money',
      files: {
        'db/schema.sql':
          'CREATE TABLE products (\n  id bigint PRIMARY KEY,\n  price numeric(12,2) NOT NULL,\n  weight_kg real\n);\n',
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    const moneyColumns: string[] = [];
    for (const table of model.tables) {
      if (table.isPartition) continue; // the partitioned parent carries the same columns
      for (const column of table.columns) {
        if (!MONEY_NAME.test(column.name) || /(_id|Id)$/.test(column.name)) continue;
        moneyColumns.push(`${table.name}.${column.name}`);
        if (!FLOAT_TYPE.test(column.type)) continue;
        findings.push({
          message: `Column ${columnLabel(table, column.name)} holds money in floating point (${column.type})`,
          locations: [column.source],
          element: `column:${table.id}.${column.name}`,
          fix: {
            description: 'Use an exact decimal type.',
            language: 'sql',
            snippet: `ALTER TABLE ${table.schema ? `${table.schema}.` : ''}${table.name} ALTER COLUMN ${column.name} TYPE numeric(12,2);`,
          },
          data: { table: table.name, column: column.name, type: column.type },
        });
      }
    }
    return {
      findings,
      strength:
        moneyColumns.length > 0 && findings.length === 0
          ? `All ${moneyColumns.length} money-like columns (${moneyColumns.slice(0, 5).join(', ')}${moneyColumns.length > 5 ? ', …' : ''}) use exact numeric types`
          : undefined,
    };
  },
};
