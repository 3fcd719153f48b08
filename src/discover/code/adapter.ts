/**
 * The source-code adapter: Java, Kotlin, Go, C# and Python files (JS/TS files stay with the imports adapter,
 * which asks codeFactsOf for the same facts). Test code is left out: its URLs point at mocks and local ports,
 * not at the services the system calls.
 */
import type { Diagnostic } from '../../model/schema.js';
import type { Adapter, Fragment, SourceFile } from '../types.js';
import { extractCodeFacts, mayHoldCodeFacts } from './extract.js';
import { type CodeLanguage, languageOf } from './languages.js';

const TEST_PATH =
  /(^|\/)(test|tests|__tests__|__mocks__|testdata|spec|specs|e2e|integration-tests?|src\/test|src\/it)\/|(_test\.go|Tests?\.(java|kt|cs)|IT\.java|\.(test|spec)\.[cm]?[jt]sx?|(^|\/)test_[^/]*\.py|_test\.py|conftest\.py)$/i;

export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}

/** Browser code served as static assets: its requests come from the user's browser, not from the service. */
const STATIC_ASSETS = /(^|\/)(src\/main\/resources\/(static|public)|wwwroot|public|static|assets)\//;

/** Languages this adapter claims; JS/TS are claimed by the imports adapter. */
const CLAIMED = new Set<CodeLanguage>(['java', 'kotlin', 'go', 'csharp', 'python']);

export const codeAdapter: Adapter = {
  kind: 'source',
  claims: (path) => {
    const lang = languageOf(path);
    return lang !== undefined && CLAIMED.has(lang) && !isTestPath(path);
  },
  parse: (file) => codeFactsOf(file),
};

/** Code facts of one file as a fragment; a file the parser cannot read gives a diagnostic, never a throw. */
export function codeFactsOf(file: SourceFile): Fragment {
  const lang = languageOf(file.path);
  if (!lang || isTestPath(file.path) || !mayHoldCodeFacts(file.text)) return {};
  if ((lang === 'javascript' || lang === 'typescript' || lang === 'tsx') && STATIC_ASSETS.test(file.path))
    return {};
  try {
    return { codeFacts: extractCodeFacts(file.path, file.text, lang) };
  } catch (err) {
    const diagnostic: Diagnostic = {
      severity: 'warning',
      file: file.path,
      message: `code facts not read: ${(err as Error).message}`,
      origin: 'code',
    };
    return { diagnostics: [diagnostic] };
  }
}
