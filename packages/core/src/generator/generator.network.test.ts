import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startFixtureServer } from '@esmap/test-fixtures'
import { Generator } from './generator.js'
import type { Install } from './roots.js'
import { useFixture } from './__tests__/fixture.js'

/** What goes over the network: one packument and one tarball per package, none offline, and maps that do not depend on timing. */

const dependent = (name: string, range: string) => ({
  name,
  version: '1.0.0',
  files: { 'package.json': JSON.stringify({ name, version: '1.0.0', type: 'module', main: 'index.js', dependencies: { 'fx-dep': range } }), 'index.js': "import 'fx-dep'\n" },
})
const fx = useFixture({ packages: [dependent('fx-caret', '^1.0.0'), dependent('fx-tilde', '~1.0.0')] })

describe('Generator requests', () => {
  it('jsdelivr is registry-first: one packument and one tarball per package, nothing from the CDN, nothing again on the next call', async () => {
    const g = fx.generator()
    fx.server.log.reset()
    await g.install(['@fx/scoped', 'fx-uses-dep2'])
    expect(fx.server.log.paths().sort()).toEqual([
      '/registry/@fx%2fscoped',
      '/registry/@fx/scoped/-/scoped-1.1.0.tgz',
      '/registry/fx-dep',
      '/registry/fx-dep/-/fx-dep-2.1.0.tgz',
      '/registry/fx-uses-dep2',
      '/registry/fx-uses-dep2/-/fx-uses-dep2-1.0.0.tgz',
    ])
    expect(fx.server.log.count({ service: 'jsdelivr' })).toBe(0)
    fx.server.log.reset()
    await g.install('@fx/scoped/utils')
    await g.update()
    expect(fx.server.log.paths()).toEqual([])
  })

  it('the same map whichever answer arrives first: decisions are taken level by level in name order', async () => {
    const maps: string[] = []
    // jspm.io serves each module on its own request, so a slow module is read after the other one.
    for (const slow of ['fx-caret', 'fx-tilde']) {
      const fault = fx.server.faults.add({ kind: 'latency', ms: 150, path: `/jspm/npm:${slow}@1.0.0/index.js` })
      const g = fx.generator({ flattenScopes: false, defaultProvider: 'jspm.io' })
      await g.install(['fx-caret', 'fx-tilde'])
      expect(fault.applied).toBe(1)
      fault.remove()
      maps.push(JSON.stringify(g.getMap()))
    }
    // npm's order: fx-caret (^1.0.0) takes 1.2.0 first; fx-tilde (~1.0.0) then needs its own 1.0.0.
    const jspm = (id: string, file = 'index.js'): string => `${fx.server.urls.jspm}npm:${id}/${file}`
    expect(maps).toEqual([maps[0], maps[0]])
    expect(JSON.parse(maps[0]!)).toEqual({
      imports: { 'fx-caret': jspm('fx-caret@1.0.0'), 'fx-tilde': jspm('fx-tilde@1.0.0') },
      scopes: { [jspm('fx-caret@1.0.0', '')]: { 'fx-dep': jspm('fx-dep@1.2.0') }, [jspm('fx-tilde@1.0.0', '')]: { 'fx-dep': jspm('fx-dep@1.0.0') } },
    })
  })
})

