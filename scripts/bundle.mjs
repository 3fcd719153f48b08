// Bundles the CLI into one CommonJS file (dist/bundle/plumbline.cjs). Loading ~340 separate ES modules cost
// ~0.3 s of every run (docs/performance.md); one file costs a fraction of that. CommonJS because
// bin/plumbline.js compiles it through vm.Script with a V8 code cache (src/cli/bundle-loader.ts), which
// Node 20 offers for scripts only. Parsers that adapters load on first use (src/discover/lazy-require.ts)
// stay outside the bundle and load from node_modules.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/bundle/plumbline.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  legalComments: 'none',
  // Smaller source compiles faster at every start; identifiers stay, so stack traces and profiles read as the
  // sources do. Without comments the bundle is pure ASCII, which Node decodes and V8 scans fastest.
  minifyWhitespace: true,
  minifySyntax: true,
  charset: 'ascii',
  logLevel: 'warning',
  // The sources are ES modules: import.meta.url becomes the bundle's own file URL.
  define: { 'import.meta.url': '__plumblineBundleUrl' },
  banner: { js: "const __plumblineBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// The web page (src/server/web.ts serves dist/web): its script bundled, its HTML and CSS copied.
await build({
  entryPoints: ['web/app.ts'],
  outfile: 'dist/web/app.js',
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
const { copyFile } = await import('node:fs/promises');
await copyFile('web/index.html', 'dist/web/index.html');
await copyFile('web/app.css', 'dist/web/app.css');
