import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { EsmapError } from '@esmap/core'
import { describe, expect, it } from 'vitest'
import { rawBuilder } from './build/raw.js'
import type { PackageBuilder } from './build/types.js'
import { stableHeaders, startTestServers } from './testing.fixture.js'

/** The raw builder, except that `fx-broken` fails as a real build error would, and every run is counted. */
function countingBuilder(): { builder: PackageBuilder; runs: string[]; maxConcurrent: () => number } {
  const runs: string[] = []
  let running = 0
  let max = 0
  const builder: PackageBuilder = async (input) => {
    runs.push(`${input.pkg.name}@${input.pkg.version}`)
    running++
    max = Math.max(max, running)
    try {
      await new Promise((resolve) => setTimeout(resolve, 30))
      if (input.pkg.name === 'fx-broken') {
        throw new EsmapError('ESMAP_BUILD_FAILED', 'Could not parse npm:fx-broken@1.0.0/index.js: Unexpected token (1:7)', { fix: 'Publish valid JavaScript.' })
      }
      return await rawBuilder(input)
    } finally {
      running--
    }
  }
  return { builder, runs, maxConcurrent: () => max }
}

const broken = { name: 'fx-broken', version: '1.0.0', files: { 'package.json': JSON.stringify({ name: 'fx-broken', version: '1.0.0', type: 'module', main: 'index.js' }), 'index.js': 'export {{\n' } }

describe('the build queue', () => {
  it('builds a package once for many concurrent requests, with one tarball download', async () => {
    const counting = countingBuilder()
    await using t = await startTestServers({ builder: counting.builder })
    const paths = ['dist/index.js', 'dist/browser.js', 'dist/features/a.js', 'dist/features/b.js', 'package.json']
    const responses = await Promise.all(Array.from({ length: 25 }, (_, i) => t.get(`/npm:fx-exports@1.0.0/${paths[i % paths.length]}`)))
    expect(responses.map((r) => r.status)).toEqual(Array(25).fill(200))
    expect(counting.runs).toEqual(['fx-exports@1.0.0'])
    expect(t.server.app.packages.builds).toBe(1)
    expect(t.fixtures.log.count('/registry/fx-exports/-/fx-exports-1.0.0.tgz')).toBe(1)
    expect(t.fixtures.log.count(/^\/registry\/fx-exports$/)).toBe(1)
  })

  it('runs at most buildConcurrency builds at once', async () => {
    const counting = countingBuilder()
    await using t = await startTestServers({ builder: counting.builder, buildConcurrency: 2 })
    const packages = ['fx-dep@1.0.0', 'fx-dep@1.2.0', 'fx-dep@2.0.0', 'fx-dep@2.1.0', 'fx-react@18.2.0', 'fx-react@18.3.1']
    const responses = await Promise.all(packages.map((p) => t.get(`/npm:${p}/package.json`)))
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(200))
    expect([counting.runs.length, counting.maxConcurrent()]).toEqual([6, 2])
  })

  it('keeps built packages in the storage: a restarted server serves them without the registry', async () => {
    await using first = await startTestServers({ builder: rawBuilder })
    await first.get('/npm:fx-dep@2.1.0/index.js')
    const stored = (await readdir(join(first.storageDir, 'npm', 'fx-dep@2.1.0'), { recursive: true })).sort()
    expect(stored).toEqual(['build.json', 'files', 'files/extra.js', 'files/index.js', 'files/package.json'])
    const manifest = JSON.parse(await readFile(join(first.storageDir, 'npm', 'fx-dep@2.1.0', 'build.json'), 'utf8'))
    expect(Object.keys(manifest.files)).toEqual(['extra.js', 'index.js', 'package.json'])
    await using second = await startTestServers({ storageDir: first.storageDir, builder: rawBuilder })
    const response = await second.get('/npm:fx-dep@2.1.0/index.js')
    expect([response.status, second.fixtures.log.count()]).toEqual([200, 0])
  })
})

describe('a slow build', () => {
  it('answers 504 (CDN) and 202 queued (/build) past requestTimeoutMs, and is served once stored', async () => {
    await using t = await startTestServers({ builder: rawBuilder, limits: { requestTimeoutMs: 200 } })
    t.fixtures.faults.add({ kind: 'latency', ms: 600, path: /\.tgz$/ })
    const late = await t.get('/npm:fx-dep@2.1.0/index.js')
    expect([late.status, late.headers.get('retry-after'), await late.json()]).toEqual([504, '5', { error: 'The package is still building after 200 ms; try again shortly' }])
    const queued = await t.get('/build/fx-dep@2.0.0')
    expect([queued.status, await queued.json()]).toEqual([202, { package: 'npm:fx-dep@2.0.0', status: 'queued', rebuilt: false }])
    await t.server.app.buildQueue.idle()
    expect([(await t.get('/npm:fx-dep@2.1.0/index.js')).status, (await t.get('/npm:fx-dep@2.0.0/index.js')).status]).toEqual([200, 200])
    expect(t.server.app.packages.builds).toBe(2)
  })
})

