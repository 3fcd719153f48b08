import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerfileAdapter, parseDockerfile } from '../../src/discover/dockerfile/adapter.js';
import { emptyModel, newService } from '../../src/model/empty.js';
import { associateImages } from '../../src/model/infer-images.js';

const fixtures = path.resolve(__dirname, '../fixtures/dockerfile');

function parseFixture(rel: string) {
  const text = readFileSync(path.join(fixtures, rel), 'utf8');
  return parseDockerfile({ path: rel, text, bytes: Buffer.byteLength(text) });
}

describe('Dockerfile adapter', () => {
  it('claims Dockerfiles by name only', () => {
    expect(dockerfileAdapter.claims('a/Dockerfile', '')).toBe(true);
    expect(dockerfileAdapter.claims('Dockerfile.worker', '')).toBe(true);
    expect(dockerfileAdapter.claims('build/api.dockerfile', '')).toBe(true);
    expect(dockerfileAdapter.claims('Dockerfile.prod', '')).toBe(true);
    expect(dockerfileAdapter.claims('docs/Dockerfile.md', '')).toBe(false);
    expect(dockerfileAdapter.claims('src/discover/dockerfile.ts', '')).toBe(false);
    expect(dockerfileAdapter.claims('compose.yaml', '')).toBe(false);
  });

  it('reads a multi-stage build: stages, digest, final USER/EXPOSE/HEALTHCHECK inherited from its parent stage', () => {
    const fragment = parseFixture('good/services/cart/Dockerfile');
    expect(fragment.diagnostics).toEqual([]);
    const image = fragment.images?.[0];
    expect(image).toMatchObject({
      file: 'good/services/cart/Dockerfile',
      context: 'good/services/cart',
      user: 'nonroot:nonroot',
      exposes: [7070, 9090],
      healthcheck: true,
      source: { line: 14 },
    });
    expect(image?.stages).toEqual([
      {
        name: 'build',
        image: 'golang',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the ARG reference is kept as written
        tag: '${GO_VERSION}-alpine',
        source: expect.objectContaining({ line: 3 }),
      },
      {
        name: 'runtime',
        image: 'gcr.io/distroless/static-debian12',
        digest: 'sha256:8dd8d3ca2cf283383304fd45a5c9c74d5f2cd9da8d3b077d720e264880077c65',
        source: expect.objectContaining({ line: 8 }),
      },
      { name: 'final', image: 'runtime', source: expect.objectContaining({ line: 14 }) },
    ]);
  });

  it('leaves USER undefined (root) when never set, skips variable ports, records HEALTHCHECK NONE', () => {
    const image = parseFixture('good/Dockerfile.worker').images?.[0];
    expect(image).toMatchObject({
      user: undefined,
      exposes: [],
      healthcheck: false,
      healthcheckDisabled: true,
    });
    expect(image?.stages[0]).toMatchObject({ image: 'python', tag: '3.12-slim' });
  });

  it('reports a Dockerfile without FROM as an error with a line', () => {
    const fragment = parseFixture('broken/Dockerfile');
    expect(fragment.images ?? []).toEqual([]);
    expect(fragment.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', line: 2, origin: 'dockerfile' }),
    ]);
  });

  it('warns about unknown instructions and non-numeric ports but still reads the image', () => {
    const fragment = parseFixture('broken/bad.dockerfile');
    expect(fragment.images?.[0].stages[0]).toMatchObject({ image: 'alpine', tag: '3.20' });
    expect(fragment.diagnostics?.map((d) => [d.line, d.message])).toEqual([
      [2, 'EXPOSE http is not a port number'],
      [3, 'unknown Dockerfile instruction FROBNICATE'],
    ]);
  });
});

describe('associating images with services', () => {
  const image = () => parseFixture('good/services/cart/Dockerfile').images?.[0];

  it('uses a service build context when one matches the Dockerfile directory', () => {
    const model = emptyModel();
    const img = image();
    if (!img) throw new Error('fixture did not parse');
    model.images.push(img);
    model.services.push(
      newService('basket', { file: 'compose.yaml', line: 2 }, { buildContexts: ['./good/services/cart/'] }),
      newService('cart', { file: 'k8s/cart.yaml', line: 1 }),
    );
    associateImages(model);
    expect(model.images[0].serviceId).toBe('basket');
  });

  it('falls back to the directory name, and leaves it unset when nothing matches', () => {
    const model = emptyModel();
    const img = image();
    if (!img) throw new Error('fixture did not parse');
    model.images.push(img);
    model.services.push(newService('cartservice', { file: 'k8s/cart.yaml', line: 1 }));
    associateImages(model);
    expect(model.images[0].serviceId).toBe('cartservice');
    expect(model.services[0].buildContexts).toEqual(['good/services/cart']);

    const lonely = emptyModel();
    lonely.images.push({ ...img, serviceId: undefined });
    lonely.services.push(newService('payments', { file: 'k8s/p.yaml', line: 1 }));
    associateImages(lonely);
    expect(lonely.images[0].serviceId).toBeUndefined();
  });
});
