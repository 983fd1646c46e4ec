import { defineConfig } from 'vitest/config'

// One run over every project: unit, conformance, integration and browser e2e.
// The real-package tier (npm registry) lives in vitest.real.config.ts and runs separately.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'test/vitest.config.ts', 'playground/*/vitest.config.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
