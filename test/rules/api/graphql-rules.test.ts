/**
 * The GraphQL rules on GitHub's public schema. Each remaining finding was read by hand; the rules were tuned
 * so value-object lists (reaction groups, calendar weeks), `nodes(ids:)` and payload ids are not reported.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverFiles } from '../../../src/discover/index.js';
import { runRules } from '../../../src/review/engine.js';
import { apiRules } from '../../../src/rules/api/index.js';
import { corpusPath, corpusTitle } from '../../helpers/corpus.js';

const graphqlRules = apiRules.filter((r) => r.id.startsWith('api/graphql-'));
const githubSchema = 'github-rest/github-schema.graphql';
const schema = corpusPath(githubSchema);
const fixture = path.resolve(__dirname, '../../fixtures/graphql/good/schema.graphql');

function review(file: string, rel: string) {
  const text = readFileSync(file, 'utf8');
  const discovery = discoverFiles([{ path: rel, text, bytes: text.length }]);
  return runRules(discovery, { rules: {} }, graphqlRules);
}

describe.skipIf(!existsSync(schema))(corpusTitle('GraphQL rules on the GitHub schema', githubSchema), () => {
  let run: ReturnType<typeof review>;
  let summary: string[];
  beforeAll(() => {
    run = review(schema, 'github-schema.graphql');
    summary = run.findings.map((f) => `${f.ruleId} ${f.severity} ${f.element?.split('#').pop()}`).sort();
  });

  it('recognises GitHub mutations as input/payload style throughout', () => {
    expect(run.findings.filter((f) => f.ruleId === 'api/graphql-mutation-input-payload')).toEqual([]);
    expect(run.strengths.map((s) => s.message)).toContain(
      'All 247 mutations take an input object and return a payload',
    );
  });

  it('reports only the hand-checked findings', () => {
    expect(summary).toEqual([
      // unpaginated root catalogues in a schema that uses connections everywhere else: information only
      'api/graphql-connection-pagination info QUERY codesOfConduct',
      'api/graphql-connection-pagination info QUERY licenses',
      'api/graphql-connection-pagination info QUERY marketplaceCategories',
      // `id: ID` on a suggestion object
      'api/graphql-nullable-discipline low UserListSuggestion.id',
      // lists of entities that grow: iterations accumulate every sprint, commit status contexts per CI system
      'api/graphql-unbounded-list low ProjectV2IterationFieldConfiguration.completedIterations',
      'api/graphql-unbounded-list low ProjectV2IterationFieldConfiguration.iterations',
      'api/graphql-unbounded-list low Status.contexts',
      'api/graphql-unbounded-list low User.suggestedListNames',
    ]);
  });
});

describe('GraphQL rules on a hand-written schema', () => {
  it('flags unpaginated and offset-paginated root lists and the mutation with scalar args and an entity result', () => {
    const run = review(fixture, 'schema.graphql');
    expect(run.findings.map((f) => [f.ruleId, f.severity, f.messageId, f.message])).toEqual([
      [
        'api/graphql-connection-pagination',
        'medium',
        'unpaginated',
        'Query.search returns [SearchResult!]! with no pagination: every matching SearchResult in one response',
      ],
      [
        'api/graphql-mutation-input-payload',
        'medium',
        // a required target id is not a loose argument
        'sharedTypeResult',
        'Mutation cancelOrder returns the shared type Order instead of a payload',
      ],
      [
        'api/graphql-connection-pagination',
        'low',
        'offsetPaging',
        'Query.recentOrders pages [Order!]! by offset; items shift or repeat when data changes between pages',
      ],
    ]);
  });
});

function reviewText(text: string) {
  const discovery = discoverFiles([{ path: 'schema.graphql', text, bytes: text.length }]);
  return runRules(discovery, { rules: {} }, graphqlRules);
}

const entities = ['Order', 'Invoice', 'Customer', 'Plan', 'Coupon', 'Wallet'];

describe("GraphQL rules follow the schema's own convention", () => {
  it('takes `id` + `input` mutations as the convention and reports only the mutation that breaks it', () => {
    const sdl = [
      'type Query {\n  ping: String\n}',
      ...entities.map(
        (e) =>
          `type ${e} {\n  id: ID!\n}\ninput ${e}Input {\n  note: String\n}\ntype Update${e}Payload {\n  ${e.toLowerCase()}: ${e}\n}`,
      ),
      `type Mutation {\n${entities.map((e) => `  update${e}(id: ID!, input: ${e}Input!): Update${e}Payload!`).join('\n')}\n  archiveOrder(id: ID!, reason: String, notify: Boolean): Boolean\n}`,
    ].join('\n\n');
    const run = reviewText(sdl);
    expect(run.findings.map((f) => [f.messageId, f.message])).toEqual([
      [
        'looseArguments',
        "Mutation archiveOrder takes loose arguments reason, notify instead of one input object and returns Boolean instead of a payload object, unlike the schema's convention (its mutations take an id and one input object and return a payload)",
      ],
    ]);
    expect(run.findings[0]?.fix?.snippet).toBe(
      'archiveOrder(id: ID!, input: ArchiveOrderInput!): ArchiveOrderPayload!',
    );
  });

  it('takes `input` mutations returning the changed object as the convention (no finding per mutation)', () => {
    const sdl = [
      'type Query {\n  ping: String\n}',
      ...entities.map((e) => `type ${e} {\n  id: ID!\n}\ninput Create${e}Input {\n  note: String\n}`),
      `type Customer2 {\n  orders: [Order!]\n  invoices: [Invoice!]\n}`,
      `type Mutation {\n${entities.map((e) => `  create${e}(input: Create${e}Input!): ${e}`).join('\n')}\n  deleteOrder(id: ID!): Boolean\n}`,
    ].join('\n\n');
    const run = reviewText(sdl);
    const mutations = run.findings.filter((f) => f.ruleId === 'api/graphql-mutation-input-payload');
    // the entity results are the convention; the one bare-id delete is the exception where every other mutation
    // wraps its arguments in an input object
    expect(mutations.map((f) => [f.messageId, f.message])).toEqual([
      [
        'looseArguments',
        "Mutation deleteOrder takes loose argument id instead of one input object and returns Boolean instead of a payload object, unlike the schema's convention (its mutations take one input object and return the changed object)",
      ],
    ]);
  });

  it('still holds a mixed schema (no dominant style) to input objects and payloads', () => {
    const sdl = [
      'type Query {\n  ping: String\n}',
      ...entities.map((e) => `type ${e} {\n  id: ID!\n}\ninput ${e}Input {\n  note: String\n}`),
      `type Mutation {\n${entities.map((e, i) => (i % 2 ? `  create${e}(input: ${e}Input!): ${e}` : `  create${e}(note: String): Boolean`)).join('\n')}\n}`,
    ].join('\n\n');
    const found = reviewText(sdl).findings.filter((f) => f.ruleId === 'api/graphql-mutation-input-payload');
    expect(found).toHaveLength(6);
    expect(found.every((f) => f.severity === 'medium' && !f.message.includes('convention'))).toBe(true);
  });

  it("does not report the list inside the schema's own page wrapper, and lets alternative keys stay optional", () => {
    const sdl = [
      ...entities.map(
        (e) =>
          `type ${e} {\n  id: ID!\n}\ntype ${e}Collection {\n  collection: [${e}!]!\n  metadata: PageMetadata!\n}`,
      ),
      'type PageMetadata {\n  currentPage: Int!\n  totalCount: Int!\n}',
      'type Customer2 {\n  id: ID!\n  orders: [Order!]\n}',
      `type Query {\n${entities.map((e) => `  ${e.toLowerCase()}s(page: Int, limit: Int): ${e}Collection!`).join('\n')}\n  customer(id: ID, externalId: ID): Customer2\n  plan(id: ID): Plan\n  roles: [Order!]!\n}`,
    ].join('\n\n');
    const run = reviewText(sdl);
    expect(run.findings.map((f) => [f.ruleId, f.severity, f.messageId, f.message])).toEqual([
      [
        'api/graphql-nullable-discipline',
        'low',
        'optionalLookupId',
        'Query.plan(id: ID) takes an optional id; the lookup has no meaning without it',
      ],
      [
        'api/graphql-unbounded-list',
        'low',
        'unboundedList',
        'Customer2.orders: [Order!] has no arguments to bound it',
      ],
      [
        'api/graphql-connection-pagination',
        'info',
        'unpaginatedAmongPaged',
        'Query.roles returns [Order!]! unpaginated while the schema paginates 6 other lists in pages; fine only if Order is a small fixed set',
      ],
    ]);
  });
});

const lagoSchema = 'lago/schema.graphql';
describe.skipIf(!existsSync(corpusPath(lagoSchema)))(
  corpusTitle("GraphQL rules on Lago's schema (its own conventions)", lagoSchema),
  () => {
    it('reports none of the 223 `input` → changed-object mutations and no page-wrapper list', () => {
      const run = review(corpusPath(lagoSchema), 'schema.graphql');
      const byRule = (id: string) => run.findings.filter((f) => f.ruleId === `api/graphql-${id}`);
      // before: 178 medium "returns the shared type" findings on a deliberate, uniform convention
      expect(byRule('mutation-input-payload')).toEqual([]);
      expect(run.strengths.map((s) => s.message)).toContain(
        'All 223 mutations follow one convention: they take one input object and return the changed object',
      );
      // `XCollection.collection` is the page of `xs(limit, page)`: 47 such findings before
      expect(byRule('unbounded-list').filter((f) => /Collection\.collection/.test(f.message))).toEqual([]);
      // alternative-key lookups (`customer(id: ID, externalId: ID)`) stay optional; the lone `integration(id: ID)` does not
      expect(byRule('nullable-discipline').map((f) => f.message)).toEqual([
        'ChargeFilterUsage.id is nullable (ID); an object without identity cannot be cached or refetched',
        'ProjectedChargeFilterUsage.id is nullable (ID); an object without identity cannot be cached or refetched',
        'Query.integration(id: ID) takes an optional id; the lookup has no meaning without it',
      ]);
      expect(byRule('connection-pagination').every((f) => f.severity === 'info')).toBe(true);
    });
  },
);
