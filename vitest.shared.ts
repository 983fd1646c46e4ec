import { fileURLToPath } from 'node:url'

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url))

/**
 * Tests run against `src/` so a test run needs no prior build. Subpath entries come first:
 * Vite applies the first alias that matches.
 */
export const workspaceAlias: { find: RegExp; replacement: string }[] = [
  { find: /^@esmap\/plugin\/(vite|rollup|esbuild|rolldown|webpack)$/, replacement: here('./packages/plugin/src/$1.ts') },
  { find: /^@esmap\/core$/, replacement: here('./packages/core/src/index.ts') },
  { find: /^@esmap\/plugin$/, replacement: here('./packages/plugin/src/index.ts') },
  { find: /^@esmap\/cli$/, replacement: here('./packages/cli/src/index.ts') },
  { find: /^@esmap\/server$/, replacement: here('./packages/server/src/index.ts') },
  { find: /^@esmap\/builder$/, replacement: here('./packages/builder/src/index.ts') },
  { find: /^@esmap\/test-fixtures$/, replacement: here('./test/src/index.ts') },
]
