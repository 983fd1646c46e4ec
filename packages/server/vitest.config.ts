import { defineProject } from 'vitest/config'
import { workspaceAlias } from '../../vitest.shared.ts'

export default defineProject({
  resolve: { alias: workspaceAlias },
  test: { testTimeout: 30_000, hookTimeout: 60_000, name: 'server', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: ['**/*.real.test.ts', '**/node_modules/**'] },
})
