// Bundles the CLI into one ES module (dist/bundle/plumbline.mjs). Loading ~340 separate ES modules cost
// ~0.3 s of every run (docs/performance.md); one file costs a fraction of that. Parsers that adapters load
// on first use (src/discover/lazy-require.ts) stay outside the bundle and load from node_modules.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/bundle/plumbline.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  // Smaller source compiles faster at every start; identifiers stay, so stack traces and profiles read as the
  // sources do. Without comments the bundle is pure ASCII, which Node decodes and V8 scans fastest.
  minifyWhitespace: true,
  minifySyntax: true,
  charset: 'ascii',
  logLevel: 'warning',
  // CommonJS dependencies in an ES module bundle still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __plumblineCreateRequire } from 'node:module';\nconst require = __plumblineCreateRequire(import.meta.url);",
  },
});
