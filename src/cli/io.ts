import { PathPolicyError, writeFileSafely } from '../safety/paths.js';

/** Where the CLI writes; tests pass buffers, the bin passes the process streams. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is an interactive terminal (colour). */
  isTTY: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Thrown by commands to end with a specific exit code after printing a message to stderr. */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message = '',
  ) {
    super(message);
  }
}

/** Write what --out names, replacing a regular file but never writing through a link. */
export async function writeOut(file: string, data: string | Uint8Array | Iterable<string>): Promise<void> {
  try {
    await writeFileSafely(file, data);
  } catch (err) {
    if (err instanceof PathPolicyError) throw new CliExit(EXIT_USAGE, `--out: ${err.message}`);
    throw err;
  }
}
