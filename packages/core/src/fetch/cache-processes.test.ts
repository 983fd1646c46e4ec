import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { serve, send, type Loopback } from './__tests__/loopback.js'
import { createFetcher } from './fetcher.js'

// Two real `node` processes share one cache directory and fetch the same URLs for many rounds with
// ttl 0, so each round every entry is read (and verified) in one process while the other renames a
// fresh copy over it. The children run this package's TypeScript sources through a small
// type-stripping loader (__tests__/ts-hooks.mjs), so they exercise exactly the code under test.
// A torn write would show up as a `cache-corrupt` event in a child (writeFile without temp+rename
// does), or as wrong bytes in the final offline read.

const run = promisify(execFile)
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url))
const sizes: Record<string, number> = { '/big-a': 3_000_000, '/big-b': 1_500_000, '/small': 300 }
const bodyFor = (path: string): Buffer => {
  const size = sizes[path] ?? 0
  const seed = createHash('sha256').update(path).digest()
  return Buffer.from(Array.from({ length: size }, (_, i) => (seed[i % 32] ?? 0) ^ (i & 0xff)))
}
const bodies = new Map(Object.keys(sizes).map((p) => [p, bodyFor(p)]))
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

let server: Loopback
let cacheDir: string
beforeAll(async () => {
  server = await serve((req, res) => send(res, 200, bodies.get(req.url ?? '') ?? Buffer.alloc(0)))
  cacheDir = await mkdtemp(join(tmpdir(), 'esmap-race-'))
})
afterAll(async () => {
  await server.close()
  await rm(cacheDir, { recursive: true, force: true })
})

interface ChildReport {
  hashes: Record<string, string>
  corrupt: string[]
  stats: { requests: number }
}

async function child(rounds: number): Promise<ChildReport> {
  const args = ['--import', here('./__tests__/register-ts.mjs'), here('./__tests__/cache-writer.mjs'), cacheDir, server.origin, String(rounds), ...Object.keys(sizes)]
  const { stdout } = await run(process.execPath, args, { cwd: here('./'), timeout: 60_000 })
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ChildReport
}

it('two processes writing the same entries never tear them', { timeout: 90_000 }, async () => {
  const rounds = 12
  const reports = await Promise.all([child(rounds), child(rounds)])
  const expected = Object.fromEntries([...bodies].map(([p, b]) => [p, sha(b)]))
  for (const report of reports) {
    expect(report.corrupt).toEqual([])
    expect(report.hashes).toEqual(expected)
    expect(report.stats.requests).toBe(rounds * Object.keys(sizes).length)
  }
  // No temp file is left behind, and every entry reads back whole offline.
  const names = await readdir(cacheDir, { recursive: true })
  expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([])
  const offline = createFetcher({ cacheDir, cache: 'offline' })
  for (const [path, body] of bodies) expect(sha((await offline.fetch(`${server.origin}${path}`)).body)).toBe(sha(body))
})
