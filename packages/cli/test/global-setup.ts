import { execFileSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = fileURLToPath(new URL('../../../', import.meta.url))

/** The newest modification time of the non-test sources under `dir`. */
function newestSource(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}

/** Builds a package's dist/ with tsc when a source is newer than dist/index.js (or there is none). */
function buildIfStale(pkg: string): void {
  const dir = join(repo, 'packages', pkg)
  const built = statSync(join(dir, 'dist', 'index.js'), { throwIfNoEntry: false })?.mtimeMs ?? 0
  if (built >= newestSource(join(dir, 'src'))) return
  execFileSync(join(repo, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' })
}

/**
 * The CLI tests run the real binary, which imports dist/ (its own and its dependencies'). `npm test`
 * builds everything first; this makes the CLI tests work when run alone too.
 */
export default function setup(): void {
  for (const pkg of ['core', 'builder', 'server', 'cli']) buildIfStale(pkg)
}
