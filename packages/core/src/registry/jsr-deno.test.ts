import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { EsmapError } from '../errors.js'
import { serve, send, type Loopback } from '../fetch/__tests__/loopback.js'
import { createFetcher } from '../fetch/fetcher.js'
import type { FetcherOptions } from '../fetch/types.js'
import type { ExactPackage } from '../types.js'
import { proxy, type Proxy } from './__tests__/proxy.js'
import { createDenoClient, denoVersion } from './deno.js'
import { createJsrClient, jsrToNpmName, npmToJsrName } from './jsr.js'
import { resolveNpmConfig } from './npmrc.js'
import { createRegistrySource } from './source.js'

let server: FixtureServer
let cacheDir = ''
let closeAfter: (Loopback | Proxy)[] = []
beforeAll(async () => {
  server = await startFixtureServer()
})
afterAll(() => server.close())
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'esmap-jsr-'))
  server.log.reset()
})
afterEach(async () => {
  await Promise.all(closeAfter.map((s) => s.close()))
  closeAfter = []
  await rm(cacheDir, { recursive: true, force: true })
})

const fetcher = (options: FetcherOptions = {}): ReturnType<typeof createFetcher> => createFetcher({ cacheDir, retryDelay: 1, ...options })
const text = (bytes: Uint8Array | undefined): string | undefined => bytes && new TextDecoder().decode(bytes)
const fixtureText = (registry: 'jsr' | 'deno', name: string, version: string, path: string): string | undefined =>
  text(server.store.get(registry, name)?.versions.get(version)?.get(path))
const jsr = (name: string, version: string): ExactPackage => ({ registry: 'jsr', name, version })

async function rejection(promise: Promise<unknown>): Promise<EsmapError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof EsmapError) return err
    throw err
  }
  throw new Error('expected a rejection')
}

describe('JSR names', () => {
  it.each([
    ['@luca/flag', '@jsr/luca__flag'],
    ['@std/path', '@jsr/std__path'],
    ['@a-b/c-d', '@jsr/a-b__c-d'],
    ['flag', undefined],
    ['@luca/flag/extra', undefined],
  ])('jsrToNpmName(%s) → %s', (name, expected) => expect(jsrToNpmName(name)).toBe(expected))

  it.each([
    ['@jsr/luca__flag', '@luca/flag'],
    ['@jsr/a-b__c-d', '@a-b/c-d'],
    ['@jsr/nounderscores', undefined],
    ['@other/luca__flag', undefined],
  ])('npmToJsrName(%s) → %s', (name, expected) => expect(npmToJsrName(name)).toBe(expected))
})

