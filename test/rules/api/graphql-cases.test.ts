/** Exact cases for the GraphQL mutation rule: each kind of finding (message id) its example does not show. */
import { graphqlMutationInputPayload } from '../../../src/rules/api/graphql-mutation-input-payload.js';
import { testRule } from '../../helpers/rule-cases.js';

const schema = (mutations: string) =>
  `type Order {\n  id: ID!\n}\n\ntype Query {\n  order(id: ID!): Order\n}\n\ninput OrderInput {\n  note: String\n}\n\ninput AddressInput {\n  street: String\n}\n\ntype Mutation {\n${mutations}}\n`;

testRule(graphqlMutationInputPayload, [
  {
    name: 'one input object returning a scalar: only the result is reported',
    files: { 'schema.graphql': schema('  placeOrder(input: OrderInput!): Boolean\n') },
    findings: [
      {
        at: 'schema.graphql:18:3',
        messageId: 'notPayload',
        message: 'Mutation placeOrder returns Boolean instead of a payload object',
      },
    ],
  },
  {
    name: 'two input objects returning a scalar: both problems in one finding, named by the arguments',
    files: {
      'schema.graphql': schema('  placeOrder(order: OrderInput!, address: AddressInput!): Boolean\n'),
    },
    findings: [
      {
        at: 'schema.graphql:18:3',
        messageId: 'severalInputs',
        message:
          'Mutation placeOrder takes several input objects instead of one and returns Boolean instead of a payload object',
      },
    ],
  },
  {
    name: 'loose arguments returning a payload: only the arguments are reported',
    files: {
      'schema.graphql': `${schema('  renameOrder(name: String, note: String): RenameOrderPayload\n')}\ntype RenameOrderPayload {\n  order: Order\n}\n`,
    },
    findings: [
      {
        at: 'schema.graphql:18:3',
        messageId: 'looseArguments',
        message: 'Mutation renameOrder takes loose arguments name, note instead of one input object',
      },
    ],
  },
  {
    name: 'a bare target id and a payload are fine',
    files: {
      'schema.graphql': `${schema('  deleteOrder(id: ID!): DeleteOrderPayload!\n')}\ntype DeleteOrderPayload {\n  deletedId: ID\n}\n`,
    },
    findings: [],
  },
]);
