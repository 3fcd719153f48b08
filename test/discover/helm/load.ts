/** Read a folder into the repo-relative path -> text map the Helm renderer takes. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function loadTree(root: string, sub: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) files.set(child, readFileSync(path.join(root, child), 'utf8'));
    }
  };
  if (existsSync(path.join(root, sub))) walk(sub);
  return files;
}

/** Line (1-based) of the first line in `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not found`);
  return i + 1;
}