describe('a package that cannot be built', () => {
  const LOG = 'esmap could not build npm:fx-broken@1.0.0\nESMAP_BUILD_FAILED: Could not parse npm:fx-broken@1.0.0/index.js: Unexpected token (1:7)\n  Fix: Publish valid JavaScript.\n'

  it('gets a stable error file, served with 422 for every path and never cached', async () => {
    const counting = countingBuilder()
    await using t = await startTestServers({ builder: counting.builder }, { packages: [broken] })
    for (const path of ['index.js', '_error.log', 'package.json', 'index.js']) {
      const response = await t.get(`/npm:fx-broken@1.0.0/${path}`)
      expect([response.status, stableHeaders(response), await response.text()]).toEqual([
        422,
        { 'access-control-allow-origin': '*', 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8', 'content-length': String(LOG.length) },
        LOG,
      ])
    }
    expect(counting.runs).toEqual(['fx-broken@1.0.0'])
    expect(await readdir(join(t.storageDir, 'npm', 'fx-broken@1.0.0'))).toEqual(['error.json'])
    // The range redirect still works: the error is about the version, not the name.
    expect((await t.get('/npm:fx-broken@1/index.js')).headers.get('location')).toBe('/npm:fx-broken@1.0.0/index.js')
  })

  it('refuses a package whose modules import file: URLs (whatever the builder)', async () => {
    const evil = { name: 'fx-local-import', version: '1.0.0', files: { 'package.json': JSON.stringify({ name: 'fx-local-import', version: '1.0.0', type: 'module', main: 'index.js' }), 'index.js': "import 'file:///etc/passwd'\n" } }
    await using t = await startTestServers({}, { packages: [evil] })
    const response = await t.get('/npm:fx-local-import@1.0.0/index.js')
    expect([response.status, (await response.text()).split('\n').slice(0, 2)]).toEqual([
      422,
      ['esmap could not build npm:fx-local-import@1.0.0', 'ESMAP_BUILD_LOCAL_IMPORT: npm:fx-local-import@1.0.0 imports a file: URL (index.js: file:///etc/passwd), which this server refuses to serve'],
    ])
  })

  it('is not stored when the registry fails: a later request builds it', async () => {
    await using t = await startTestServers()
    const fault = t.fixtures.faults.add({ kind: 'status', status: 500, path: /\.tgz$/ })
    const failed = await t.get('/npm:fx-dep@2.1.0/index.js')
    expect([failed.status, failed.headers.get('cache-control')]).toEqual([502, 'no-store'])
    expect((await failed.json()).error).toMatch(/^The registry could not be read: Fetching http:\/\/127\.0\.0\.1:\d+\/registry\/fx-dep\/-\/fx-dep-2\.1\.0\.tgz failed after 5 attempts: HTTP 500 Internal Server Error\./)
    expect(await readdir(t.storageDir)).toEqual(['.tmp'])
    fault.remove()
    expect((await t.get('/npm:fx-dep@2.1.0/index.js')).status).toBe(200)
  }, 20_000)
})

describe('GET /build/<name>@<version>', () => {
  it('builds an exact version and answers { package, status, rebuilt }', async () => {
    await using t = await startTestServers()
    const response = await t.get('/build/fx-dep@2.1.0')
    expect([response.status, stableHeaders(response), await response.json()]).toEqual([
      200,
      { 'access-control-allow-origin': '*', 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8', 'content-length': '63' },
      { package: 'npm:fx-dep@2.1.0', status: 'built', rebuilt: false },
    ])
    expect(await (await t.get('/build/@fx/scoped@1.0.0')).json()).toEqual({ package: 'npm:@fx/scoped@1.0.0', status: 'built', rebuilt: false })
    expect(t.server.app.packages.builds).toBe(2)
  })

  it.each([
    ['/build/fx-dep@^2', 400, 'Give an exact version to build: /build/fx-dep@<version> such as /build/fx-dep@1.0.0 (ranges, tags and file paths are not built)'],
    ['/build/fx-dep', 400, 'Give an exact version to build: /build/fx-dep@<version> such as /build/fx-dep@1.0.0 (ranges, tags and file paths are not built)'],
    ['/build/fx-dep@2.1.0/index.js', 400, 'Give an exact version to build: /build/fx-dep@<version> such as /build/fx-dep@1.0.0 (ranges, tags and file paths are not built)'],
    ['/build/fx-dep@9.9.9', 404, 'npm:fx-dep@9.9.9 is not published on the registry'],
    ['/build/..%2f..@1.0.0', 400, 'Invalid build request "..%2f..@1.0.0": the path segment "..%2f..@1.0.0" is not allowed (bad percent-encoding, or an encoded "/", "\\" or control character)'],
    ['/build/fx-dep@2.1.0?token=anything', 403, 'Rebuilds are disabled on this server: it has no rebuild token configured'],
  ])('%s → %i { error }', async (path, status, error) => {
    await using t = await startTestServers()
    const response = await t.get(path)
    expect([response.status, await response.json()]).toEqual([status, { error }])
  })

  it('answers a version that cannot be built with its error (422)', async () => {
    const counting = countingBuilder()
    await using t = await startTestServers({ builder: counting.builder }, { packages: [broken] })
    const response = await t.get('/build/fx-broken@1.0.0')
    expect([response.status, await response.json()]).toEqual([422, { error: 'esmap could not build npm:fx-broken@1.0.0\nESMAP_BUILD_FAILED: Could not parse npm:fx-broken@1.0.0/index.js: Unexpected token (1:7)\n  Fix: Publish valid JavaScript.' }])
  })

  it('with a valid token, clears the stored output and builds again; a wrong token is refused and never logged', async () => {
    const counting = countingBuilder()
    const lines: string[] = []
    await using t = await startTestServers({ builder: counting.builder, token: 'rebuild-s3cret', log: (type, message) => lines.push(`${type} ${message}`) }, { packages: [broken] })
    expect((await t.get('/npm:fx-broken@1.0.0/index.js')).status).toBe(422)
    const wrong = await t.get('/build/fx-broken@1.0.0?token=guess')
    expect([wrong.status, await wrong.json()]).toEqual([403, { error: 'Invalid rebuild token' }])
    const bearerWrong = await t.get('/build/fx-broken@1.0.0', { headers: { authorization: 'Bearer rebuild-s3cre' } })
    expect(bearerWrong.status).toBe(403)
    expect(counting.runs).toEqual(['fx-broken@1.0.0'])
    // The package is fixed by an override of the builder: a rebuild now succeeds.
    counting.runs.length = 0
    const rebuilt = await t.get('/build/fx-dep@2.1.0?token=rebuild-s3cret')
    expect([rebuilt.status, await rebuilt.json()]).toEqual([200, { package: 'npm:fx-dep@2.1.0', status: 'built', rebuilt: true }])
    const again = await t.get('/build/fx-dep@2.1.0', { headers: { authorization: 'Bearer rebuild-s3cret' } })
    expect(await again.json()).toEqual({ package: 'npm:fx-dep@2.1.0', status: 'built', rebuilt: true })
    expect(counting.runs).toEqual(['fx-dep@2.1.0', 'fx-dep@2.1.0'])
    expect(t.fixtures.log.count('/registry/fx-dep/-/fx-dep-2.1.0.tgz')).toBe(1)
    expect(lines.filter((l) => l.startsWith('http ')).map((l) => l.replace(/ \d+ms$/, ''))).toEqual([
      'http GET /npm:fx-broken@1.0.0/index.js 422',
      'http GET /build/fx-broken@1.0.0 403',
      'http GET /build/fx-broken@1.0.0 403',
      'http GET /build/fx-dep@2.1.0 200',
      'http GET /build/fx-dep@2.1.0 200',
    ])
    expect(lines.join('\n')).not.toMatch(/s3cret|guess/)
  })

  it('a rebuild clears a stored error: the version is built again from the registry', async () => {
    let fail = true
    const builder: PackageBuilder = async (input) => {
      if (fail) throw new EsmapError('ESMAP_BUILD_FAILED', 'temporary builder bug')
      return rawBuilder(input)
    }
    await using t = await startTestServers({ builder, token: 'tok' })
    expect((await t.get('/npm:fx-dep@2.1.0/index.js')).status).toBe(422)
    fail = false
    expect((await t.get('/npm:fx-dep@2.1.0/index.js')).status).toBe(422)
    expect(await (await t.get('/build/fx-dep@2.1.0?token=tok')).json()).toEqual({ package: 'npm:fx-dep@2.1.0', status: 'built', rebuilt: true })
    expect((await t.get('/npm:fx-dep@2.1.0/index.js')).status).toBe(200)
    expect(await readdir(join(t.storageDir, 'npm', 'fx-dep@2.1.0'))).toEqual(['build.json', 'files'])
  })
})
