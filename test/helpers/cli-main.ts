/** The CLI from the sources, for tests that need it as a separate process (`node --import tsx …`). */
import { main } from '../../src/cli/main.js';

await main();