describe('JSR client', () => {
  const client = (options: FetcherOptions = {}): ReturnType<typeof createJsrClient> => createJsrClient({ fetcher: fetcher(options), baseUrl: server.urls.jsr })

  it.each([
    ['@fxjsr/util', { versions: ['1.2.0-rc.1', '1.1.0', '1.0.0', '0.9.0'], tags: { latest: '1.1.0' }, yanked: ['0.9.0'] }],
    ['@fxjsr/base', { versions: ['1.0.0'], tags: { latest: '1.0.0' }, yanked: [] }],
    ['@fxjsr/none', undefined],
    ['not-scoped', undefined],
  ])('versions(jsr, %s)', async (name, expected) => expect(await client().versions('jsr', name)).toEqual(expected))

  it.each([
    [jsr('@fxjsr/util', '1.1.0'), { name: '@fxjsr/util', version: '1.1.0', type: 'module', exports: { '.': './mod.ts', './strings': './strings.ts' } }],
    [jsr('@fxjsr/base', '1.0.0'), { name: '@fxjsr/base', version: '1.0.0', type: 'module', exports: { '.': './mod.ts' } }],
    [jsr('@fxjsr/base', '9.0.0'), undefined],
  ])('packageJson(%j) exposes the normalised exports', async (pkg, expected) => expect(await client().packageJson(pkg)).toEqual(expected))

  it('lists and reads module files, checked against the manifest', async () => {
    const c = client()
    const pkg = jsr('@fxjsr/util', '1.1.0')
    expect(await c.fileList(pkg)).toEqual(['jsr.json', 'mod.ts', 'strings.ts'])
    expect(text(await c.file(pkg, 'mod.ts'))).toBe(fixtureText('jsr', '@fxjsr/util', '1.1.0', 'mod.ts'))
    expect(await c.file(pkg, 'missing.ts')).toBeUndefined()
    const all = await c.files(pkg)
    expect([...(all?.keys() ?? [])]).toEqual(['jsr.json', 'mod.ts', 'strings.ts'])
    expect(c.moduleUrl(pkg, './mod.ts')).toBe(`${server.urls.jsr}@fxjsr/util/1.1.0/mod.ts`)
    expect(server.log.paths()).toEqual([
      '/jsr/@fxjsr/util/1.1.0_meta.json',
      '/jsr/@fxjsr/util/1.1.0/mod.ts',
      '/jsr/@fxjsr/util/1.1.0/jsr.json',
      '/jsr/@fxjsr/util/1.1.0/strings.ts',
    ])
  })

  it('rejects a module whose bytes differ from the manifest checksum', async () => {
    const p = await proxy(server.origin, { rewrite: ({ path, body }) => (path.endsWith('/mod.ts') ? Buffer.concat([body, Buffer.from('\n// injected')]) : body) })
    closeAfter.push(p)
    const c = createJsrClient({ fetcher: fetcher(), baseUrl: `${p.origin}/jsr/` })
    const err = await rejection(c.file(jsr('@fxjsr/base', '1.0.0'), 'mod.ts'))
    expect(err.code).toBe('ESMAP_INTEGRITY_MISMATCH')
    expect(err.specifier).toBe('jsr:@fxjsr/base@1.0.0/mod.ts')
    expect(err.message).toMatch(new RegExp(`^${p.origin}/jsr/@fxjsr/base/1\\.0\\.0/mod\\.ts of jsr:@fxjsr/base@1\\.0\\.0 does not match the checksum in its version metadata: expected sha256-[0-9a-f]{64}, got sha256-[0-9a-f]{64}\\.`))
  })

  it('works offline after a warm run', async () => {
    const pkg = jsr('@fxjsr/util', '1.0.0')
    const read = async (c: ReturnType<typeof createJsrClient>): Promise<unknown> => [await c.versions('jsr', pkg.name), await c.packageJson(pkg), text(await c.file(pkg, 'strings.ts'))]
    const warm = await read(client())
    server.log.reset()
    expect(await read(client({ cache: 'offline', now: () => Date.now() + 10 ** 10 }))).toEqual(warm)
    expect(server.log.count()).toBe(0)
  })
})

