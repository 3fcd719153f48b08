/** Parsers for numeric CLI flags: a malformed value is a usage error naming the flag, never NaN. */
import { InvalidArgumentError } from 'commander';
import { CliExit, EXIT_USAGE } from './io.js';

/** A whole number of at least `min` (digits only; `1e6`, `10MB`, `-1`, `abc` are rejected). */
export function wholeNumber(what: string, min = 1): (value: string) => number {
  return (value: string): number => {
    const text = value.trim();
    if (!/^\d+$/.test(text))
      throw new InvalidArgumentError(`expected ${what}, a whole number, got "${value}"`);
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`expected ${what} of at least ${min}, got "${value}"`);
    return n;
  };
}

export const maxFileSizeOption = wholeNumber('a size in bytes');

/** `--file-time-budget <seconds>`: whole seconds, at least 1, at most a day; returned in milliseconds. */
export function fileTimeBudgetOption(value: string): number {
  const seconds = wholeNumber('a number of seconds')(value);
  if (seconds > 86_400) throw new InvalidArgumentError(`expected at most 86400 seconds, got "${value}"`);
  return seconds * 1000;
}

export const FILE_TIME_BUDGET_HELP =
  'skip a file whose reading takes longer than this many seconds, with a diagnostic naming it (default 60)';

/**
 * An option given an empty value (`--config ''`, `--out ''`, `--deployment ' '`) is a usage error, never
 * silently the default: a CI variable that expanded to nothing must not change what is reviewed or where output
 * goes. `names` maps the flags' property names to how they are spelled on the command line.
 */
export function rejectEmptyValues(flags: object, names: Record<string, string>): void {
  for (const [key, flag] of Object.entries(names)) {
    const value = (flags as Record<string, unknown>)[key];
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && v.trim() === ''))
      throw new CliExit(EXIT_USAGE, `${flag} needs a value, got an empty one`);
  }
}
