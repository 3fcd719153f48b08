/**
 * Property-based tests (fast-check) for the readers and the merge (issue 16): arbitrary file contents never
 * throw out of discovery and never crash an adapter (a crash is reported as "could not be read by the ...
 * adapter"), every diagnostic names a file that was given; and the model does not depend on the order the files
 * come in.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { discoverFiles } from '../../src/discover/index.js';
import type { SourceFile } from '../../src/discover/types.js';

const source = (p: string, text: string): SourceFile => ({ path: p, text, bytes: Buffer.byteLength(text) });

/** Discovery of `files` must not throw, crash an adapter, or name a file it was not given. */
function checkDiscovery(files: SourceFile[]): void {
  const result = discoverFiles(files, '.');
  const given = new Set(files.map((f) => f.path));
  for (const d of result.model.diagnostics) {
    expect(d.message, `${d.file}: ${d.message}`).not.toMatch(/could not be read by the .* adapter/);
    expect(given.has(d.file) || d.file === '.', d.file).toBe(true);
    if (d.line !== undefined) expect(d.line).toBeGreaterThanOrEqual(1);
  }
}

/** Paths each adapter claims, so arbitrary text reaches every reader. */
const PATHS = [
  'api/openapi.yaml',
  'api/openapi.json',
  'api/asyncapi.yaml',
  'docker-compose.yml',
  'k8s/deployment.yaml',
  'kustomization.yaml',
  'charts/app/Chart.yaml',
  'charts/app/values.yaml',
  'charts/app/templates/deployment.yaml',
  'schema.graphql',
  'proto/shop.proto',
  'db/schema.sql',
  'prisma/schema.prisma',
  'Dockerfile',
  'package.json',
  'plumbline.yaml',
  'src/server.ts',
  'app/main.py',
  'cmd/main.go',
  'src/main/resources/application.yml',
  '.github/workflows/ci.yml',
];

/** Text that is often almost valid: a real header followed by arbitrary structure or noise. */
const HEADERS = [
  'openapi: 3.0.3\n',
  'swagger: "2.0"\n',
  'asyncapi: 2.6.0\n',
  'apiVersion: apps/v1\nkind: Deployment\n',
  'services:\n',
  'syntax = "proto3";\n',
  'CREATE TABLE t (',
  'FROM node:20\n',
  'model User {\n',
  'type Query {\n',
  '{"openapi": "3.1.0", ',
  '',
];

const junk = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ maxLength: 400 }),
  fc.anything({ maxDepth: 4, withNullPrototype: true }).map((v) => {
    try {
      return stringify(v) ?? '';
    } catch {
      return '';
    }
  }),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
);

const text = fc.tuple(fc.constantFrom(...HEADERS), junk).map(([h, j]) => h + j);

describe('readers on arbitrary input', () => {
  it('never throw out of discovery, crash an adapter, or name a file they were not given', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), text, (p, t) => checkDiscovery([source(p, t)])),
      { numRuns: 600 },
    );
  }, 120_000);

  it('survive structured documents of any shape under the keys adapters read', () => {
    const value = fc.anything({ maxDepth: 3, maxKeys: 4, withNullPrototype: true });
    const openapi = fc.record({
      openapi: fc.constantFrom('3.0.3', '3.1.0', 3, null),
      info: value,
      paths: fc.oneof(
        value,
        fc.dictionary(
          fc.string(),
          fc.dictionary(fc.constantFrom('get', 'post', 'parameters', '$ref'), value),
        ),
      ),
      components: value,
      servers: value,
      security: value,
    });
    const compose = fc.record({
      services: fc.oneof(
        value,
        fc.dictionary(
          fc.string(),
          fc.dictionary(
            fc.constantFrom(
              'image',
              'ports',
              'environment',
              'depends_on',
              'build',
              'extends',
              'env_file',
              'deploy',
              'healthcheck',
            ),
            value,
          ),
        ),
      ),
      volumes: value,
      networks: value,
    });
    const k8s = fc.record({
      apiVersion: fc.constantFrom('apps/v1', 'v1', 'networking.k8s.io/v1'),
      kind: fc.constantFrom('Deployment', 'Service', 'Ingress', 'NetworkPolicy', 'StatefulSet', 'CronJob'),
      metadata: value,
      spec: fc.oneof(
        value,
        fc.record({
          replicas: value,
          selector: value,
          template: fc.record({ metadata: value, spec: fc.record({ containers: value }) }),
        }),
      ),
    });
    const yamlOf = (v: unknown) => {
      try {
        return stringify(v);
      } catch {
        return JSON.stringify(v) ?? '';
      }
    };
    fc.assert(
      fc.property(
        fc.oneof(
          openapi.map((v) => source('api/openapi.yaml', yamlOf(v))),
          openapi.map((v) => source('api/openapi.json', JSON.stringify(v) ?? '')),
          compose.map((v) => source('docker-compose.yml', yamlOf(v))),
          k8s.map((v) => source('k8s/app.yaml', yamlOf(v))),
        ),
        (file) => checkDiscovery([file]),
      ),
      { numRuns: 600 },
    );
  }, 120_000);
});

/** Every file of a fixture directory, as discovery takes them. */
function fixtureFiles(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(source(path.relative(dir, p).split(path.sep).join('/'), readFileSync(p, 'utf8')));
    }
  };
  walk(dir);
  return out;
}

describe('merge', () => {
  it('gives the same model whatever order the files come in', () => {
    for (const dir of [
      'examples/shop',
      'test/fixtures/code-polyglot',
      'test/fixtures/kubernetes',
      'test/fixtures/helm',
    ]) {
      const files = fixtureFiles(dir);
      const expected = JSON.stringify(discoverFiles(files, '.', { name: 'x' }).model);
      fc.assert(
        fc.property(
          fc.shuffledSubarray(files, { minLength: files.length, maxLength: files.length }),
          (shuffled) => {
            expect(JSON.stringify(discoverFiles(shuffled, '.', { name: 'x' }).model)).toBe(expected);
          },
        ),
        { numRuns: 15 },
      );
    }
  }, 120_000);
});