describe('Generator warm runs', () => {
  const installs = ['fx-uses-dep1', 'fx-uses-dep2', '@fx/scoped', 'fx-dynamic']
  const packages = 5 // fx-uses-dep1, fx-uses-dep2, @fx/scoped, fx-dynamic, fx-dep (two versions, one packument)

  it('trace from cached analyses: no tarball is read, and the map and its integrity are the same', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'esmap-gen-warm-'))
    try {
      const cold = fx.generator({ cache: true, cacheDir, integrity: true })
      await cold.install(installs)
      const map = cold.getMap()
      expect(Object.keys(map.integrity ?? {}).length).toBeGreaterThan(5)
      fx.server.log.reset()
      const warm = fx.generator({ cache: true, cacheDir, integrity: true })
      await warm.install(installs)
      expect(warm.getMap()).toEqual(map)
      // Nothing over the network, and from the cache only the compact packuments: no tarball.
      expect([fx.server.log.count(), warm.stats().requests, warm.stats().cacheHits]).toEqual([0, 0, packages])
    } finally {
      await rm(cacheDir, { recursive: true, force: true })
    }
  })

  it('integrity asked for after a run without it is computed once, then cached too', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'esmap-gen-warm-'))
    try {
      await fx.generator({ cache: true, cacheDir }).install(installs)
      const second = fx.generator({ cache: true, cacheDir, integrity: true })
      await second.install(installs)
      expect(second.stats().cacheHits).toBeGreaterThan(packages) // tarballs read again, for the hashes
      const third = fx.generator({ cache: true, cacheDir, integrity: true })
      await third.install(installs)
      expect(third.getMap()).toEqual(second.getMap())
      expect(third.stats().cacheHits).toBe(packages)
    } finally {
      await rm(cacheDir, { recursive: true, force: true })
    }
  })
})

describe('Generator offline', () => {
  const cases: { name: string; provider: string; install: Install[] }[] = [
    { name: 'jsdelivr and JSR (registry-first)', provider: 'jsdelivr', install: ['fx-uses-dep1', 'fx-uses-dep2', '@fx/scoped', 'fx-dynamic', 'jsr:@fxjsr/util'] },
    { name: 'jspm.io (converting)', provider: 'jspm.io', install: ['fx-cjs', 'fx-uses-dep2'] },
  ]
  for (const c of cases) {
    it(`${c.name}: after a warm run with cache: true, cache: 'offline' gives the same map byte for byte with the server closed`, async () => {
      const cacheDir = await mkdtemp(join(tmpdir(), 'esmap-gen-cache-'))
      const server = await startFixtureServer()
      try {
        const options = {
          mapUrl: 'https://app.example/',
          defaultProvider: c.provider,
          registry: server.urls.registry,
          providerConfig: { jsdelivr: { cdnUrl: `${server.urls.jsdelivr}npm/` }, 'jspm.io': { cdnUrl: server.urls.jspm }, jsr: { cdnUrl: server.urls.jsr } },
          integrity: true,
          cacheDir,
        }
        const warm = new Generator({ ...options, cache: true })
        await warm.install(c.install)
        const map = JSON.stringify(warm.getMap())
        await server.close()
        const offline = new Generator({ ...options, cache: 'offline' })
        await offline.install(c.install)
        expect(JSON.stringify(offline.getMap())).toBe(map)
        expect(offline.stats().requests).toBe(0)
      } finally {
        await server.close()
        await rm(cacheDir, { recursive: true, force: true })
      }
    })
  }

  it('clearCache empties the disk cache: offline then misses', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'esmap-gen-cache-'))
    try {
      const warm = fx.generator({ cache: true, cacheDir })
      await warm.install('fx-dep')
      const offline = fx.generator({ cache: 'offline', cacheDir })
      await offline.install('fx-dep')
      expect(offline.getMap()).toEqual(warm.getMap())
      await warm.clearCache()
      await expect(fx.generator({ cache: 'offline', cacheDir }).install('fx-dep')).rejects.toMatchObject({ code: 'ESMAP_OFFLINE_MISS' })
    } finally {
      await rm(cacheDir, { recursive: true, force: true })
    }
  })

  it('offline without a warm cache names what is missing', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'esmap-gen-cache-'))
    try {
      const g = fx.generator({ cache: 'offline', cacheDir })
      await expect(g.install('fx-dep')).rejects.toMatchObject({ code: 'ESMAP_OFFLINE_MISS' })
    } finally {
      await rm(cacheDir, { recursive: true, force: true })
    }
  })
})
