import { defineConfig } from 'vitest/config'
import { workspaceAlias } from './vitest.shared.ts'

// The real-package tier: tests that reach the npm registry (never a CDN). Run last, separately.
export default defineConfig({
  resolve: { alias: workspaceAlias },
  test: {
    name: 'real',
    include: ['**/*.real.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
})
