import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isModulePath, moduleGroup, parseModuleFile } from '../../src/discover/code/imports.js';
import { discoverDirectory, discoverFiles } from '../../src/discover/index.js';
import { packageName } from '../../src/model/infer-imports.js';
import type { CodeModule } from '../../src/model/schema.js';

const fixtures = path.resolve(__dirname, '../fixtures/imports');

const edges = (m: CodeModule | undefined) =>
  (m?.imports ?? []).map(
    (i) => `${i.target}${i.external ? ' ext' : ''}${i.typeOnly ? ' type' : ''} @${i.source.line}`,
  );

describe('import graph of a hand-written TS/JS repository', async () => {
  const result = await discoverDirectory(path.join(fixtures, 'good'));
  const modules = Object.fromEntries(result.model.modules.map((m) => [m.id, m]));

  it('makes one module per source file, skipping declaration files and minified bundles quietly', () => {
    expect(Object.keys(modules).sort()).toEqual([
      'lib/helper.js',
      'lib/legacy.cjs',
      'packages/web/src/app.jsx',
      'src/billing/invoice.ts',
      'src/orders/index.ts',
      'src/orders/service.ts',
      'src/shared/audit.ts',
      'src/shared/money.ts',
      'src/shared/types.ts',
    ]);
    expect(result.model.diagnostics).toEqual([]);
    expect(result.model.artifacts.find((a) => a.file === 'src/orders/service.ts')?.kind).toBe('source');
  });

  it('resolves relative imports against the files present (.js written for .ts, folder index, added extension)', () => {
    expect(edges(modules['src/orders/service.ts'])).toEqual([
      'node:crypto ext @2',
      'src/shared/types.ts type @3',
      'src/shared/money.ts @4',
      'src/billing/invoice.ts @5',
      'express ext @6',
      'zod ext @7',
      'src/shared/audit.ts @10',
    ]);
    // re-exports are edges too; `export type … from` is type-only; line numbers survive non-ASCII text
    expect(edges(modules['src/orders/index.ts'])).toEqual([
      'src/orders/service.ts @3',
      'src/shared/types.ts type @4',
    ]);
  });

  it('resolves folder imports and the @/ source-root alias, and reduces packages to their name', () => {
    expect(edges(modules['src/billing/invoice.ts'])).toEqual([
      'src/orders/index.ts @2',
      'src/shared/money.ts @3',
      '@aws-sdk/client-s3 ext @4',
    ]);
  });

  it('reads CommonJS require() with string literals only, and JSX files', () => {
    expect(edges(modules['lib/legacy.cjs'])).toEqual(['path ext @1', 'lib/helper.js @2']);
    expect(edges(modules['packages/web/src/app.jsx'])).toEqual(['react ext @1', 'src/orders/index.ts @2']);
  });

  it('groups modules by top-level folder under src, or by workspace package', () => {
    expect(modules['src/orders/service.ts']?.group).toBe('orders');
    expect(modules['src/shared/money.ts']?.group).toBe('shared');
    expect(modules['packages/web/src/app.jsx']?.group).toBe('web');
    expect(modules['lib/helper.js']?.group).toBe('lib');
    expect(modules['src/orders/service.ts']?.language).toBe('typescript');
    expect(modules['lib/legacy.cjs']?.language).toBe('javascript');
  });
});

describe('import adapter edge cases', () => {
  it('keeps the imports of a file with a syntax error and reports the error with its line', () => {
    const text =
      "import { ok } from './ok';\nimport { alsoOk } from './also-ok';\n\nexport function broken( {\n  return ok + ;\n}\n";
    const fragment = parseModuleFile({ path: 'src/bad.ts', text, bytes: text.length });
    expect(fragment.modules?.[0]?.imports.map((i) => i.target)).toEqual(['./ok', './also-ok']);
    expect(fragment.diagnostics).toHaveLength(1);
    expect(fragment.diagnostics?.[0]).toMatchObject({
      severity: 'warning',
      file: 'src/bad.ts',
      line: 5,
      origin: 'imports',
    });
  });

  it('leaves unresolvable relative imports as the joined path, not external', () => {
    const r = discoverFiles([{ path: 'src/a/x.ts', text: "import y from '../missing/y';", bytes: 30 }]);
    expect(r.model.modules[0]?.imports[0]).toMatchObject({ target: 'src/missing/y', external: false });
  });

  it('claims JS/TS source but not declaration files, minified files or node_modules', () => {
    expect(isModulePath('src/a.ts')).toBe(true);
    expect(isModulePath('src/a.mts')).toBe(true);
    expect(isModulePath('web/App.tsx')).toBe(true);
    expect(isModulePath('src/types.d.ts')).toBe(false);
    expect(isModulePath('public/vendor.min.js')).toBe(false);
    expect(isModulePath('node_modules/x/index.js')).toBe(false);
  });

  it('names groups and packages as the boundary rules need them', () => {
    expect(moduleGroup('src/orders/domain/order.ts')).toBe('orders');
    expect(moduleGroup('packages/billing/src/index.ts')).toBe('billing');
    expect(moduleGroup('src/index.ts')).toBe('src');
    expect(moduleGroup('index.ts')).toBe('.');
    expect(packageName('@scope/pkg/sub/path')).toBe('@scope/pkg');
    expect(packageName('lodash/fp')).toBe('lodash');
    expect(packageName('node:fs')).toBe('node:fs');
  });

  it('reads thousands of files quickly', () => {
    const files = Array.from({ length: 3000 }, (_, i) => {
      const text = `import { a } from './m${(i + 1) % 3000}';\nimport type { T } from '../shared/t';\nimport x from 'lib-${i % 7}';\nexport const v${i}: T = a + x;\n`;
      return { path: `src/g${i % 10}/m${i}.ts`, text, bytes: text.length };
    });
    const r = discoverFiles(files);
    expect(r.model.modules).toHaveLength(3000);
  });
});
