import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/index.js';
import { openapiAdapter, parseOpenApiFile } from '../../src/discover/openapi/adapter.js';
import { openApiFacts } from '../../src/discover/openapi/facts.js';
import { PointerIndex, resolveFileRef } from '../../src/discover/openapi/refs.js';
import { parseStructured } from '../../src/discover/parse/structured.js';
import { corpusPath, corpusTitle } from '../helpers/corpus.js';

const fixtures = path.resolve(__dirname, '../fixtures/openapi');
const githubSpecRel = 'github-rest/api.github.com.json';
const githubSpec = corpusPath(githubSpecRel);

function read(rel: string) {
  const text = readFileSync(path.join(fixtures, rel), 'utf8');
  return { path: rel, text, bytes: Buffer.byteLength(text) };
}

describe('OpenAPI adapter', () => {
  it('claims documents with a top-level openapi/swagger key, YAML or JSON, and nothing else', () => {
    expect(openapiAdapter.claims('a.yaml', 'openapi: 3.0.3\ninfo: {}\n')).toBe(true);
    expect(openapiAdapter.claims('a.yml', 'swagger: "2.0"\n')).toBe(true);
    expect(openapiAdapter.claims('a.json', '{\n  "openapi": "3.1.0",\n  "info": {}\n}')).toBe(true);
    expect(openapiAdapter.claims('a.json', '{"info":{"title":"x"},"openapi":"3.0.0"}')).toBe(true);
    expect(openapiAdapter.claims('a.yaml', 'asyncapi: 2.6.0\n')).toBe(false);
    expect(openapiAdapter.claims('a.yaml', 'info:\n  openapi: 3\n')).toBe(false);
    expect(openapiAdapter.claims('a.txt', 'openapi: 3.0.3\n')).toBe(false);
  });

  it('reads an OpenAPI 3.0 document: api, operations with path-level parameters, security, component types', () => {
    const fragment = parseOpenApiFile(read('good/petstore.yaml'));
    expect(fragment.diagnostics).toEqual([]);
    expect(fragment.apis).toEqual([
      {
        id: 'openapi:good/petstore.yaml',
        kind: 'openapi',
        title: 'Petstore',
        version: '1.2.0',
        specVersion: '3.0.3',
        file: 'good/petstore.yaml',
        serviceId: 'pet-service',
        servers: ['https://pets.example.com/v1'],
        securitySchemes: [
          { name: 'bearer', type: 'http', scheme: 'bearer', in: undefined, flows: undefined },
        ],
        source: { file: 'good/petstore.yaml', line: 1 },
      },
    ]);
    const ops = new Map(fragment.operations!.map((o) => [`${o.method} ${o.path}`, o]));
    expect([...ops.keys()]).toEqual(['GET /pets', 'POST /pets', 'GET /pets/{petId}', 'DELETE /pets/{petId}']);
    expect(ops.get('GET /pets')).toMatchObject({
      id: 'openapi:good/petstore.yaml#GET /pets',
      operationId: 'listPets',
      summary: 'List pets',
      tags: ['pets'],
      parameters: [{ name: 'limit', in: 'query', required: false, type: 'integer' }],
      responses: [
        { status: '200', contentTypes: ['application/json'] },
        { status: 'default', contentTypes: ['application/problem+json'] },
      ],
      security: [['bearer']],
      source: { file: 'good/petstore.yaml', line: 15 },
    });
    expect(ops.get('POST /pets')?.requestBody).toEqual({
      required: true,
      contentTypes: ['application/json'],
    });
    // path-level parameter inherited; public operation keeps its explicit empty requirement
    expect(ops.get('GET /pets/{petId}')).toMatchObject({
      parameters: [{ name: 'petId', in: 'path', required: true, type: 'integer' }],
      security: [],
    });
    // an operation-level parameter with the same name and location overrides the path-level one
    expect(ops.get('DELETE /pets/{petId}')?.parameters).toEqual([
      { name: 'petId', in: 'path', required: true, type: 'string' },
    ]);
    const types = new Map(fragment.apiTypes!.map((t) => [t.name, t]));
    expect([...types.keys()]).toEqual(['Pet', 'Owner', 'Status', 'Problem']);
    expect(types.get('Status')?.kind).toBe('enum');
    expect(types.get('Pet')?.fields).toEqual([
      { name: 'id', type: 'integer', repeated: undefined, nullable: undefined },
      { name: 'name', type: 'string', repeated: undefined, nullable: undefined },
      { name: 'tags', type: 'string', repeated: true, nullable: undefined },
      { name: 'owner', type: 'Owner', repeated: undefined, nullable: undefined },
    ]);
    expect(types.get('Owner')?.fields[0]).toMatchObject({ name: 'name', nullable: true });
    expect(fragment.documents).toHaveLength(1);
    expect(fragment.documents![0]).toMatchObject({ kind: 'openapi', apiId: 'openapi:good/petstore.yaml' });
  });

  it('reads Swagger 2.0: host/basePath servers, body parameter as request body, securityDefinitions, definitions', () => {
    const fragment = parseOpenApiFile(read('good/swagger.json'));
    expect(fragment.diagnostics).toEqual([]);
    const api = fragment.apis![0]!;
    expect(api).toMatchObject({ specVersion: '2.0', servers: ['https://orders.example.com/api'] });
    expect(api.securitySchemes).toEqual([
      { name: 'basicAuth', type: 'http', scheme: 'basic', in: undefined, flows: undefined },
      { name: 'oauth', type: 'oauth2', scheme: undefined, in: undefined, flows: ['application'] },
    ]);
    const op = fragment.operations![0]!;
    expect(op).toMatchObject({
      method: 'POST',
      path: '/orders',
      parameters: [],
      requestBody: { required: true, contentTypes: ['application/json'] },
      responses: [
        { status: '201', contentTypes: ['application/json'] },
        { status: '400', contentTypes: [] },
      ],
      security: [['oauth']],
      source: { file: 'good/swagger.json', line: 15 },
    });
    expect(fragment.apiTypes!.map((t) => t.name)).toEqual(['Order']);
  });

  it('does not loop on circular $refs: circular path items become a diagnostic, recursive schemas are fine', () => {
    const fragment = parseOpenApiFile(read('good/circular.yaml'));
    expect(fragment.apis![0]!.specVersion).toBe('3.1.0');
    expect(fragment.operations!.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /trees']);
    expect(fragment.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', line: 4, message: expect.stringContaining('circular') }),
    ]);
    const doc = fragment.documents![0]!.document;
    const pointers = new PointerIndex(doc.data);
    const a = pointers.resolve({ $ref: '#/components/schemas/A' }, []);
    expect(a.unresolved).toBe('#/components/schemas/A');
  });

  it('never fetches remote $refs: says so in a diagnostic, and reports dangling local refs', () => {
    const fragment = parseOpenApiFile(read('good/remote-ref.yaml'));
    expect(fragment.diagnostics!.map((d) => [d.line, d.severity, d.message])).toEqual([
      [
        11,
        'warning',
        expect.stringMatching(/remote \$ref https:\/\/schemas\.example\.com\/thing\.json not fetched/),
      ],
      [13, 'warning', '$ref #/components/responses/Missing points at nothing in this document'],
    ]);
    expect(fragment.operations).toHaveLength(1);
  });

  it('records references to other files for rules to resolve by path', () => {
    const fragment = parseOpenApiFile(read('split/openapi.yaml'));
    expect(fragment.diagnostics).toEqual([]);
    const facts = openApiFacts(fragment.documents![0]!.document);
    expect(facts.fileRefs.map((r) => r.ref)).toEqual(['./schemas/pet.yaml#/Pet']);
    expect(resolveFileRef('split/openapi.yaml', './schemas/pet.yaml#/Pet')).toEqual({
      file: 'split/schemas/pet.yaml',
      pointer: '#/Pet',
    });
    expect(resolveFileRef('a/b/api.yaml', '../common.yaml')).toEqual({ file: 'a/common.yaml', pointer: '#' });
  });

  it('turns broken JSON and YAML into diagnostics with a line, and unsupported shapes into warnings', () => {
    const json = parseOpenApiFile(read('broken/broken.json'));
    expect(json.apis ?? []).toEqual([]);
    expect(json.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', line: 5, origin: 'openapi' }),
    ]);
    const yaml = parseOpenApiFile(read('broken/broken.yaml'));
    expect(yaml.apis ?? []).toEqual([]);
    expect(yaml.diagnostics![0]).toMatchObject({ severity: 'error', origin: 'openapi' });
    expect(yaml.diagnostics![0]!.line).toBeGreaterThan(1);
    const odd = parseOpenApiFile(read('broken/paths-not-map.yaml'));
    expect(odd.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', line: 3, message: '`paths` must be a mapping' }),
    ]);
    expect(odd.operations).toEqual([]);
    const ancient = parseOpenApiFile(read('broken/ancient.yaml'));
    expect(ancient.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('1.2 is not supported'),
      }),
    ]);
  });

  it('is routed by discovery and keeps the parsed document for rules', () => {
    const files = ['good/petstore.yaml', 'good/swagger.json', 'broken/broken.json'].map(read);
    const result = discoverFiles(files, '.');
    expect(result.model.apis.map((a) => a.id)).toEqual([
      'openapi:good/petstore.yaml',
      'openapi:good/swagger.json',
    ]);
    expect(result.model.artifacts.filter((a) => a.kind === 'openapi').map((a) => a.file)).toEqual([
      'broken/broken.json',
      'good/petstore.yaml',
      'good/swagger.json',
    ]);
    expect(result.documents.filter((d) => d.kind === 'openapi')).toHaveLength(2);
    expect(
      result.model.diagnostics.some((d) => d.file === 'broken/broken.json' && d.severity === 'error'),
    ).toBe(true);
  });
});

