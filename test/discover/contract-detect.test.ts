import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { discoverFiles } from '../../src/discover/index.js';
import type { SourceFile } from '../../src/discover/types.js';

function file(path: string, text: string): SourceFile {
  return { path, text, bytes: Buffer.byteLength(text) };
}

/** A spec whose version key comes after ~600 KB of components, as large generated specs are written. */
function componentsFirst(): Record<string, unknown> {
  const schemas: Record<string, unknown> = {};
  for (let i = 0; i < 600; i++) {
    schemas[`Thing${i}`] = {
      type: 'object',
      description: `Thing number ${i}, padded so the components block is far larger than 64 KiB of text`,
      properties: { id: { type: 'string' }, name: { type: 'string', maxLength: 80 } },
    };
  }
  return {
    components: { schemas },
    info: { title: 'Components first', version: '1' },
    paths: {
      '/things/{id}': {
        get: {
          operationId: 'getThing',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing1' } } },
            },
          },
        },
      },
    },
    openapi: '3.0.3',
  };
}

describe('contract detection by the parsed document', () => {
  it('reads a big spec whose openapi key comes after its components, in JSON and in YAML', () => {
    const spec = componentsFirst();
    const json = JSON.stringify(spec, null, 2);
    const yaml = stringify(spec);
    expect(json.indexOf('"openapi"')).toBeGreaterThan(64 * 1024);
    expect(yaml.indexOf('openapi:')).toBeGreaterThan(64 * 1024);
    const result = discoverFiles([file('big.json', json), file('big.yaml', yaml)]);
    expect(result.model.apis.map((a) => a.id)).toEqual(['openapi:big.json', 'openapi:big.yaml']);
    expect(result.model.operations.map((o) => o.operationId)).toEqual(['getThing', 'getThing']);
    expect(result.model.diagnostics).toEqual([]);
  });

  it('does not take a Spring application.yml with a swagger settings block for Swagger', () => {
    const spring =
      'server:\n  port: 8080\ninfo:\n  app: orders\nswagger:\n  enabled: true\n  title: Orders\n  base-package: com.shop\n';
    const result = discoverFiles([file('src/main/resources/application.yml', spring)]);
    expect(result.model.apis).toEqual([]);
    expect(result.model.diagnostics).toEqual([]);
    // it is application configuration, read as such
    expect(result.model.artifacts.map((a) => a.kind)).toEqual(['source']);
  });

  it('accepts an unquoted swagger: 2.0 (a YAML number) as Swagger 2.0', () => {
    const text =
      "swagger: 2.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n";
    const result = discoverFiles([file('api.yaml', text)]);
    expect(result.model.apis.map((a) => a.specVersion)).toEqual(['2.0']);
  });

  it('says so when a file shaped like an API description has no usable version key', () => {
    const wrongType = 'openapi:\n  version: 3.0.3\ninfo: {title: T, version: "1"}\npaths:\n  /a: {}\n';
    const nested = JSON.stringify({ info: { title: 'T', openapi: '3.0.0' }, paths: { '/a': {} } });
    const result = discoverFiles([file('wrong.yaml', wrongType), file('nested.json', nested)]);
    expect(result.model.apis).toEqual([]);
    expect(result.model.diagnostics.sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      expect.objectContaining({
        file: 'nested.json',
        message: expect.stringContaining('has no top-level version key'),
      }),
      expect.objectContaining({
        file: 'wrong.yaml',
        line: 1,
        message: expect.stringContaining('top-level `openapi` is not a version string'),
      }),
    ]);
  });

  it('leaves a declined file to the adapters after it (a Kubernetes manifest mentioning swagger)', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: docs\ndata:\n  "swagger": "enabled"\n';
    const result = discoverFiles([file('k8s/docs.json.yaml', text)]);
    expect(result.model.artifacts.map((a) => a.kind)).toEqual(['kubernetes']);
  });
});
