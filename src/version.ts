import { existsSync, readFileSync } from 'node:fs';

/**
 * The package version, read once from package.json: the nearest one above this module, which is the
 * package root from src/, dist/ and the CLI bundle in dist/bundle/.
 */
function packageVersion(): string {
  for (const up of ['../package.json', '../../package.json']) {
    const file = new URL(up, import.meta.url);
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}

export const VERSION: string = packageVersion();
