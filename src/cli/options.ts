/** Parsers for numeric CLI flags: a malformed value is a usage error naming the flag, never NaN. */
import { InvalidArgumentError } from 'commander';

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
