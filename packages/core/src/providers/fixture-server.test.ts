import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createFetcher } from '../fetch/index.js'
import { createRegistrySource, resolveNpmConfig } from '../registry/index.js'
import type { PackageTarget } from '../types.js'
import type { ProviderConfig } from './config.js'
import type { ProviderContext } from './context.js'
import { lookupPackage, resolvePackageConfig } from './lookup.js'
import { createProviderRegistry, type ProviderRegistry } from './registry.js'

/**
 * Every provider the fixture server stands in for, end to end: the real fetch layer, the real
 * registry clients, the fixture registry and CDNs.
 */
let server: FixtureServer
let ctx: ProviderContext
let providers: ProviderRegistry
let providerConfig: ProviderConfig

const text = (bytes: Uint8Array | undefined): string | undefined => bytes && new TextDecoder().decode(bytes)
const published = (registry: 'npm' | 'jsr' | 'deno', name: string, version: string, path: string): string | undefined =>
  text(server.store.get(registry, name)?.versions.get(version)?.get(path))

beforeAll(async () => {
  server = await startFixtureServer()
  providerConfig = {
    'jspm.io': { cdnUrl: server.urls.jspm },
    jsdelivr: { cdnUrl: `${server.urls.jsdelivr}npm/` },
    unpkg: { cdnUrl: server.urls.unpkg },
    'esm.sh': { cdnUrl: server.urls.esmsh },
    jsr: { cdnUrl: server.urls.jsr },
    deno: { cdnUrl: server.urls.deno },
  }
  providers = createProviderRegistry({ providerConfig })
})
afterAll(() => server.close())
/** Fresh clients per test: the registry clients remember documents for their lifetime, and request counts are per test. */
beforeEach(() => {
  server.log.reset()
  const fetcher = createFetcher({ cache: false, retryDelay: 1, env: {}, homedir: '/nonexistent' })
  const sources = createRegistrySource({
    fetcher,
    npm: { config: resolveNpmConfig([{ registry: server.urls.registry }]) },
    jsr: { baseUrl: server.urls.jsr },
    deno: { baseUrl: server.urls.deno, apiUrl: server.urls.apiland, cdnUrl: `${server.origin}/no-listing/` },
  })
  ctx = providers.context({ fetch: fetcher, sources: { npm: sources.npm, jsr: sources.jsr, deno: sources.deno } })
})

/** The package URL `target` resolves to with `provider` as the default provider. */
async function resolveWith(provider: string, target: PackageTarget, unstable = false): Promise<string | undefined> {
  const routed = createProviderRegistry({ defaultProvider: provider, providerConfig })
  return (await lookupPackage(routed, target, ctx, { unstable }))?.pkgUrl
}

describe('version resolution against the fixture registry, per provider', () => {
  const npmTable: [string, string, boolean, string][] = [
    ['fx-dep', '^1', false, '1.2.0'],
    ['fx-dep', '2.0', false, '2.0.0'],
    ['fx-tagged', '*', false, '1.1.0'],
    ['fx-tagged', 'next', false, '2.0.0'],
    ['fx-prerelease', '*', false, '1.0.0'],
    ['fx-prerelease', '*', true, '1.1.0-beta.1'],
    ['@fx/scoped', '1', false, '1.1.0'],
  ]
  const layouts: [string, (name: string, version: string) => string][] = [
    ['jspm.io', (n, v) => `${server.urls.jspm}npm:${n}@${v}/`],
    ['jsdelivr', (n, v) => `${server.urls.jsdelivr}npm/${n}@${v}/`],
    ['unpkg', (n, v) => `${server.urls.unpkg}${n}@${v}/`],
    ['esm.sh', (n, v) => `${server.urls.esmsh}*${n}@${v}/`],
  ]
  for (const [provider, url] of layouts) {
    for (const [name, range, unstable, version] of npmTable) {
      it(`${provider}: ${name}@${range}${unstable ? ' (unstable)' : ''} → ${version}`, async () => {
        expect(await resolveWith(provider, { registry: 'npm', name, range }, unstable)).toBe(url(name, version))
        expect(server.log.count({ service: 'registry' })).toBe(1)
      })
    }
  }

  const otherTable: [string, PackageTarget, string | undefined][] = [
    ['jsr', { registry: 'jsr', name: '@fxjsr/util', range: '^1' }, 'jsr/@fxjsr/util/1.1.0/'],
    ['jsr', { registry: 'jsr', name: '@fxjsr/util', range: '0.9.0' }, 'jsr/@fxjsr/util/0.9.0/'],
    ['jsr', { registry: 'jsr', name: '@fxjsr/util', range: '^0.9' }, undefined],
    ['deno', { registry: 'deno', name: 'fx_deno', range: '^1' }, 'deno/x/fx_deno@v1.1.0/'],
    ['deno', { registry: 'deno', name: 'fx_deno', range: '1.0' }, 'deno/x/fx_deno@v1.0.0/'],
  ]
  for (const [provider, target, path] of otherTable) {
    it(`${provider}: ${target.name}@${target.range} → ${path ?? 'no match'}`, async () => {
      expect(await resolveWith(provider, target)).toBe(path && `${server.origin}/${path}`)
    })
  }
})

