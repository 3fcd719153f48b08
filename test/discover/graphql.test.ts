import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGraphqlFile } from '../../src/discover/graphql/adapter.js';
import { discoverFiles } from '../../src/discover/index.js';
import { corpusPath, corpusTitle } from '../helpers/corpus.js';

const fixtures = path.resolve(__dirname, '../fixtures/graphql');
const githubSchemaRel = 'github-rest/github-schema.graphql';
const githubSchema = corpusPath(githubSchemaRel);

function parseFixture(rel: string) {
  const text = readFileSync(path.join(fixtures, rel), 'utf8');
  return parseGraphqlFile({ path: rel, text, bytes: Buffer.byteLength(text) });
}

describe('GraphQL adapter on a hand-written schema', () => {
  const fragment = parseFixture('good/schema.graphql');
  const type = (name: string) => fragment.apiTypes?.find((t) => t.name === name);

  it('creates one API per file, titled by the schema description', () => {
    expect(fragment.diagnostics).toEqual([]);
    expect(fragment.apis).toEqual([
      expect.objectContaining({ id: 'graphql:good/schema.graphql', kind: 'graphql', title: 'Shop API' }),
    ]);
  });

  it('reads every kind of type', () => {
    const kinds = Object.fromEntries((fragment.apiTypes ?? []).map((t) => [t.name, t.kind]));
    expect(kinds).toMatchObject({
      DateTime: 'scalar',
      Node: 'interface',
      OrderStatus: 'enum',
      Order: 'object',
      SearchResult: 'union',
      PlaceOrderInput: 'input',
    });
    expect(type('SearchResult')?.fields.map((f) => f.name)).toEqual(['Order', 'OrderLine']);
    expect(type('OrderStatus')?.fields.map((f) => f.name)).toEqual(['PLACED', 'SHIPPED']);
  });

  it('records field types, nullability, list-ness and lines', () => {
    const fields = Object.fromEntries((type('Order')?.fields ?? []).map((f) => [f.name, f]));
    expect(type('Order')?.source.line).toBe(21);
    expect(fields.status).toMatchObject({ type: 'OrderStatus!', nullable: false });
    expect(fields.placedAt).toMatchObject({ type: 'DateTime', nullable: true });
    expect(fields.lines).toMatchObject({
      type: '[OrderLine!]!',
      repeated: true,
      nullable: false,
      source: { line: 26 },
    });
  });

  it('turns root fields into QUERY/MUTATION/SUBSCRIPTION operations, including extensions', () => {
    const ops = Object.fromEntries((fragment.operations ?? []).map((o) => [`${o.method} ${o.path}`, o]));
    expect(Object.keys(ops).sort()).toEqual([
      'MUTATION cancelOrder',
      'MUTATION placeOrder',
      'QUERY node',
      'QUERY order',
      'QUERY orders',
      'QUERY recentOrders',
      'QUERY search',
      'SUBSCRIPTION orderStatusChanged',
    ]);
    expect(ops['QUERY order']).toMatchObject({
      summary: 'Look up one order.',
      parameters: [{ name: 'id', in: 'argument', required: true, type: 'ID!' }],
      responseType: 'Order',
    });
    expect(ops['MUTATION placeOrder']).toMatchObject({
      requestType: 'PlaceOrderInput',
      responseType: 'PlaceOrderPayload',
    });
    expect(ops['MUTATION cancelOrder'].deprecated).toBe(true);
  });

  it('recognises Relay connections, cursor and offset pagination', () => {
    const query = Object.fromEntries((type('Query')?.fields ?? []).map((f) => [f.name, f]));
    expect(query.orders.pagination).toBe('connection');
    expect(query.orders.arguments).toEqual(['first: Int', 'after: String', 'status: OrderStatus']);
    expect(query.recentOrders.pagination).toBe('offset');
    expect(query.search.pagination).toBeUndefined();
    const op = fragment.operations?.find((o) => o.path === 'orders');
    expect(op?.pagination).toBe('connection');
  });
});

describe('GraphQL adapter on broken input', () => {
  it('reports the syntax error with line and column', () => {
    const fragment = parseFixture('broken/schema.graphql');
    expect(fragment.apis ?? []).toEqual([]);
    expect(fragment.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', line: 2, column: 20, origin: 'graphql' }),
    ]);
    expect(fragment.diagnostics?.[0].message).toMatch(/Syntax Error/);
  });

  it('accepts a partial schema that references types defined elsewhere', () => {
    const text = 'extend type Query {\n  products(first: Int, after: String): ProductConnection!\n}\n';
    const { model } = discoverFiles([{ path: 'catalog.graphqls', text, bytes: text.length }]);
    expect(model.diagnostics).toEqual([]);
    expect(model.operations).toEqual([
      expect.objectContaining({ method: 'QUERY', path: 'products', pagination: 'connection' }),
    ]);
  });
});

describe.skipIf(!existsSync(githubSchema))(corpusTitle('GitHub GraphQL schema', githubSchemaRel), () => {
  it('parses without diagnostics', () => {
    const text = readFileSync(githubSchema, 'utf8');
    const fragment = parseGraphqlFile({ path: 'github-schema.graphql', text, bytes: text.length });
    expect(fragment.diagnostics).toEqual([]);
    expect(fragment.apiTypes?.length).toBeGreaterThan(1500);
    const ops = fragment.operations ?? [];
    expect(ops.filter((o) => o.method === 'MUTATION').length).toBeGreaterThan(200);
    const repository = ops.find((o) => o.method === 'QUERY' && o.path === 'repository');
    expect(repository?.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['owner', 'name']));
    const repo = fragment.apiTypes?.find((t) => t.name === 'Repository');
    expect(repo?.fields.find((f) => f.name === 'issues')?.pagination).toBe('connection');
  });
});