describe('deno.land client', () => {
  const client = (options: FetcherOptions = {}, cdnUrl?: string): ReturnType<typeof createDenoClient> =>
    createDenoClient({ fetcher: fetcher(options), baseUrl: server.urls.deno, apiUrl: server.urls.apiland, cdnUrl })

  it.each([
    ['v1.2.3', '1.2.3'],
    ['1.2.3', '1.2.3'],
    ['v1.2.3-beta.1', '1.2.3-beta.1'],
    ['0.224.0', '0.224.0'],
    ['version-1', 'version-1'],
  ])('denoVersion(%s) → %s', (tag, expected) => expect(denoVersion(tag)).toBe(expected))

  it('lists versions from apiland, without the v prefix', async () => {
    expect(await client().versions('denoland', 'fx_deno')).toEqual({ versions: ['1.1.0', '1.0.0'], tags: { latest: '1.1.0' } })
    expect(await client().versions('deno', 'no_such_module')).toBeUndefined()
    expect(server.log.paths()).toEqual(['/apiland/v2/modules/fx_deno', '/apiland/v2/modules/no_such_module'])
  })

  it('reads files from deno.land/x with the published tag', async () => {
    const c = client()
    const pkg: ExactPackage = { registry: 'denoland', name: 'fx_deno', version: '1.0.0' }
    expect(await c.moduleUrl(pkg, 'mod.ts')).toBe(`${server.urls.deno}x/fx_deno@v1.0.0/mod.ts`)
    expect(text(await c.file(pkg, './mod.ts'))).toBe(fixtureText('deno', 'fx_deno', 'v1.0.0', 'mod.ts'))
    expect(await c.file(pkg, 'nope.ts')).toBeUndefined()
    expect(await c.packageJson(pkg)).toEqual({ name: 'fx_deno', version: '1.0.0' })
    expect(await c.packageJson({ ...pkg, version: '3.0.0' })).toBeUndefined()
  })

  it('maps deno:std to /std@<version>/', async () => {
    const api = await serve((req, res) => send(res, req.url === '/v2/modules/std' ? 200 : 404, JSON.stringify({ name: 'std', versions: ['0.224.0', '0.223.0'], latest_version: '0.224.0' })))
    closeAfter.push(api)
    const c = createDenoClient({ fetcher: fetcher(), apiUrl: `${api.origin}/`, baseUrl: 'https://deno.test/' })
    expect(await c.versions('deno', 'std')).toEqual({ versions: ['0.224.0', '0.223.0'], tags: { latest: '0.224.0' } })
    expect(await c.moduleUrl({ registry: 'deno', name: 'std', version: '0.224.0' }, 'path/mod.ts')).toBe('https://deno.test/std@0.224.0/path/mod.ts')
    expect(await c.moduleUrl({ registry: 'denoland', name: 'std', version: '0.224.0' }, 'path/mod.ts')).toBe('https://deno.test/x/std@0.224.0/path/mod.ts')
  })

  it('lists files through the CDN directory listing', async () => {
    const listing = { uploaded_at: '2024-01-01T00:00:00Z', directory_listing: [{ path: '', type: 'dir', size: 10 }, { path: '/mod.ts', type: 'file', size: 5 }, { path: '/lib', type: 'dir', size: 5 }, { path: '/lib/a.ts', type: 'file', size: 5 }] }
    const cdn = await serve((req, res) => send(res, req.url === '/fx_deno/versions/v1.1.0/meta/meta.json' ? 200 : 404, JSON.stringify(listing)))
    closeAfter.push(cdn)
    const c = client({}, `${cdn.origin}/`)
    expect(await c.fileList({ registry: 'denoland', name: 'fx_deno', version: '1.1.0' })).toEqual(['lib/a.ts', 'mod.ts'])
    expect(await c.fileList({ registry: 'denoland', name: 'fx_deno', version: '5.0.0' })).toBeUndefined()
  })
})

describe('createRegistrySource', () => {
  it('dispatches on the registry and shares one fetcher', async () => {
    const f = fetcher()
    const source = createRegistrySource({
      fetcher: f,
      npm: { config: resolveNpmConfig([{ registry: server.urls.registry }]) },
      jsr: { baseUrl: server.urls.jsr },
      deno: { baseUrl: server.urls.deno, apiUrl: server.urls.apiland },
    })
    expect((await source.versions('npm', 'fx-dep'))?.tags).toEqual({ latest: '2.1.0' })
    expect((await source.versions('jsr', '@fxjsr/util'))?.yanked).toEqual(['0.9.0'])
    expect((await source.versions('denoland', 'fx_deno'))?.tags).toEqual({ latest: '1.1.0' })
    expect(source.registries).toEqual(['npm', 'jsr', 'deno', 'denoland'])
    expect(f.stats().requests).toBe(3)
    const err = await rejection(source.packageJson({ registry: 'github', name: 'a/b', version: '1.0.0' }))
    expect([err.code, err.message]).toEqual([
      'ESMAP_UNSUPPORTED_REGISTRY',
      'The registry source client cannot look up packages of the "github" registry.\n  Fix: Route "github:" packages to a source that serves them ("npm", "jsr", "deno", "denoland" are served here).',
    ])
  })
})
