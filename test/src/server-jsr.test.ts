import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixturesDir } from './paths.js'
import { startFixtureServer } from './server.js'
import type { FixtureServer } from './server.js'

let server: FixtureServer
beforeAll(async () => {
  server = await startFixtureServer()
})
afterAll(() => server.close())

const TS = 'application/typescript; charset=utf-8'
const IMMUTABLE = 'public, max-age=31536000, immutable'

async function get(url: string): Promise<{ status: number; type: string | null; cache: string | null; cors: string | null; location: string | null; text: string }> {
  const res = await fetch(url, { redirect: 'manual' })
  const h = res.headers
  return { status: res.status, type: h.get('content-type'), cache: h.get('cache-control'), cors: h.get('access-control-allow-origin'), location: h.get('location'), text: await res.text() }
}

describe('JSR registry API', () => {
  it('/@scope/name/meta.json lists versions newest first, yanked marked, latest skipping yanked and prereleases', async () => {
    const res = await get(`${server.urls.jsr}@fxjsr/util/meta.json`)
    expect([res.status, res.type, res.cache, res.cors]).toEqual([200, 'application/json; charset=utf-8', 'public, max-age=60', '*'])
    expect(JSON.parse(res.text)).toEqual({
      scope: 'fxjsr',
      name: 'util',
      latest: '1.1.0',
      versions: { '1.2.0-rc.1': {}, '1.1.0': {}, '1.0.0': {}, '0.9.0': { yanked: true } },
    })
    expect(Object.keys((JSON.parse(res.text) as { versions: object }).versions)).toEqual(['1.2.0-rc.1', '1.1.0', '1.0.0', '0.9.0'])
  })

  it('/@scope/name/VERSION_meta.json has a sha256 manifest of every file and normalised exports', async () => {
    const dir = join(fixturesDir, 'jsr', '@fxjsr', 'util', '1.1.0')
    const manifest = Object.fromEntries(
      readdirSync(dir)
        .sort()
        .map((f) => {
          const bytes = readFileSync(join(dir, f))
          return [`/${f}`, { size: bytes.length, checksum: `sha256-${createHash('sha256').update(bytes).digest('hex')}` }]
        }),
    )
    const res = await get(`${server.urls.jsr}@fxjsr/util/1.1.0_meta.json`)
    expect([res.status, res.cache]).toEqual([200, IMMUTABLE])
    expect(JSON.parse(res.text)).toEqual({ manifest, exports: { '.': './mod.ts', './strings': './strings.ts' } })
    expect(Object.keys(manifest)).toEqual(['/jsr.json', '/mod.ts', '/strings.ts'])
  })

  it('normalises a string exports to { ".": ... }', async () => {
    const res = await get(`${server.urls.jsr}@fxjsr/base/1.0.0_meta.json`)
    expect((JSON.parse(res.text) as { exports: unknown }).exports).toEqual({ '.': './mod.ts' })
  })

  it.each([
    ['@fxjsr/util/1.1.0/mod.ts', 'util/1.1.0/mod.ts'],
    ['@fxjsr/util/1.0.0/strings.ts', 'util/1.0.0/strings.ts'],
    ['@fxjsr/base/1.0.0/mod.ts', 'base/1.0.0/mod.ts'],
  ])('serves the module %s as TypeScript, immutable', async (path, file) => {
    const res = await get(`${server.urls.jsr}${path}`)
    expect(res).toEqual({ status: 200, type: TS, cache: IMMUTABLE, cors: '*', location: null, text: readFileSync(join(fixturesDir, 'jsr', '@fxjsr', file), 'utf8') })
  })

  it.each([
    ['@fxjsr/nope/meta.json', 'Not found: JSR package @fxjsr/nope'],
    ['@fxjsr/util/9.9.9_meta.json', 'Not found: @fxjsr/util@9.9.9'],
    ['@fxjsr/util/1.1.0/missing.ts', 'Not found: @fxjsr/util@1.1.0/missing.ts'],
    ['@fxjsr/util/9.9.9/mod.ts', 'Not found: @fxjsr/util@9.9.9/mod.ts'],
  ])('404 for %s', async (path, text) => {
    const res = await get(`${server.urls.jsr}${path}`)
    expect([res.status, res.text]).toEqual([404, text])
  })
})

describe('deno.land/x and apiland', () => {
  it('serves /x/name@version/path as TypeScript', async () => {
    const res = await get(`${server.urls.deno}x/fx_deno@v1.0.0/mod.ts`)
    expect(res).toEqual({
      status: 200,
      type: TS,
      cache: IMMUTABLE,
      cors: '*',
      location: null,
      text: readFileSync(join(fixturesDir, 'deno', 'fx_deno', 'v1.0.0', 'mod.ts'), 'utf8'),
    })
  })

  it('redirects a versionless URL to the latest version', async () => {
    const res = await get(`${server.urls.deno}x/fx_deno/mod.ts`)
    expect([res.status, res.location]).toEqual([302, `${server.urls.deno}x/fx_deno@v1.1.0/mod.ts`])
  })

  it('lists versions in apiland form', async () => {
    const res = await get(`${server.urls.apiland}v2/modules/fx_deno`)
    expect(JSON.parse(res.text)).toEqual({ name: 'fx_deno', description: 'a deno.land/x fixture module', versions: ['v1.1.0', 'v1.0.0'], latest_version: 'v1.1.0' })
    const missing = await get(`${server.urls.apiland}v2/modules/nope`)
    expect([missing.status, JSON.parse(missing.text)]).toEqual([404, { error: 'Not found' }])
  })
})
