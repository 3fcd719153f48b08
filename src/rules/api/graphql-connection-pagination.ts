import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import {
  boundedByListArgument,
  connectionFieldCount,
  graphqlOperations,
  graphqlTypes,
  isCompositeType,
  isListType,
  namedType,
  pageWrapperFieldCount,
  pageWrapperTypes,
} from './lib/graphql-shared.js';

const { messages, say } = defineMessages({
  unpaginated:
    'Query.{{field}} returns {{returns}} with no pagination: every matching {{item}} in one response',
  offsetPaging:
    'Query.{{field}} pages {{returns}} by offset; items shift or repeat when data changes between pages',
  unpaginatedAmongPaged:
    'Query.{{field}} returns {{returns}} unpaginated while the schema paginates {{others}} other lists {{style}}; fine only if {{item}} is a small fixed set',
});

export const graphqlConnectionPagination: Rule = {
  id: 'api/graphql-connection-pagination',
  area: 'api',
  severity: 'medium',
  title: 'Top-level GraphQL collections are paginated as connections',
  messages,
  rationale:
    'A root query field that returns a plain list hands every matching object to the client in one response: payloads and ' +
    "resolver cost grow with the data, and adding pagination later changes the field's type — a breaking change for every " +
    'client. Offset arguments (`limit`/`offset`) skip or repeat items when data changes between pages. The Cursor Connections ' +
    'shape (`first`/`after`, `edges`, `pageInfo`) is stable, bounded and understood by Relay, Apollo and urql.',
  references: [
    'GraphQL Cursor Connections Specification (https://relay.dev/graphql/connections.htm)',
    'GraphQL.org best practices: Pagination (https://graphql.org/learn/pagination/)',
    'Google AIP-158 Pagination (https://google.aip.dev/158)',
  ],
  recommendation:
    'Return a `XConnection` with `first`/`after` (and `last`/`before`) arguments from top-level collection fields.',
  fix: {
    description: 'Replace the list with a connection type.',
    language: 'graphql',
    snippet:
      'type Query {\n  orders(first: Int = 20, after: String): OrderConnection!\n}\n\ntype OrderConnection {\n  edges: [OrderEdge!]!\n  pageInfo: PageInfo!\n}\n\ntype OrderEdge {\n  cursor: String!\n  node: Order!\n}',
  },
  examples: {
    fail: {
      description: 'A root field returns every order as a list',
      files: {
        'schema.graphql': 'type Order {\n  id: ID!\n}\n\ntype Query {\n  orders: [Order!]!\n}\n',
      },
      findings: [
        {
          at: 'schema.graphql:6:3',
          messageId: 'unpaginated',
          message: 'Query.orders returns [Order!]! with no pagination: every matching Order in one response',
        },
      ],
    },
    pass: {
      description: 'The root field returns a connection',
      files: {
        'schema.graphql':
          'type Order {\n  id: ID!\n}\n\ntype OrderEdge {\n  cursor: String!\n  node: Order!\n}\n\ntype PageInfo {\n  hasNextPage: Boolean!\n  endCursor: String\n}\n\ntype OrderConnection {\n  edges: [OrderEdge!]!\n  pageInfo: PageInfo!\n}\n\ntype Query {\n  orders(first: Int, after: String): OrderConnection!\n}\n',
      },
    },
  },
  check(model) {
    const types = graphqlTypes(model);
    const findings: FindingDraft[] = [];
    let collections = 0;
    // A schema that already paginates many collections as connections left this one plain on purpose, most
    // likely a small fixed catalogue (GitHub's `licenses`): still worth a look, but only as information.
    // The same holds for a schema with its own page-wrapper convention (`addOns(limit, page): AddOnCollection!`).
    const connections = connectionFieldCount(types);
    const paged = pageWrapperFieldCount(types, pageWrapperTypes(types));
    for (const op of graphqlOperations(model, 'QUERY')) {
      const returns = op.responseType ?? '';
      const target = namedType(returns);
      const isCollection =
        op.pagination === 'connection' || (isListType(returns) && isCompositeType(target, types));
      if (!isCollection) continue;
      collections++;
      if (op.pagination === 'connection' || op.pagination === 'cursor') continue;
      if (boundedByListArgument(op.parameters)) continue; // nodes(ids: [ID!]!): as many results as ids asked for
      const offset = op.pagination === 'offset';
      const deliberate = !offset && (connections >= 3 || paged >= 3);
      findings.push({
        ...(offset
          ? say.offsetPaging({ field: op.path, returns })
          : deliberate
            ? say.unpaginatedAmongPaged({
                field: op.path,
                returns,
                others: connections >= 3 ? connections : paged,
                style: connections >= 3 ? 'as connections' : 'in pages',
                item: target,
              })
            : say.unpaginated({ field: op.path, returns, item: target })),
        locations: [op.source],
        element: op.id,
        severity: offset ? 'low' : deliberate ? 'info' : undefined,
        fix: {
          description: `Return a ${target}Connection with first/after arguments.`,
          language: 'graphql',
          snippet: `${op.path}(first: Int = 20, after: String): ${target}Connection!`,
        },
      });
    }
    return {
      findings,
      strength:
        collections > 0 && findings.length === 0
          ? `All ${collections} top-level GraphQL collections are cursor-paginated`
          : undefined,
    };
  },
};
