#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { runBundle } from '../dist/cli/bundle-loader.js';

await runBundle(fileURLToPath(new URL('../dist/bundle/plumbline.cjs', import.meta.url)));
