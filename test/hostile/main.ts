/** Runs the CLI from source in its own process, so a test can cap its memory and time (test/hostile/attack.test.ts). */
import { main } from '../../src/cli/main.js';

await main();
