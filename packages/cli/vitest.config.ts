import { defineProject } from 'vitest/config'
import { workspaceAlias } from '../../vitest.shared.ts'

export default defineProject({
  resolve: { alias: workspaceAlias },
  test: {
    name: 'cli',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/*.real.test.ts', '**/node_modules/**'],
    // The tests run bin/esmap.js, which imports dist/: build it (and @esmap/core's) when stale.
    globalSetup: ['test/global-setup.ts'],
    // Each test starts the binary a few times (~0.3 s each).
    testTimeout: 30_000,
  },
})
