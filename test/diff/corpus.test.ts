import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffContracts } from '../../src/diff/diff-contracts.js';
import { discoverFiles } from '../../src/discover/index.js';
import { corpusPath, corpusTitle } from '../helpers/corpus.js';

const githubSpecRel = 'github-rest/api.github.com.json';
const githubSpec = corpusPath(githubSpecRel);
const boutiqueProtoRel = 'microservices-demo/protos/demo.proto';
const boutiqueProto = corpusPath(boutiqueProtoRel);

interface Spec {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }> };
}

function discover(file: string, text: string) {
  return discoverFiles([{ path: file, text, bytes: Buffer.byteLength(text) }]);
}

/** 1-based line of the first line containing `snippet` at or after the first containing `after`. */
function lineOf(text: string, snippet: string, after: string): number {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.includes(after));
  return lines.findIndex((l, i) => i >= from && l.includes(snippet)) + 1;
}

// The corpus holds one version of each API, so the new version is made here: the real spec with exactly one
// operation and one response property deleted.
describe.skipIf(!existsSync(githubSpec))(corpusTitle('diff on the GitHub REST spec', githubSpecRel), () => {
  let text: string;
  beforeAll(() => {
    text = readFileSync(githubSpec, 'utf8');
  });

  it('the spec against itself: no changes', () => {
    const diff = diffContracts(discover('api.github.com.json', text), discover('api.github.com.json', text));
    expect(diff.summary.apis.paired).toBe(1);
    expect(diff.changes).toEqual([]);
  });

  it('one operation and one response property deleted: exactly those two reported', () => {
    const spec = JSON.parse(text) as Spec;
    delete spec.paths['/gists/{gist_id}'].delete;
    const template = spec.components.schemas['gitignore-template'];
    delete template.properties.source;
    template.required = template.required.filter((n: string) => n !== 'source');
    const headText = JSON.stringify(spec, null, 2);

    const diff = diffContracts(
      discover('api.github.com.json', text),
      discover('api.github.com.json', headText),
    );
    expect(diff.changes.map((c) => [c.kind, c.severity, c.message])).toEqual([
      ['openapi/operation-removed', 'breaking', 'operation DELETE /gists/{gist_id} was removed'],
      [
        'openapi/response-property-removed',
        'breaking',
        'GET /gitignore/templates/{name}: response 200 property `source` was removed',
      ],
    ]);
    const [operation, property] = diff.changes;
    expect(property!.base).toEqual({
      file: 'api.github.com.json',
      line: lineOf(text, '"source"', '"gitignore-template": {'),
    });
    expect(property!.head).toEqual({
      file: 'api.github.com.json',
      line: lineOf(headText, '"gitignore-template": {', '"schemas": {'),
    });
    expect(operation!.base!.line).toBe(lineOf(text, '"delete"', '"/gists/{gist_id}": {'));
    expect(operation!.api).toEqual({
      kind: 'openapi',
      file: 'api.github.com.json',
      title: "GitHub's official OpenAPI spec + Octokit extension",
    });
  });
});

describe.skipIf(!existsSync(boutiqueProto))(
  corpusTitle('diff on Online Boutique demo.proto', boutiqueProtoRel),
  () => {
    it('an rpc and a field deleted: exactly those reported', () => {
      const text = readFileSync(boutiqueProto, 'utf8');
      const headText = text
        .replace(/^\s*rpc EmptyCart\(.*$/m, '')
        .replace(/^\s*string currency_code = 1;\s*$/m, (line) => line.replace(/\S.*/, '// removed'));
      expect(headText).not.toBe(text);
      const diff = diffContracts(
        discover('protos/demo.proto', text),
        discover('protos/demo.proto', headText),
      );
      expect(diff.changes.map((c) => [c.kind, c.element])).toEqual([
        ['proto/rpc-removed', 'hipstershop.CartService/EmptyCart'],
        ['proto/field-removed', 'hipstershop.Money.currency_code'],
      ]);
    });
  },
);
