import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // `npm run test:coverage` (CI's Node 20 run): fails when coverage of src/ drops below the floor, set a little
    // below what issue 23 measured with ../shared/corpus present (96% lines, 89% branches); raise it once a full
    // coverage run on an idle machine gives today's figures
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.d.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      thresholds: { lines: 92, branches: 85 },
    },
  },
});
