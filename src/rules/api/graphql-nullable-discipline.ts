import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { graphqlOperations, graphqlTypes } from './lib/graphql-shared.js';

const { messages, say } = defineMessages({
  nullableId:
    '{{type}}.id is nullable ({{declared}}); an object without identity cannot be cached or refetched',
  optionalLookupId: 'Query.{{field}}(id: ID) takes an optional id; the lookup has no meaning without it',
});

/** Argument names that identify an object as well as its id does. */
const ALTERNATIVE_KEY = /^(code|slug|key|handle|name|email|login|number|uuid|externalId|.+Id|.+ID)$/;

export const graphqlNullableDiscipline: Rule = {
  id: 'api/graphql-nullable-discipline',
  area: 'api',
  severity: 'low',
  title: 'Identifiers are non-null in GraphQL types and lookups',
  messages,
  rationale:
    'GraphQL fields are nullable by default, which is right for most fields (a failing resolver nulls one field, not the ' +
    'response) but wrong for identity: an object without an `id` cannot be cached, refetched or referenced, and a lookup ' +
    'whose `id` argument is optional has no defined meaning when it is omitted. Making identity non-null tells clients which ' +
    'nulls can never happen, so they do not have to handle them.',
  references: [
    'GraphQL.org best practices: Nullability (https://graphql.org/learn/best-practices/#nullability)',
    'GraphQL Global Object Identification specification (https://relay.dev/graphql/objectidentification.htm)',
  ],
  recommendation:
    'Declare `id: ID!` on objects and `id: ID!` on lookup arguments; keep other fields nullable where failure is possible.',
  fix: {
    description: 'Make identity non-null.',
    language: 'graphql',
    snippet: 'type Order {\n  id: ID!\n}\n\ntype Query {\n  order(id: ID!): Order\n}',
  },
  examples: {
    fail: {
      description: 'A nullable id field and an optional lookup id',
      files: {
        'schema.graphql':
          'type Order {\n  id: ID\n  total: Int\n}\n\ntype Query {\n  order(id: ID): Order\n}\n',
      },
      findings: [
        {
          at: 'schema.graphql:2:3',
          messageId: 'nullableId',
          message: 'Order.id is nullable (ID); an object without identity cannot be cached or refetched',
        },
        {
          at: 'schema.graphql:7:3',
          messageId: 'optionalLookupId',
          message: 'Query.order(id: ID) takes an optional id; the lookup has no meaning without it',
        },
      ],
    },
    pass: {
      description: 'Identity is non-null',
      files: {
        'schema.graphql':
          'type Order {\n  id: ID!\n  total: Int\n}\n\ntype Query {\n  order(id: ID!): Order\n}\n',
      },
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const type of graphqlTypes(model).values()) {
      if (type.kind !== 'object' && type.kind !== 'interface') continue;
      // a mutation payload's `id` names what the mutation touched (maybe deleted), not the payload's identity
      if (/Payload$/.test(type.name)) continue;
      const id = type.fields.find((f) => f.name === 'id' && f.type.replace('!', '') === 'ID');
      if (!id) continue;
      checked++;
      if (!id.nullable) continue;
      findings.push({
        ...say.nullableId({ type: type.name, declared: id.type }),
        locations: [id.source ?? type.source],
        element: `${type.id}.id`,
        fix: { description: `Declare ${type.name}.id as ID!.`, language: 'graphql', snippet: 'id: ID!' },
      });
    }
    for (const op of graphqlOperations(model)) {
      if (op.method !== 'QUERY') continue;
      const id = op.parameters.find((p) => p.name === 'id' && (p.type === 'ID' || p.type === 'ID!'));
      if (!id) continue;
      checked++;
      if (id.type === 'ID!') continue;
      // `customer(id: ID, externalId: ID)`: a lookup by one of several keys must leave each one optional
      if (op.parameters.some((p) => p !== id && !p.required && ALTERNATIVE_KEY.test(p.name))) continue;
      findings.push({
        ...say.optionalLookupId({ field: op.path }),
        locations: [op.source],
        element: `${op.id}(id)`,
        fix: {
          description: 'Make the lookup argument required.',
          language: 'graphql',
          snippet: `${op.path}(id: ID!): ${op.responseType ?? ''}`,
        },
      });
    }
    return {
      findings,
      strength:
        checked > 0 && findings.length === 0
          ? 'Every GraphQL identifier and id lookup is non-null'
          : undefined,
    };
  },
};
