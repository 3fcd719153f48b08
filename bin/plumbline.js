#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ keeps V8's compiled code for the bundle between runs (a no-op on Node 20).
module.enableCompileCache?.();

const { main } = await import('../dist/bundle/plumbline.mjs');
await main();
