import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import { esmap, fixtureFlags, project, readJson } from './run.js'

let server: FixtureServer
beforeAll(async () => {
  server = await startFixtureServer()
})
afterAll(() => server.close())

const cacheFlags = (s: FixtureServer): string[] => fixtureFlags(s)

describe('providers: -p, --cdn-url, --registry', () => {
  it.each([
    ['jsdelivr', (s: FixtureServer) => `${s.urls.jsdelivr}npm/fx-dep@2.1.0/index.js`],
    ['unpkg', (s: FixtureServer) => `${s.urls.unpkg}fx-dep@2.1.0/index.js`],
    ['jspm.io', (s: FixtureServer) => `${s.urls.jspm}npm:fx-dep@2.1.0/index.js`],
  ] as const)('-p %s with its --cdn-url', async (provider, url) => {
    const dir = await project()
    const r = await esmap(['install', 'fx-dep', '--stdout', ...fixtureFlags(server, provider)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ imports: { 'fx-dep': url(server) } })
  })

  it('--cdn-url provider=url names the provider; -p auto sends CommonJS to the converting one', async () => {
    const dir = await project()
    const r = await esmap(
      ['install', 'fx-dep', 'fx-cjs', '--stdout', '-p', 'auto', '--registry', server.urls.registry, '--cdn-url', `jsdelivr=${server.urls.jsdelivr}npm/`, '--cdn-url', `jspm.io=${server.urls.jspm}`, '--cache-dir', '.cache'],
      { cwd: dir },
    )
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({
      imports: { 'fx-dep': `${server.urls.jsdelivr}npm/fx-dep@2.1.0/index.js`, 'fx-cjs': `${server.urls.jspm}npm:fx-cjs@1.0.0/index.js` },
      scopes: { [server.origin + '/']: { 'fx-cjs-util': `${server.urls.jspm}npm:fx-cjs-util@1.0.0/index.js` } },
    })
  })

  it('--registry is where versions come from', async () => {
    const dir = await project()
    const r = await esmap(['install', 'fx-dep', '-p', 'jsdelivr', '--registry', `${server.origin}/elsewhere/`, '--cdn-url', `${server.urls.jsdelivr}npm/`, '--cache-dir', '.cache'], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('error ESMAP_PACKAGE_NOT_FOUND: Package npm:fx-dep was not found (imported by the project)\n  Fix: check the spelling of "fx-dep", or map it to another package or a folder with resolutions\n')
    expect(server.log.count('/elsewhere/fx-dep')).toBeGreaterThan(0)
  })
})

describe('cache: --cache-dir, --offline', () => {
  it('--cache-dir holds the cache; a second project with the same cache fetches no tarball again', async () => {
    const cache = await project()
    const a = await project()
    const b = await project()
    const flags = ['install', 'fx-dep@1', '-p', 'jsdelivr', '--registry', server.urls.registry, '--cdn-url', `${server.urls.jsdelivr}npm/`, '--cache-dir', cache]
    expect((await esmap(flags, { cwd: a })).code).toBe(0)
    expect(await readdir(cache)).toEqual(['fetch-v1'])
    const tarballs = server.log.count('/registry/fx-dep/-/fx-dep-1.2.0.tgz')
    expect((await esmap(flags, { cwd: b })).code).toBe(0)
    expect(server.log.count('/registry/fx-dep/-/fx-dep-1.2.0.tgz')).toBe(tarballs)
    expect(await readJson(b, 'importmap.json')).toEqual(await readJson(a, 'importmap.json'))
  })

  it('--offline answers from the cache with the servers gone', async () => {
    const own = await startFixtureServer()
    const dir = await project()
    expect((await esmap(['install', 'fx-dep@1', '@fx/scoped', ...cacheFlags(own)], { cwd: dir })).code).toBe(0)
    const online = await readJson(dir, 'importmap.json')
    await own.close()
    const r = await esmap(['install', '--offline', '-o', 'offline.json', ...cacheFlags(own)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(await readJson(dir, 'offline.json')).toEqual(online)
  })

  it('--offline with an empty cache fails, naming the URL and the fix', async () => {
    const dir = await project()
    const r = await esmap(['install', 'fx-dep', '--offline', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      `error ESMAP_OFFLINE_MISS: ${server.urls.registry}fx-dep is not in the cache at ${join(dir, '.cache', 'fetch-v1')}, and cache is 'offline', so the network was not used.\n  Fix: Run once online with the same options (cache: true, same cacheDir) to fill the cache, then run offline again.\n`,
    )
    expect(await readdir(dir)).toEqual([])
  })
})