describe('raw-file providers read the registry, never the CDN', () => {
  for (const provider of ['jsdelivr', 'unpkg']) {
    it(`${provider}: package config, file list and modules of fx-dep@2.1.0 from one packument and one tarball`, async () => {
      const p = providers.get(provider)!
      const pkg = { registry: 'npm', name: 'fx-dep', version: '2.1.0' }
      const base = p.pkgToUrl(pkg, 'default', ctx)
      expect(await p.getPackageConfig!(pkg, ctx)).toMatchObject(JSON.parse(published('npm', 'fx-dep', '2.1.0', 'package.json')!))
      expect(await p.getFileList!(pkg, ctx)).toEqual(new Set(['extra.js', 'index.js', 'package.json']))
      expect(text(await p.loadModule(`${base}extra.js`, ctx))).toBe(published('npm', 'fx-dep', '2.1.0', 'extra.js'))
      expect(text(await p.loadModule(`${base}index.js`, ctx))).toBe(published('npm', 'fx-dep', '2.1.0', 'index.js'))
      expect(server.log.count({ service: 'registry' })).toBe(2)
      expect(server.log.count({ service: provider as 'jsdelivr' | 'unpkg' })).toBe(0)
    })
  }
})

describe('converting providers serve their processed files', () => {
  it('jspm.io: processed package.json with a file listing, CommonJS converted', async () => {
    const p = providers.get('jspm.io')!
    const pkg = { registry: 'npm', name: 'fx-cjs', version: '1.0.0' }
    const config = await resolvePackageConfig(providers, `${server.urls.jspm}npm:fx-cjs@1.0.0/index.js`, ctx)
    expect(config?.exports).toBeDefined()
    const files = await p.getFileList!(pkg, ctx)
    expect(files?.has('index.js')).toBe(true)
    const converted = text(await p.loadModule(`${server.urls.jspm}npm:fx-cjs@1.0.0/index.js`, ctx))
    expect(converted).not.toBe(published('npm', 'fx-cjs', '1.0.0', 'index.js'))
    expect(converted).toContain('export default')
    expect(server.log.count({ service: 'registry' })).toBe(0)
  })

  it('auto: ES module fx-dep@2 goes to jsdelivr, CommonJS fx-cjs to jspm.io', async () => {
    const auto = createProviderRegistry({ defaultProvider: 'auto', providerConfig })
    const esm = await lookupPackage(auto, { registry: 'npm', name: '@fx/scoped', range: '1' }, ctx)
    const cjs = await lookupPackage(auto, { registry: 'npm', name: 'fx-cjs', range: '1' }, ctx)
    expect([esm?.provider.name, esm?.pkgUrl]).toEqual(['jsdelivr', `${server.urls.jsdelivr}npm/@fx/scoped@1.1.0/`])
    expect([cjs?.provider.name, cjs?.pkgUrl]).toEqual(['jspm.io', `${server.urls.jspm}npm:fx-cjs@1.0.0/`])
  })
})

describe('jsr and deno read through their registry clients', () => {
  it('jsr: exports from the version metadata, modules checked against the manifest', async () => {
    const p = providers.get('jsr')!
    const pkg = { registry: 'jsr', name: '@fxjsr/util', version: '1.1.0' }
    expect((await p.getPackageConfig!(pkg, ctx))?.exports).toEqual({ '.': './mod.ts', './strings': './strings.ts' })
    expect((await p.getFileList!(pkg, ctx))?.has('mod.ts')).toBe(true)
    expect(text(await p.loadModule(`${server.urls.jsr}@fxjsr/util/1.1.0/mod.ts`, ctx))).toBe(published('jsr', '@fxjsr/util', '1.1.0', 'mod.ts'))
  })

  it('deno: modules at their v-prefixed URLs', async () => {
    const p = providers.get('deno')!
    expect(text(await p.loadModule(`${server.urls.deno}x/fx_deno@v1.1.0/mod.ts`, ctx))).toBe(published('deno', 'fx_deno', 'v1.1.0', 'mod.ts'))
  })
})
