import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import {
  graphqlTypes,
  isEntityType,
  isListType,
  namedType,
  pageWrapperTypes,
  rootFieldKeys,
} from './lib/graphql-shared.js';

const { messages, say } = defineMessages({
  unboundedList: '{{type}}.{{field}}: {{declared}} has no arguments to bound it',
});

export const graphqlUnboundedList: Rule = {
  id: 'api/graphql-unbounded-list',
  area: 'api',
  severity: 'low',
  title: 'Nested GraphQL lists of entities can be bounded',
  messages,
  rationale:
    'A list field of objects without any argument cannot be limited by the client, and nothing in the contract says how long ' +
    'it may get. Nested lists multiply: `customers { orders { lines } }` fans out per parent, and a list that is small today ' +
    "(an order's lines) may not be tomorrow (a customer's orders). Query cost analysis and depth limits need a bound to " +
    'reason about.',
  references: [
    'GraphQL Cursor Connections Specification (https://relay.dev/graphql/connections.htm)',
    'GraphQL.org best practices: Pagination (https://graphql.org/learn/pagination/)',
    'OWASP GraphQL Cheat Sheet: query limiting (https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html)',
  ],
  recommendation:
    'Give growing lists `first`/`after` arguments (or a connection); keep plain lists only where the size is bounded by design.',
  fix: {
    description: 'Add a bounding argument or turn the list into a connection.',
    language: 'graphql',
    snippet: 'type Customer {\n  orders(first: Int = 20, after: String): OrderConnection!\n}',
  },
  examples: {
    fail: {
      description: "A customer's orders as an unbounded list",
      files: {
        'schema.graphql':
          'type Order {\n  id: ID!\n}\n\ntype Customer {\n  id: ID!\n  orders: [Order!]!\n}\n\ntype Query {\n  customer(id: ID!): Customer\n}\n',
      },
      findings: [
        {
          at: 'schema.graphql:7:3',
          messageId: 'unboundedList',
          message: 'Customer.orders: [Order!]! has no arguments to bound it',
        },
      ],
    },
    pass: {
      description: "A customer's orders with a bound",
      files: {
        'schema.graphql':
          'type Order {\n  id: ID!\n}\n\ntype Customer {\n  id: ID!\n  orders(first: Int = 20, after: String): [Order!]!\n}\n\ntype Query {\n  customer(id: ID!): Customer\n}\n',
      },
    },
  },
  check(model) {
    const types = graphqlTypes(model);
    const roots = rootFieldKeys(model);
    // the list inside a page wrapper (`AddOnCollection.collection`) is bounded by the paging arguments of the
    // field that returns the wrapper: the schema's own pagination convention, not an unbounded list
    const pages = pageWrapperTypes(types);
    const findings: FindingDraft[] = [];
    let lists = 0;
    for (const type of types.values()) {
      if (type.kind !== 'object' && type.kind !== 'interface') continue;
      // connection plumbing and mutation payloads are not collections of their own
      if (/(Connection|Edge|Payload)$/.test(type.name) || pages.has(type.name)) continue;
      for (const field of type.fields) {
        if (!field.source || roots.has(`${field.source.file}:${field.source.line}`)) continue;
        // lists of value objects (reaction groups, calendar weeks) are bounded compositions;
        // lists of entities (things with an id) grow with the data
        if (!isListType(field.type) || !isEntityType(namedType(field.type), types)) continue;
        lists++;
        if ((field.arguments ?? []).length > 0) continue;
        findings.push({
          ...say.unboundedList({ type: type.name, field: field.name, declared: field.type }),
          locations: [field.source],
          element: `${type.id}.${field.name}`,
          fix: {
            description: `If ${type.name}.${field.name} can grow, paginate it; if it is bounded by design, say so in its description.`,
            language: 'graphql',
            snippet: `${field.name}(first: Int = 20, after: String): ${namedType(field.type)}Connection!`,
          },
        });
      }
    }
    return {
      findings,
      strength:
        lists > 0 && findings.length === 0
          ? `All ${lists} nested GraphQL lists of entities take bounding arguments`
          : undefined,
    };
  },
};
