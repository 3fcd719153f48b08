/**
 * Resolve the raw import specifiers of CodeModules against the files in the tree, the way Node and
 * TypeScript's bundler resolution would: exact file, added extension, `./x.js` written for `./x.ts`,
 * then `index.*`. External packages are reduced to their package name (`lodash/fp` → `lodash`,
 * `@scope/pkg/sub` → `@scope/pkg`, `node:fs` stays).
 */
import type { SystemModel } from './schema.js';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

export function resolveImports(model: SystemModel, paths: string[]): void {
  if (!model.modules.length) return;
  const files = new Set([...paths, ...model.modules.map((m) => m.id)]);
  for (const module of model.modules) {
    const dir = module.id.includes('/') ? module.id.slice(0, module.id.lastIndexOf('/')) : '';
    for (const imp of module.imports) {
      if (imp.external) {
        imp.target = packageName(imp.target);
        continue;
      }
      const candidates =
        imp.target.startsWith('@/') || imp.target.startsWith('~/')
          ? [joinPath('src', imp.target.slice(2)), imp.target.slice(2)]
          : [imp.target.startsWith('/') ? imp.target.slice(1) : joinPath(dir, imp.target)];
      const resolved = candidates.map((c) => resolveFile(c, files)).find((r) => r !== undefined);
      imp.target = resolved ?? candidates[0] ?? imp.target;
    }
  }
}

export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') && parts.length > 1 ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
}

function resolveFile(base: string, files: Set<string>): string | undefined {
  if (files.has(base)) return base;
  for (const ext of EXTENSIONS) if (files.has(base + ext)) return base + ext;
  // TypeScript ESM: `./x.js` names the source file `./x.ts`.
  const stripped = base.replace(/\.(m|c)?jsx?$/, '');
  if (stripped !== base) {
    for (const ext of EXTENSIONS) if (files.has(stripped + ext)) return stripped + ext;
  }
  for (const ext of EXTENSIONS) if (files.has(`${base}/index${ext}`)) return `${base}/index${ext}`;
  return undefined;
}

/** POSIX join with `.`/`..` folded; never climbs above the root. */
function joinPath(dir: string, rel: string): string {
  const out = dir ? dir.split('/') : [];
  for (const part of rel.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}
