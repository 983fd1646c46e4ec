import { fileURLToPath } from 'node:url'

/** The repository root. */
export const repoRoot: string = fileURLToPath(new URL('../../', import.meta.url))

/** The conformance suites written by others: `../shared/conformance/` beside the repository. */
export const conformanceDir: string = process.env.ESMAP_CONFORMANCE_DIR ?? fileURLToPath(new URL('../../../shared/conformance/', import.meta.url))

/** The fixture packages written for the fixture server: `test/fixtures/` (npm in `packages/`, `jsr/`, `deno/`). */
export const fixturesDir: string = fileURLToPath(new URL('../fixtures/', import.meta.url))
