import type { FindingDraft, Rule } from '../types.js';
import { graphqlOperations, graphqlTypes, isListType, namedType } from './graphql-shared.js';

export const graphqlMutationInputPayload: Rule = {
  id: 'api/graphql-mutation-input-payload',
  area: 'api',
  severity: 'medium',
  title: 'Mutations take one input object and return a payload type',
  rationale:
    'A mutation with a single `input: XInput!` argument and an `XPayload` result can gain optional input fields and new result ' +
    'fields (the changed object, user errors, a client mutation id) without breaking any client. Loose scalar arguments and ' +
    'bare scalar or entity results freeze the signature: every later addition becomes a new mutation or a breaking change, and ' +
    'there is no place to return validation errors as data.',
  references: [
    'GraphQL Cursor Connections / Relay mutation conventions: input objects and payloads (https://relay.dev/docs/guided-tour/updating-data/graphql-mutations/)',
    'GraphQL.org best practices: mutations (https://graphql.org/learn/mutations/)',
    'Shopify GraphQL design tutorial, rule 23-25 (https://github.com/Shopify/graphql-design-tutorial)',
  ],
  recommendation:
    'Give every mutation one `input: <Name>Input!` argument and a dedicated `<Name>Payload` result.',
  fix: {
    description: 'Wrap arguments in an input object and the result in a payload.',
    language: 'graphql',
    snippet:
      'type Mutation {\n  cancelOrder(input: CancelOrderInput!): CancelOrderPayload!\n}\n\ninput CancelOrderInput {\n  orderId: ID!\n  reason: String\n}\n\ntype CancelOrderPayload {\n  order: Order\n  userErrors: [UserError!]!\n}',
  },
  examples: {
    fail: {
      description: 'Scalar arguments and a Boolean result',
      files: {
        'schema.graphql':
          'type Query {\n  ping: String\n}\n\ntype Mutation {\n  cancelOrder(orderId: ID!, reason: String): Boolean\n}\n',
      },
      findings: [
        {
          at: 'schema.graphql:6:3',
          message:
            'Mutation cancelOrder takes loose arguments orderId, reason instead of one input object and returns Boolean instead of a payload object',
        },
      ],
    },
    pass: {
      description: 'One input object, one payload',
      files: {
        'schema.graphql':
          'type Order {\n  id: ID!\n}\n\ntype Query {\n  ping: String\n}\n\ninput CancelOrderInput {\n  orderId: ID!\n  reason: String\n}\n\ntype CancelOrderPayload {\n  order: Order\n}\n\ntype Mutation {\n  cancelOrder(input: CancelOrderInput!): CancelOrderPayload!\n}\n',
      },
    },
  },
  check(model) {
    const types = graphqlTypes(model);
    const mutations = graphqlOperations(model, 'MUTATION');
    // how often each type is referenced by any field: a payload is referenced only by its mutation
    const references = new Map<string, number>();
    for (const t of types.values()) {
      for (const f of t.fields) {
        const name = namedType(f.type);
        references.set(name, (references.get(name) ?? 0) + 1);
      }
    }
    const findings: FindingDraft[] = [];
    for (const m of mutations) {
      const problems: string[] = [];
      const inputs = m.parameters.filter((p) => types.get(namedType(p.type ?? ''))?.kind === 'input');
      if (m.parameters.length > 0 && !(m.parameters.length === 1 && inputs.length === 1)) {
        const loose = m.parameters.filter((p) => !inputs.includes(p)).map((p) => p.name);
        problems.push(
          loose.length > 0
            ? `takes loose argument${loose.length > 1 ? 's' : ''} ${loose.join(', ')} instead of one input object`
            : 'takes several input objects instead of one',
        );
      }
      const returns = m.responseType ?? '';
      const result = namedType(returns);
      const resultType = types.get(result);
      const dedicated =
        !isListType(returns) &&
        resultType?.kind === 'object' &&
        (/Payload$|Result$|Response$/.test(result) || (references.get(result) ?? 0) <= 1);
      if (!dedicated && (resultType || !/Payload$/.test(result))) {
        problems.push(
          resultType?.kind === 'object'
            ? `returns the shared type ${returns} instead of a payload`
            : `returns ${returns} instead of a payload object`,
        );
      }
      if (problems.length === 0) continue;
      const base = m.path.charAt(0).toUpperCase() + m.path.slice(1);
      findings.push({
        message: `Mutation ${m.path} ${problems.join(' and ')}`,
        locations: [m.source],
        element: m.id,
        fix: {
          description: `Use ${base}Input and ${base}Payload.`,
          language: 'graphql',
          snippet: `${m.path}(input: ${base}Input!): ${base}Payload!`,
        },
      });
    }
    return {
      findings,
      strength:
        mutations.length > 0 && findings.length === 0
          ? `All ${mutations.length} mutations take an input object and return a payload`
          : undefined,
    };
  },
};
