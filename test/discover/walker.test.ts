import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverDirectory } from '../../src/discover/index.js';
import { walkDirectory } from '../../src/discover/walker.js';

const fixtures = path.resolve(__dirname, '../fixtures/broken');
const isRoot = process.getuid?.() === 0;

/** A copy of the broken fixture tree plus what git cannot hold: binary, unreadable and linked files. */
function brokenTree(): string {
  const base = mkdtempSync(path.join(tmpdir(), 'plumbline-walker-'));
  const root = path.join(base, 'repo');
  cpSync(fixtures, root, { recursive: true });
  writeFileSync(
    path.join(root, 'k8s/blob.yaml'),
    Buffer.from([0x61, 0x70, 0x69, 0x00, 0x01, 0x02, 0xff, 0x00]),
  );
  writeFileSync(
    path.join(base, 'outside.yaml'),
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: outside\n',
  );
  symlinkSync(path.join(base, 'outside.yaml'), path.join(root, 'k8s/outside-link.yaml'));
  if (isRoot) {
    // root reads any file whatever its mode, so an unreadable file is made by a link to nothing instead
    symlinkSync(path.join(root, 'k8s/deleted.yaml'), path.join(root, 'k8s/dangling.yaml'));
  } else {
    writeFileSync(path.join(root, 'k8s/secret.yaml'), 'apiVersion: v1\nkind: Secret\n');
    chmodSync(path.join(root, 'k8s/secret.yaml'), 0o000);
  }
  return root;
}

describe('walking and discovering a tree with broken files', async () => {
  const root = brokenTree();
  afterAll(() => rmSync(path.dirname(root), { recursive: true, force: true }));
  const { model } = await discoverDirectory(root);
  const diagnostic = (file: string) => model.diagnostics.filter((d) => d.file === file);

  it('still discovers the rest of the tree', () => {
    expect(model.services.map((s) => s.id)).toEqual(['api', 'db', 'web']);
    expect(model.dependencies.map((d) => `${d.from} -> ${d.to}`)).toEqual(['api -> db', 'web -> api']);
  });

  it('reports broken YAML with the file and the line', () => {
    expect(diagnostic('k8s/broken.yaml')).toEqual([
      expect.objectContaining({
        severity: 'error',
        line: 11,
        message: expect.stringContaining('invalid YAML'),
      }),
    ]);
  });

  it('rejects a YAML alias bomb', () => {
    expect(diagnostic('k8s/alias-bomb.yaml')).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringMatching(/alias/i) }),
    ]);
    expect(model.configs.some((c) => c.name === 'bomb')).toBe(false);
  });

  it('refuses binary content', () => {
    expect(diagnostic('k8s/blob.yaml')).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringContaining('binary') }),
    ]);
  });

  it('reports the file it cannot read', () => {
    if (isRoot) {
      expect(diagnostic('k8s/dangling.yaml')).toEqual([
        expect.objectContaining({ message: expect.stringContaining('broken symbolic link') }),
      ]);
    } else {
      expect(diagnostic('k8s/secret.yaml')).toEqual([
        expect.objectContaining({ severity: 'error', message: expect.stringContaining('unreadable') }),
      ]);
    }
  });

  it('skips a symbolic link that leads outside the root', () => {
    expect(diagnostic('k8s/outside-link.yaml')).toEqual([
      expect.objectContaining({ message: expect.stringContaining('outside the scanned root') }),
    ]);
    expect(model.exposures.some((e) => e.name === 'outside')).toBe(false);
  });

  it('lists the broken files among the paths but never hands them to adapters', async () => {
    const walked = await walkDirectory(root);
    expect(walked.files.map((f) => f.path)).toEqual([
      'docker-compose.yml',
      'k8s/alias-bomb.yaml',
      'k8s/broken.yaml',
      'k8s/web.yaml',
    ]);
  });
});

describe('determinism', () => {
  it('scanning the same tree twice gives byte-identical JSON', async () => {
    const dirs = [
      fixtures,
      path.resolve(__dirname, '../fixtures/compose'),
      path.resolve(__dirname, '../fixtures/kubernetes'),
      ...['microservices-demo', 'sock-shop']
        .map((name) => path.resolve(__dirname, '../../../shared/corpus', name))
        .filter((dir) => existsSync(dir)),
    ];
    for (const dir of dirs) {
      const a = JSON.stringify((await discoverDirectory(dir)).model);
      const b = JSON.stringify((await discoverDirectory(dir)).model);
      expect(a.length).toBeGreaterThan(1000);
      expect(b).toBe(a);
    }
  });
});

describe('plumbline.yaml `ignore:`', () => {
  it('leaves the listed paths out of the walk, so nothing there is read', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'plumbline-ignore-'));
    try {
      writeFileSync(path.join(root, 'plumbline.yaml'), 'ignore:\n  - legacy/\n  - "*.bak.yaml"\n');
      mkdirSync(path.join(root, 'legacy'));
      writeFileSync(
        path.join(root, 'legacy/a.yaml'),
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n',
      );
      writeFileSync(path.join(root, 'k8s.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n');
      writeFileSync(
        path.join(root, 'old.bak.yaml'),
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: old\n',
      );
      const walked = await walkDirectory(root);
      expect(walked.paths).toContain('k8s.yaml');
      expect(walked.paths.some((p) => p.startsWith('legacy/') || p === 'old.bak.yaml')).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
