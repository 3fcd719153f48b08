/**
 * The import graph of JS/TS source, read with oxc-parser's module record (static imports, re-exports,
 * dynamic `import('…')`) plus CommonJS `require('…')` calls from its AST. One CodeModule per file with
 * raw specifiers; resolveImports (src/model/infer-imports.ts) resolves relative ones after merge, when
 * the whole file list is known. Declaration files and minified bundles are not source: skipped quietly.
 */
import type { parseSync } from 'oxc-parser';
import type { CodeModule, Diagnostic } from '../../model/schema.js';
import { lazyRequire } from '../lazy-require.js';
import type { Adapter, Fragment, SourceFile } from '../types.js';
import { codeFactsOf } from './adapter.js';

const oxc = lazyRequire<typeof import('oxc-parser')>('oxc-parser');

/** A line this long is a bundle or generated file, not source someone maintains. */
const MAX_LINE = 5000;

export const importsAdapter: Adapter = {
  kind: 'source',
  claims: (path) => isModulePath(path),
  parse: parseModuleFile,
};

export function isModulePath(path: string): boolean {
  if (!/\.[cm]?[jt]sx?$/i.test(path)) return false;
  if (/\.d\.[cm]?ts$/i.test(path) || /\.min\.[cm]?js$/i.test(path)) return false;
  return !/(^|\/)node_modules\//.test(path);
}

export function parseModuleFile(file: SourceFile): Fragment {
  if (hasVeryLongLine(file.text)) return {};
  const lang = /\.[cm]?tsx?$/i.test(file.path) ? 'typescript' : 'javascript';
  const lines = lineStarts(file.text);
  const lineAt = (offset: number) => lineOf(lines, offset);
  const diagnostics: Diagnostic[] = [];
  let result: ReturnType<typeof parseSync>;
  try {
    result = oxc().parseSync(file.path, file.text, { sourceType: 'unambiguous' });
  } catch (err) {
    return {
      diagnostics: [
        {
          severity: 'warning',
          file: file.path,
          message: `could not be parsed: ${(err as Error).message}`,
          origin: 'imports',
        },
      ],
    };
  }
  const errors = result.errors.filter((e) => e.severity === 'Error');
  if (errors.length) {
    const first = errors[0];
    const at = first?.labels?.[0]?.start;
    diagnostics.push({
      severity: 'warning',
      file: file.path,
      line: at === undefined ? undefined : lineAt(at),
      message: `syntax error (${first?.message ?? 'unknown'}); imports read from the recovered parse may be incomplete`,
      origin: 'imports',
    });
  }
  const imports: CodeModule['imports'] = [];
  const add = (specifier: string, offset: number, typeOnly: boolean) => {
    if (!specifier) return;
    imports.push({
      target: specifier,
      external: isExternalSpecifier(specifier),
      typeOnly,
      source: { file: file.path, line: lineAt(offset) },
    });
  };
  const mod = result.module;
  for (const imp of mod.staticImports) {
    const typeOnly = imp.entries.length > 0 && imp.entries.every((e) => e.isType);
    add(imp.moduleRequest.value, imp.start, typeOnly);
  }
  for (const exp of mod.staticExports) {
    const request = exp.entries.find((e) => e.moduleRequest)?.moduleRequest;
    if (!request) continue;
    add(
      request.value,
      exp.start,
      exp.entries.every((e) => e.isType),
    );
  }
  for (const dyn of mod.dynamicImports) {
    const literal = stringLiteral(file.text.slice(dyn.moduleRequest.start, dyn.moduleRequest.end));
    if (literal !== undefined) add(literal, dyn.start, false);
  }
  if (file.text.includes('require(')) {
    for (const call of requireCalls(result.program)) add(call.specifier, call.start, false);
  }
  imports.sort(
    (a, b) => a.source.line - b.source.line || (a.target < b.target ? -1 : a.target > b.target ? 1 : 0),
  );
  const module: CodeModule = {
    id: file.path,
    group: moduleGroup(file.path),
    language: lang,
    imports,
    source: { file: file.path, line: 1 },
  };
  const code = codeFactsOf(file);
  return {
    modules: [module],
    diagnostics: [...diagnostics, ...(code.diagnostics ?? [])],
    ...(code.codeFacts?.length ? { codeFacts: code.codeFacts } : {}),
  };
}

/** Relative paths and the common `@/` and `~/` source-root aliases are inside the repository. */
export function isExternalSpecifier(specifier: string): boolean {
  return !(
    specifier.startsWith('.') ||
    specifier.startsWith('/') ||
    specifier.startsWith('@/') ||
    specifier.startsWith('~/')
  );
}

const WORKSPACE_DIRS = new Set(['packages', 'apps', 'services', 'libs', 'modules', 'plugins']);
const SOURCE_ROOTS = new Set(['src', 'lib', 'source', 'app']);

/** `src/orders/x.ts` → orders; `packages/billing/src/x.ts` → billing; `src/index.ts` → src; `index.ts` → `.`. */
export function moduleGroup(path: string): string {
  const dirs = path.split('/').slice(0, -1);
  if (dirs.length >= 2 && WORKSPACE_DIRS.has(dirs[0] as string)) return dirs[1] as string;
  let i = 0;
  while (i < dirs.length && SOURCE_ROOTS.has(dirs[i] as string)) i++;
  return dirs[i] ?? dirs[i - 1] ?? '.';
}

function hasVeryLongLine(text: string): boolean {
  if (text.length < MAX_LINE) return false;
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > MAX_LINE) return true;
    start = end + 1;
  }
  return false;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function stringLiteral(text: string): string | undefined {
  const m = /^\s*(['"`])([^'"`$]*)\1\s*$/.exec(text);
  return m ? m[2] : undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: a generic walk over the ESTree program.
type Node = any;

/** `require('x')` calls with a string literal argument, anywhere in the program. */
function requireCalls(program: Node): Array<{ specifier: string; start: number }> {
  const out: Array<{ specifier: string; start: number }> = [];
  const stack: Node[] = [program];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const n of node) stack.push(n);
      continue;
    }
    if (
      node.type === 'CallExpression' &&
      node.callee?.type === 'Identifier' &&
      node.callee.name === 'require' &&
      node.arguments?.length === 1 &&
      node.arguments[0]?.type === 'Literal' &&
      typeof node.arguments[0].value === 'string'
    ) {
      out.push({ specifier: node.arguments[0].value, start: node.start });
    }
    for (const key in node) {
      if (key === 'parent') continue;
      const value = node[key];
      if (value && typeof value === 'object') stack.push(value);
    }
  }
  return out;
}
