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
    expect(run.findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      [
        'api/graphql-connection-pagination',
        'medium',
        'Query.search returns [SearchResult!]! with no pagination: every matching SearchResult in one response',
      ],
      [
        'api/graphql-mutation-input-payload',
        'medium',
        'Mutation cancelOrder takes loose argument id instead of one input object and returns the shared type Order instead of a payload',
      ],
      [
        'api/graphql-connection-pagination',
        'low',
        'Query.recentOrders pages [Order!]! by offset; items shift or repeat when data changes between pages',
      ],
    ]);
  });
});
