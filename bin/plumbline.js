#!/usr/bin/env node
import { main } from '../dist/bundle/plumbline.mjs';

await main();
