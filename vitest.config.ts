import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    coverage: {
      // CI (and .ci/run, which sets CI=true) always writes a coverage report; locally `npm test -- --coverage`.
      enabled: process.env.CI === 'true',
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/gen/**', 'src/**/*.test.ts', 'src/testing/**'],
      reporter: ['text-summary', 'html', 'json-summary'],
    },
  },
});
