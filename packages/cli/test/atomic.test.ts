import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import { collect, esmap, files, fixtureFlags, project, read, spawnEsmap } from './run.js'

let server: FixtureServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const old = '{\n  "imports": {\n    "app": "./app.js"\n  }\n}\n'
const oldPage = '<!doctype html>\n<html>\n  <head>\n    <title>old</title>\n  </head>\n  <body></body>\n</html>\n'

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

describe('an interrupted run never leaves a half-written file', () => {
  it.each([
    ['SIGKILL', 'importmap.json', old],
    ['SIGTERM', 'importmap.json', old],
    ['SIGINT', 'importmap.json', old],
    ['SIGKILL', 'index.html', oldPage],
  ] as const)('%s while a tarball is still downloading: %s is intact, no temp file is left', async (signal, file, content) => {
    server = await startFixtureServer()
    // Tarballs arrive 16 bytes every 50 ms, so the run is mid-download for seconds.
    server.faults.add({ kind: 'drip', intervalMs: 50, chunkBytes: 16, path: /\.tgz$/ })
    const dir = await project({ [file]: content })
    const child = spawnEsmap(['install', 'fx-exports', '-m', file, '-o', file, ...fixtureFlags(server)], { cwd: dir })
    const done = collect(child)
    await until(() => server!.log.entries.some((e) => e.path.endsWith('.tgz') && e.durationMs === -1), 'a tarball download')
    child.kill(signal)
    const r = await done
    expect(r.signal).toBe(signal)
    expect(await read(dir, file)).toBe(content)
    expect(await files(dir)).toEqual([file])
  })

  it('killed at any moment, the map is the old one or the whole new one; a temp file a kill leaves behind is removed by the next run', async () => {
    server = await startFixtureServer()
    const dir = await project({ 'importmap.json': old })
    // The complete result, from a copy of the project; it also warms the cache, so runs are short.
    const reference = await project({ 'importmap.json': old })
    const args = ['install', 'fx-dep@1', '-p', 'jsdelivr', '--registry', server.urls.registry, '--cdn-url', `${server.urls.jsdelivr}npm/`, '--cache-dir', `${reference}/.cache`]
    expect((await esmap(args, { cwd: reference })).code).toBe(0)
    const complete = await read(reference, 'importmap.json')
    const seen = new Set<string>()
    const killed = new Set<number>()
    // Kill after 0, 40, 80 ... ms, at least up to 600 ms and on until a run has finished (slow machines).
    for (let delay = 0; (delay <= 600 || !seen.has('new')) && delay <= 8000; delay += delay < 600 ? 40 : 400) {
      const child = spawnEsmap(args, { cwd: dir })
      const done = collect(child)
      setTimeout(() => child.kill('SIGKILL'), delay)
      const r = await done
      expect(r.code === 0 || r.signal === 'SIGKILL').toBe(true)
      const now = await read(dir, 'importmap.json')
      expect([old, complete]).toContain(now)
      // A kill between writing the temp file and renaming it can leave that temp file (nothing
      // survives SIGKILL), never a changed map; the next run removes it.
      killed.add(child.pid!)
      const left = (await files(dir)).filter((f) => f !== 'importmap.json')
      for (const f of left) expect(killed.has(Number(/^\.importmap\.json\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(f)?.[1]))).toBe(true)
      if (left.some((f) => f.startsWith(`.importmap.json.${child.pid}.`))) expect(now).toBe(old)
      seen.add(now === old ? 'old' : 'new')
      // Start each run from the old map again.
      if (now !== old) await writeFile(join(dir, 'importmap.json'), old)
    }
    // The next run sweeps temp files of killed runs.
    expect((await esmap(args, { cwd: dir })).code).toBe(0)
    expect(await files(dir)).toEqual(['importmap.json'])
    // Some runs were killed before the write; the last ones finished.
    expect(seen).toEqual(new Set(['old', 'new']))
  })
})