describe.skipIf(!existsSync(githubSpec))(
  corpusTitle('OpenAPI adapter on the GitHub REST spec', githubSpecRel),
  () => {
    let text: string;
    beforeAll(() => {
      text = readFileSync(githubSpec, 'utf8');
    });

    it('reads all 1,223 operations with their lines, once, without diagnostics', () => {
      const fragment = parseOpenApiFile({ path: 'api.github.com.json', text, bytes: text.length });
      expect(fragment.diagnostics).toEqual([]);
      expect(fragment.operations).toHaveLength(1223);
      const get = fragment.operations!.find(
        (o) => o.id === 'openapi:api.github.com.json#GET /repos/{owner}/{repo}',
      )!;
      expect(get.operationId).toBe('repos/get');
      expect(get.parameters.map((p) => p.name)).toEqual(['owner', 'repo']);
      expect(text.split('\n')[get.source.line - 1]).toContain('"get": {');
      expect(fragment.apiTypes!.length).toBeGreaterThan(900);
    });

    it('locates the same lines with and without the one-pass prefetch', () => {
      const [a] = parseStructured('g.json', text, 't').documents;
      const [b] = parseStructured('g.json', text, 't').documents;
      b!.prefetch!([
        { path: ['paths'], depth: 3 },
        { path: ['components'], depth: 2 },
      ]);
      const data = a!.data as {
        paths: Record<string, Record<string, unknown>>;
        components: { schemas: Record<string, unknown> };
      };
      const probes = [
        ...Object.keys(data.paths)
          .filter((_, i) => i % 37 === 0)
          .flatMap((p) => Object.keys(data.paths[p]!).map((m) => ['paths', p, m, 'responses'])),
        ...Object.keys(data.components.schemas)
          .filter((_, i) => i % 41 === 0)
          .map((name) => ['components', 'schemas', name, 'properties']),
        ['components', 'no-such-section', 'x'],
      ];
      expect(probes.length).toBeGreaterThan(40);
      for (const probe of probes) expect(b!.locate(probe)).toEqual(a!.locate(probe));
    });
  },
);
