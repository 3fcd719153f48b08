/**
 * The parser behind code facts: ast-grep's Node binding (tree-sitter grammars compiled to native code, shipped
 * inside the npm packages for Linux, macOS and Windows on x64/arm64; N-API, so one binary serves every Node
 * version). Loaded on first use: a review with no source files never pays for it. See docs/code-discovery.md
 * for why this and not web-tree-sitter.
 */
import { createRequire } from 'node:module';
import type { SgRoot } from '@ast-grep/napi';

const require = createRequire(import.meta.url);

export type CodeLanguage =
  | 'java'
  | 'kotlin'
  | 'go'
  | 'csharp'
  | 'python'
  | 'javascript'
  | 'typescript'
  | 'tsx';

const EXTENSIONS: Record<string, CodeLanguage> = {
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  go: 'go',
  cs: 'csharp',
  py: 'python',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
};

/** Dynamic grammars: ast-grep ships JavaScript, TypeScript and TSX itself. */
const DYNAMIC: Partial<Record<CodeLanguage, string>> = {
  java: '@ast-grep/lang-java',
  kotlin: '@ast-grep/lang-kotlin',
  go: '@ast-grep/lang-go',
  csharp: '@ast-grep/lang-csharp',
  python: '@ast-grep/lang-python',
};

const BUILT_IN: Partial<Record<CodeLanguage, string>> = {
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  tsx: 'Tsx',
};

export function languageOf(path: string): CodeLanguage | undefined {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? undefined : EXTENSIONS[path.slice(dot + 1).toLowerCase()];
}

type Napi = typeof import('@ast-grep/napi');
let napi: Napi | undefined;
let loadError: string | undefined;

/** Load the binding and register every dynamic grammar at once (ast-grep accepts one registration). */
function load(): Napi {
  if (loadError) throw new Error(loadError);
  if (napi) return napi;
  try {
    const binding = require('@ast-grep/napi') as Napi;
    const all: Record<string, unknown> = {};
    for (const [lang, pkg] of Object.entries(DYNAMIC)) all[lang] = require(pkg);
    binding.registerDynamicLanguage(all as Parameters<Napi['registerDynamicLanguage']>[0]);
    napi = binding;
    return binding;
  } catch (err) {
    loadError = `the source-code parser could not be loaded on this platform: ${(err as Error).message}`;
    throw new Error(loadError);
  }
}

/** Parse `text` as `lang`; throws (with the reason) when the parser cannot be loaded on this platform. */
export function parseCode(lang: CodeLanguage, text: string): SgRoot {
  return load().parse((BUILT_IN[lang] ?? lang) as Parameters<Napi['parse']>[0], text);
}
