import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFetcher } from '../fetch/index.js'
import { createRegistrySource, resolveNpmConfig } from '../registry/index.js'
import { resolveProviderConfig } from './config.js'
import { createProviderContext, type ProviderContext } from './context.js'
import { esmap } from './esmap.js'

const url = (cdnUrl?: unknown): { config: ReturnType<typeof resolveProviderConfig> } => ({ config: resolveProviderConfig(cdnUrl === undefined ? {} : { esmap: { cdnUrl } as object }) })

describe('esmap URLs', () => {
  it.each([
    ['http://127.0.0.1:8790/', { registry: 'npm', name: 'fx-dep', version: '2.1.0' }, 'http://127.0.0.1:8790/npm:fx-dep@2.1.0/'],
    ['https://cdn.example.com/esm', { registry: 'npm', name: '@fx/scoped', version: '1.0.0' }, 'https://cdn.example.com/esm/npm:@fx/scoped@1.0.0/'],
  ] as const)('%s: %j ↔ %s', (cdnUrl, pkg, expected) => {
    expect(esmap.pkgToUrl(pkg, 'default', url(cdnUrl))).toBe(expected)
    expect(esmap.parseUrlPkg(`${expected}lib/a%20b.js?x=1`, url(cdnUrl))).toEqual({ pkg, layer: 'default', path: 'lib/a b.js' })
  })

  it.each([
    'http://127.0.0.1:8790/jsr:@std/path@1.0.0/mod.ts',
    'http://127.0.0.1:8790/fx-dep@2.1.0/index.js',
    'http://127.0.0.1:9999/npm:fx-dep@2.1.0/index.js',
    'https://ga.jspm.io/npm:fx-dep@2.1.0/index.js',
  ])('does not own %s', (foreign) => {
    expect(esmap.parseUrlPkg(foreign, url('http://127.0.0.1:8790/'))).toBeUndefined()
  })

  it('owns no URL and names the option to set while no cdnUrl is configured', () => {
    expect(esmap.parseUrlPkg('http://127.0.0.1:8790/npm:fx-dep@2.1.0/index.js', url())).toBeUndefined()
    expect(() => esmap.pkgToUrl({ registry: 'npm', name: 'fx-dep', version: '2.1.0' }, 'default', url())).toThrow(
      expect.objectContaining({ code: 'ESMAP_INVALID_PROVIDER_CONFIG', message: 'Provider "esmap" needs the URL of your esmap server to serve npm:fx-dep@2.1.0\n  Fix: Set providerConfig: { esmap: { cdnUrl: "http://127.0.0.1:8790/" } } (the URL `esmap serve` prints).' }),
    )
    expect(() => esmap.parseUrlPkg('http://x/', url('not a url'))).toThrow(expect.objectContaining({ code: 'ESMAP_INVALID_PROVIDER_CONFIG', message: expect.stringContaining('providerConfig.esmap.cdnUrl must be an absolute URL, got "not a url"') }))
  })
})

describe('esmap against a server with the same layout (the fixture jspm.io route)', () => {
  let server: FixtureServer
  const context = (cdnUrl: string): ProviderContext => {
    const fetcher = createFetcher({ cache: false, retryDelay: 1, env: {}, homedir: '/nonexistent' })
    const sources = createRegistrySource({ fetcher, npm: { config: resolveNpmConfig([{ registry: server.urls.registry }]) } })
    return createProviderContext({ fetch: fetcher, sources: { npm: sources.npm }, providerConfig: { esmap: { cdnUrl } as object } })
  }
  beforeAll(async () => {
    server = await startFixtureServer()
  })
  afterAll(() => server.close())

  it('resolves versions from the registry and reads package.json, files and modules from the server', async () => {
    const ctx = context(server.urls.jspm)
    const pkg = await esmap.resolveLatestTarget({ registry: 'npm', name: 'fx-dep', range: '^2' }, false, 'default', '', ctx)
    expect(pkg).toEqual({ registry: 'npm', name: 'fx-dep', version: '2.1.0' })
    expect((await esmap.getPackageConfig!(pkg!, ctx))?.exports).toEqual({ '.': './index.js', './extra': './extra.js' })
    expect(await esmap.getFileList!(pkg!, ctx)).toEqual(new Set(['extra.js', 'index.js', 'package.json']))
    const bytes = await esmap.loadModule(`${server.urls.jspm}npm:fx-dep@2.1.0/index.js`, ctx)
    expect(new TextDecoder().decode(bytes)).toBe(new TextDecoder().decode(server.store.get('npm', 'fx-dep')!.versions.get('2.1.0')!.get('index.js')))
  })

  it('says the server has no such version when its package.json answers 404', async () => {
    const ctx = context(`${server.origin}/nothing-here/`)
    await expect(esmap.resolveLatestTarget({ registry: 'npm', name: 'fx-dep', range: '2.1.0' }, false, 'default', 'file:///app/main.js', ctx)).rejects.toThrow(
      expect.objectContaining({
        code: 'ESMAP_NOT_BUILT',
        message: `The esmap server has no npm:fx-dep@2.1.0: ${server.origin}/nothing-here/npm:fx-dep@2.1.0/package.json answered 404 (imported by file:///app/main.js)\n  Fix: Check that the server reads the same npm registry as this project (esmap serve --registry), or pin a version it can serve.`,
      }),
    )
  })
})
