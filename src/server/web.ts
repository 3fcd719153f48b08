/**
 * The web page's assets: web/index.html, web/app.css and web/app.ts bundled by esbuild. A build
 * (`npm run build`) writes them to dist/web; run from the sources (tests, tsx) they are bundled in memory on
 * start. Nothing is fetched at run time from anywhere else (the page's CSP allows 'self' only).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  url: string;
  contentType: string;
  cache: string;
  body: string;
}

function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && /"name":\s*"plumbline-arch"/.test(readFileSync(pkg, 'utf8'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the plumbline package root for the web assets');
    dir = up;
  }
}

/** Bundles web/app.ts (esbuild: a devDependency, present wherever the sources are). */
export async function bundleWebScript(root: string): Promise<string> {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [path.join(root, 'web/app.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.text;
}

export async function webAssets(): Promise<Asset[]> {
  const root = packageRoot();
  const built = path.join(root, 'dist/web');
  const fromDist = existsSync(path.join(built, 'app.js'));
  const dir = fromDist ? built : path.join(root, 'web');
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  const script = fromDist ? read('app.js') : await bundleWebScript(root);
  return [
    { url: '/', contentType: 'text/html; charset=utf-8', cache: 'no-cache', body: read('index.html') },
    { url: '/app.js', contentType: 'text/javascript; charset=utf-8', cache: 'no-cache', body: script },
    { url: '/app.css', contentType: 'text/css; charset=utf-8', cache: 'no-cache', body: read('app.css') },
  ];
}
