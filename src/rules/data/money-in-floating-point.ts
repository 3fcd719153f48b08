import type { ApiKind, ApiType, SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { columnLabel, FLOAT_TYPE } from './tables.js';

const MONEY_NAME =
  /(^|_)(price|prices|amount|total|subtotal|cost|costs|balance|fee|fees|tax|discount|salary|revenue|refund)(_|$)|(Price|Amount|Total|Cost|Balance|Fee|Tax|Discount|Salary)$|^(price|amount|total|cost|balance|fee|tax|discount|salary)[A-Z]/;

/** Money-like names that are rates, shares, counts or identifiers rather than amounts. */
const NOT_AMOUNT =
  /(percent|pct|rate|ratio|count|quantity|qty|weight|currency|code|type|units?$|tokens|items|pages|results|bytes|seconds|_ms$|size|records|_ids?$)/i;
const IDENTIFIER = /(Id|Ids|ID)$/;

/** `total` alone is a count as often as an amount: an amount only beside a currency or in an order-like type. */
const AMBIGUOUS = /^(total|balance)$/i;
const MONEY_TYPE =
  /order|invoice|cart|basket|payment|bill|charge|quote|checkout|receipt|transaction|price|money|wallet|account/i;

/** How an API field's type holds numbers in floating point, or undefined when it is exact. */
function floatingKind(kind: ApiKind, type: string): 'float' | 'number' | undefined {
  const t = type.toLowerCase();
  if (kind === 'grpc') return t === 'double' || t === 'float' ? 'float' : undefined;
  if (kind === 'graphql') return t === 'float' ? 'float' : undefined;
  if (kind === 'openapi' || kind === 'asyncapi') {
    if (t === 'number:float' || t === 'number:double') return 'float';
    if (t === 'number') return 'number';
  }
  return undefined;
}

interface MoneyField {
  kind: ApiKind;
  type: ApiType;
  field: ApiType['fields'][number];
}

/** The money-like fields of every API contract (proto messages, OpenAPI schemas, GraphQL types). */
function moneyFields(model: SystemModel): MoneyField[] {
  const apis = new Map(model.apis.map((a) => [a.id, a.kind]));
  const out: MoneyField[] = [];
  for (const type of model.apiTypes) {
    // proto types belong to their file (`proto:<file>`), the others to their API
    const kind = type.apiId.startsWith('proto:') ? 'grpc' : apis.get(type.apiId);
    if (!kind || type.kind === 'enum') continue;
    const hasCurrency = type.fields.some((f) => /currency/i.test(f.name));
    for (const field of type.fields) {
      if (!MONEY_NAME.test(field.name) || NOT_AMOUNT.test(field.name) || IDENTIFIER.test(field.name))
        continue;
      if (AMBIGUOUS.test(field.name) && !hasCurrency && !MONEY_TYPE.test(type.name)) continue;
      out.push({ kind, type, field });
    }
  }
  return out;
}

const PROTO_FIX = `import "google/type/money.proto";

message Product {
  string id = 1;
  // was: double price = 2;
  google.type.Money price = 2; // currency_code (ISO 4217), units, nanos
}`;

const OPENAPI_FIX = `Price:
  type: object
  required: [amount, currency]
  properties:
    amount:
      type: string
      format: decimal
      example: "19.99"
    currency:
      type: string
      pattern: "^[A-Z]{3}$" # ISO 4217`;

function contractFix(kind: ApiKind): { description: string; language: string; snippet: string } {
  if (kind === 'grpc')
    return {
      description:
        'Carry the amount as google.type.Money (integer units and nanos, with an ISO 4217 currency code).',
      language: 'proto',
      snippet: PROTO_FIX,
    };
  if (kind === 'graphql')
    return {
      description: 'Expose the amount as a decimal string (or integer minor units) with its currency.',
      language: 'graphql',
      snippet: 'type Money {\n  amount: String! # decimal, e.g. "19.99"\n  currency: String! # ISO 4217\n}',
    };
  return {
    description:
      'Send the amount as a decimal string (or integer minor units) with an ISO 4217 currency code.',
    language: 'yaml',
    snippet: OPENAPI_FIX,
  };
}

const { messages, say } = defineMessages({
  floatColumn: 'Column {{column}} holds money in floating point ({{type}})',
  floatField:
    '{{container}} {{type}} field `{{field}}` ({{file}}) carries money as floating point ({{fieldType}})',
  numberField:
    '{{container}} {{type}} field `{{field}}` ({{file}}) carries money as a JSON number with no decimal format (`type: number`)',
});

export const moneyInFloatingPoint: Rule = {
  id: 'data/money-in-floating-point',
  area: 'data',
  severity: 'high',
  title: 'Money in floating point (database columns and API contracts)',
  messages,
  rationale:
    'float/real/double store binary fractions: 0.1 + 0.2 is not 0.3, sums drift by cents, and equality checks on ' +
    'amounts fail. Accounting needs exact decimal arithmetic. (PostgreSQL\'s own `money` type is on the "Don\'t Do This" ' +
    'list too: use numeric, or integer minor units.) The same holds for contracts: a `double price` in a .proto, a ' +
    'GraphQL `Float`, or an OpenAPI `type: number` amount makes every client parse the amount into a binary float ' +
    '(JavaScript has no other number type), and an amount without its currency is ambiguous across markets.',
  references: [
    'PostgreSQL documentation, 8.1.3 Floating-Point Types: "If you require exact storage and calculations (such as for monetary amounts), use the numeric type instead" (https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-FLOAT)',
    "PostgreSQL wiki, Don't Do This: Don't use money (https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_money)",
    'MySQL 8.0 Reference Manual, B.3.4.8 Problems with Floating-Point Values (https://dev.mysql.com/doc/refman/8.0/en/problems-with-float.html)',
    'Google APIs common types: google/type/money.proto (currency_code, units, nanos) (https://github.com/googleapis/googleapis/blob/master/google/type/money.proto)',
    'Google AIP-143: Standardized codes (ISO 4217 currency codes) (https://google.aip.dev/143)',
    'Zalando RESTful API Guidelines, 173: Use common money object (amount as decimal string, ISO 4217 currency) (https://opensource.zalando.com/restful-api-guidelines/#173)',
    'ISO 4217: Codes for the representation of currencies (https://www.iso.org/iso-4217-currency-codes.html)',
  ],
  recommendation:
    'Store amounts as numeric/decimal with an explicit scale, or as integer minor units (cents) beside a currency code; in contracts use google.type.Money (protos) or a decimal string with an ISO 4217 currency (OpenAPI, GraphQL).',
  fix: {
    description: 'Convert the column to an exact decimal type.',
    language: 'sql',
    snippet:
      'ALTER TABLE order_lines ALTER COLUMN unit_price TYPE numeric(12,2) USING round(unit_price::numeric, 2);',
  },
  examples: {
    fail: {
      description: 'a price in double precision, in the table and in the gRPC contract',
      files: {
        'db/schema.sql':
          'CREATE TABLE products (\n  id bigint PRIMARY KEY,\n  price double precision NOT NULL\n);\n',
        'proto/catalog.proto':
          'syntax = "proto3";\npackage shop.catalog.v1;\n\nmessage Product {\n  string id = 1;\n  double price = 2;\n}\n',
      },
      findings: [
        {
          at: 'db/schema.sql:3',
          messageId: 'floatColumn',
          message: 'Column products.price holds money in floating point (double precision)',
        },
        {
          at: 'proto/catalog.proto:6',
          messageId: 'floatField',
          message:
            'Message shop.catalog.v1.Product field `price` (proto/catalog.proto) carries money as floating point (double)',
        },
      ],
    },
    pass: {
      description: 'prices in numeric and as units and nanos with a currency; floats that are not money',
      files: {
        'db/schema.sql':
          'CREATE TABLE products (\n  id bigint PRIMARY KEY,\n  price numeric(12,2) NOT NULL,\n  weight_kg real\n);\n',
        'proto/catalog.proto':
          'syntax = "proto3";\npackage shop.catalog.v1;\n\nmessage Money {\n  string currency_code = 1;\n  int64 units = 2;\n  int32 nanos = 3;\n}\n\nmessage Product {\n  string id = 1;\n  Money price = 2;\n  double weight_kg = 3;\n  float discount_rate = 4;\n}\n',
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    const moneyColumns: string[] = [];
    for (const table of model.tables) {
      if (table.isPartition) continue; // the partitioned parent carries the same columns
      for (const column of table.columns) {
        if (!MONEY_NAME.test(column.name) || NOT_AMOUNT.test(column.name) || IDENTIFIER.test(column.name))
          continue;
        moneyColumns.push(`${table.name}.${column.name}`);
        if (!FLOAT_TYPE.test(column.type)) continue;
        findings.push({
          ...say.floatColumn({ column: columnLabel(table, column.name), type: column.type }),
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
    const contractFields: string[] = [];
    for (const { kind: apiKind, type, field } of moneyFields(model)) {
      contractFields.push(`${type.name}.${field.name}`);
      const kind = floatingKind(apiKind, field.type);
      if (!kind) continue;
      const where = {
        container: apiKind === 'grpc' ? 'Message' : 'Schema',
        type: type.name,
        field: field.name,
        file: type.source.file,
      };
      const written =
        apiKind === 'openapi' || apiKind === 'asyncapi' ? field.type.replace(':', ', format ') : field.type;
      findings.push({
        ...(kind === 'float' ? say.floatField({ ...where, fieldType: written }) : say.numberField(where)),
        locations: [field.source ?? type.source],
        element: `api-field:${type.id}.${field.name}`,
        ...(kind === 'number' ? { severity: 'medium' as const } : {}),
        fix: contractFix(apiKind),
        data: { api: type.apiId, type: type.name, field: field.name, fieldType: field.type },
      });
    }
    const money = moneyColumns.length + contractFields.length;
    const listed = [...moneyColumns, ...contractFields];
    return {
      findings,
      strength:
        money > 0 && findings.length === 0
          ? `All ${money} money-like ${moneyColumns.length === 0 ? 'contract fields' : contractFields.length === 0 ? 'columns' : 'columns and contract fields'} (${listed.slice(0, 5).join(', ')}${money > 5 ? ', …' : ''}) use exact ${contractFields.length === 0 ? 'numeric ' : ''}types`
          : undefined,
    };
  },
};
