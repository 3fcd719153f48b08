/**
 * git run over a repository that is untrusted input (docs/security.md). A repository's own `.git/config` can
 * name programs git runs on ordinary read commands: `core.fsmonitor` (on every index refresh: `git diff`,
 * `git ls-files`), hooks, external diff drivers and text conversions, a pager, and, in a partial clone, a lazy
 * fetch from a promisor remote. Plumbline runs git without a shell, with those switched off on the command
 * line (which wins over every config file), without the system config, without prompts, and never on the
 * network.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** `-c` overrides placed before every git subcommand (diff commands add `--no-ext-diff --no-textconv`). */
export const GIT_SAFE_CONFIG: readonly string[] = [
  '-c',
  'core.fsmonitor=',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.pager=cat',
  '-c',
  'protocol.allow=never',
  '--no-pager',
];

/** The environment for git: no system config, no prompt, no pager, no lazy fetch, no optional locks. */
export function gitEnv(): NodeJS.ProcessEnv {
  const { GIT_EXTERNAL_DIFF: _external, ...inherited } = process.env;
  return {
    ...inherited,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GIT_NO_LAZY_FETCH: '1',
    GIT_OPTIONAL_LOCKS: '0',
    LC_ALL: 'C',
  };
}

/**
 * A hardened git runner in `dir`: each call returns the command's stdout (at most `maxBuffer` bytes) and
 * rejects when git fails.
 */
export function gitIn(dir: string, maxBuffer: number): (...args: string[]) => Promise<string> {
  return async (...args) => {
    const { stdout } = await run('git', gitArgs(...args), { cwd: dir, maxBuffer, env: gitEnv() });
    return stdout;
  };
}

const run = promisify(execFile);

/** The argument list for a hardened git call. */
export function gitArgs(...args: string[]): string[] {
  return [...GIT_SAFE_CONFIG, ...args];
}

/**
 * A ref as the user may have typed it, quoted for a shell command Plumbline suggests: kept bare when it holds
 * only characters no shell treats specially, otherwise in single quotes.
 */
export function shellQuote(text: string): string {
  if (/^[A-Za-z0-9_./:@^~+=-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A ref Plumbline will pass to git: not empty, not an option, no whitespace or control characters. */
export function refProblem(ref: string): string | undefined {
  if (ref === '') return 'is empty';
  if (ref.startsWith('-')) return 'starts with "-"';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\s\u0000-\u001f\u007f]/.test(ref)) return 'holds whitespace or control characters';
  if (ref.length > 1024) return 'is longer than 1024 characters';
  return undefined;
}
