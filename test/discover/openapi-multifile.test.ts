import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffContracts } from '../../src/diff/diff-contracts.js';
import { discoverDirectory, discoverFiles } from '../../src/discover/index.js';
import type { SourceFile } from '../../src/discover/types.js';
import { review } from '../../src/review/index.js';

const FIXTURES = path.resolve(__dirname, '../fixtures/openapi-multifile');

function filesOf(dir: string, base = dir): SourceFile[] {
  const out: SourceFile[] = [];
  for (const name of readdirSync(dir).sort()) {
    const abs = path.join(dir, name);
    if (statSync(abs).isDirectory()) out.push(...filesOf(abs, base));
    else {
      const text = readFileSync(abs, 'utf8');
      out.push({ path: path.relative(base, abs).split(path.sep).join('/'), text, bytes: text.length });
    }
  }
  return out;
}

/** Plain parsed data, indexed without checks (the test asserts on the shape). */
interface Tree {
  [key: string]: Tree;
}

function file(p: string, text: string): SourceFile {
  return { path: p, text, bytes: text.length };
}

describe('multi-file OpenAPI documents', () => {
  it('a split spec, several folders deep with operation-level $refs, gives the findings of its bundled form', async () => {
    const split = await discoverDirectory(path.join(FIXTURES, 'split'));
    const bundled = await discoverDirectory(path.join(FIXTURES, 'bundled'));
    expect(split.model.diagnostics).toEqual([]);
    expect(split.model.apis).toHaveLength(1);
    expect(split.model.operations.map((o) => o.operationId).sort()).toEqual(
      bundled.model.operations.map((o) => o.operationId).sort(),
    );
    const summary = (d: typeof split) =>
      review(d, { rules: {} })
        .findings.map((f) => `${f.ruleId} | ${f.severity} | ${f.message}`)
        .sort();
    const findings = summary(split);
    expect(findings.filter((f) => f.startsWith('api/')).length).toBeGreaterThan(4);
    expect(findings).toEqual(summary(bundled));
  });

  it('points findings into the referenced file, at its own line', async () => {
    const split = await discoverDirectory(path.join(FIXTURES, 'split'));
    const findings = review(split, { rules: {} }).findings;
    const example = findings.find((f) => f.ruleId === 'api/invalid-example');
    expect(example?.locations[0]).toMatchObject({ file: 'schemas/order/Order.yaml', line: 9 });
    const limit = findings.find((f) => f.ruleId === 'api/list-pagination');
    expect(limit?.locations[0]).toMatchObject({ file: 'parameters/query/limit.yaml', line: 1 });
    const noErrors = findings.find((f) => f.ruleId === 'api/operation-without-error-responses');
    expect(noErrors?.locations[0]).toMatchObject({ file: 'resources/orders/order_item.yaml', line: 24 });
    // referenced files are part of the document, not APIs or diagnostics of their own
    expect(split.model.apis.map((a) => a.file)).toEqual(['openapi.yaml']);
    expect(findings.some((f) => f.ruleId === 'api/unresolved-ref')).toBe(false);
  });

  it('follows refs between referenced files that form a cycle, once', () => {
    const root =
      "openapi: 3.1.0\ninfo: {title: Tree, version: '1'}\npaths:\n  /nodes:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: schemas/Node.yaml}\n";
    const node =
      'type: object\nproperties:\n  parent: {$ref: ./Node.yaml}\n  children:\n    type: array\n    items: {$ref: Child.yaml}\n';
    const child = 'type: object\nproperties:\n  node: {$ref: Node.yaml}\n  self: {$ref: "#"}\n';
    const result = discoverFiles([
      file('api/openapi.yaml', root),
      file('api/schemas/Node.yaml', node),
      file('api/schemas/Child.yaml', child),
    ]);
    expect(result.model.diagnostics).toEqual([]);
    const doc = result.documents[0]!.document;
    const schema = (doc.data as Tree).paths['/nodes'].get.responses['200'].content['application/json'].schema;
    const at = '#/paths/~1nodes/get/responses/200/content/application~1json/schema';
    expect(schema.properties.parent).toEqual({ $ref: at });
    expect(schema.properties.children.items.properties.node).toEqual({ $ref: at });
    expect(schema.properties.children.items.properties.self).toEqual({
      $ref: `${at}/properties/children/items`,
    });
    expect(
      doc.locate([
        'paths',
        '/nodes',
        'get',
        'responses',
        '200',
        'content',
        'application/json',
        'schema',
        'properties',
        'children',
      ]),
    ).toMatchObject({
      file: 'api/schemas/Node.yaml',
      line: 4,
    });
  });

  it('never reads outside the reviewed root; missing files stay unresolved refs, relative to the root document', () => {
    const root = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    $ref: paths/a.yaml\n";
    const item =
      "get:\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema: {$ref: ../../../secrets/x.yaml}\n    '404': {$ref: ../responses/missing.yaml}\n";
    const result = discoverFiles([file('openapi.yaml', root), file('paths/a.yaml', item)]);
    expect(result.model.diagnostics).toEqual([
      expect.objectContaining({
        file: 'paths/a.yaml',
        line: 7,
        message: '$ref ../../../secrets/x.yaml leaves the reviewed root; not read',
      }),
    ]);
    const findings = review(result, { rules: {} }).findings.filter((f) => f.ruleId === 'api/unresolved-ref');
    const missing = findings.filter((f) => f.message.includes('missing.yaml'));
    expect(missing.map((f) => f.message)).toEqual([
      expect.stringContaining('points at responses/missing.yaml, which is not in the repository'),
    ]);
    expect(missing[0]!.locations[0]).toMatchObject({ file: 'paths/a.yaml', line: 8 });
  });

  it('diff sees a change inside a referenced file', () => {
    const base = filesOf(path.join(FIXTURES, 'split'));
    const head = base.map((f) =>
      f.path === 'schemas/common/Money.yaml'
        ? file(f.path, f.text.replace('amount: {type: integer}', 'amount: {type: string}'))
        : f,
    );
    const diff = diffContracts(discoverFiles(base, 'base'), discoverFiles(head, 'head'));
    expect(diff.summary.apis).toMatchObject({ base: 1, head: 1, paired: 1 });
    const changes = diff.changes.filter((c) => c.message.includes('amount'));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.severity === 'breaking')).toBe(true);
    expect(changes[0]!.head?.file ?? changes[0]!.base?.file).toBe('schemas/common/Money.yaml');
    expect(diffContracts(discoverFiles(base, 'a'), discoverFiles(base, 'b')).changes).toEqual([]);
  });
});
