import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isEsmapError } from '../errors.js'
import type { ProviderFetch } from './context.js'
import { createFetcher } from '../fetch/index.js'
import { jsdelivr, self, unpkg } from './raw-cdns.js'
import { memorySource, startTestServer, testContext, type MemorySource, type TestServer } from './test-support.fixture.js'
import type { Provider } from './types.js'

/** A real Fetcher fits the providers' fetch interface as it is. */
const fitsProviderFetch: ProviderFetch = createFetcher({ cache: false, env: {}, homedir: '/nonexistent' })
void fitsProviderFetch

const packages = {
  lit: {
    versions: {
      '2.8.0': { packageJson: { name: 'lit', version: '2.8.0', type: 'module' }, files: { 'package.json': '{}', 'index.js': 'export {}' } },
      '3.1.0': {
        packageJson: { name: 'lit', version: '3.1.0', type: 'module', exports: { '.': './index.js' }, dependencies: { 'lit-html': '^3.1.0' } },
        files: { 'package.json': '{"name":"lit"}', 'index.js': "export * from 'lit-html'", 'directives/class-map.js': 'export const classMap = 1' },
      },
      '4.0.0-pre.1': { packageJson: { name: 'lit', version: '4.0.0-pre.1' }, files: {} },
    },
    tags: { latest: '3.1.0', next: '4.0.0-pre.1' },
  },
  '@scope/pkg': {
    versions: { '1.0.0': { packageJson: { name: '@scope/pkg', version: '1.0.0' }, files: { 'a b.js': 'export const ab = 1' } } },
    tags: { latest: '1.0.0' },
  },
}

describe.each([
  ['jsdelivr', jsdelivr, 'jsdelivr/npm/'],
  ['unpkg', unpkg, 'unpkg/'],
  ['self', self, '_esm/'],
] as [string, Provider, string][])('%s is registry-first', (name, provider, basePath) => {
  let cdn: TestServer
  let npm: MemorySource
  let base: string
  const context = (): ReturnType<typeof testContext> => testContext({ npm }, { [name]: { cdnUrl: base } })

  beforeAll(async () => {
    // The CDN answers everything, so a request to it would succeed silently: only the request log can tell.
    cdn = await startTestServer(() => ({ status: 200, body: { name: 'from-the-cdn' } }))
    base = `${cdn.url}${basePath}`
    npm = memorySource(packages)
  })
  afterAll(() => cdn.close())

  it('resolves versions from the npm registry', async () => {
    const ctx = context()
    const resolve = (name: string, range: string, unstable = false): Promise<unknown> =>
      provider.resolveLatestTarget({ registry: 'npm', name, range }, unstable, 'default', 'file:///app/main.js', ctx)
    expect(await resolve('lit', '^2')).toEqual({ registry: 'npm', name: 'lit', version: '2.8.0' })
    expect(await resolve('lit', 'latest')).toEqual({ registry: 'npm', name: 'lit', version: '3.1.0' })
    expect(await resolve('lit', '*', true)).toEqual({ registry: 'npm', name: 'lit', version: '4.0.0-pre.1' })
    expect(await resolve('@scope/pkg', '1')).toEqual({ registry: 'npm', name: '@scope/pkg', version: '1.0.0' })
    expect(await resolve('lit', '^9')).toBeUndefined()
    expect(await resolve('missing', '*')).toBeUndefined()
  })

  it('refuses jsr: targets', async () => {
    const error = await provider
      .resolveLatestTarget({ registry: 'jsr', name: '@luca/flag', range: '1' }, false, 'default', '', context())
      .catch((err: unknown) => err)
    expect(isEsmapError(error, 'ESMAP_PROVIDER_REGISTRY')).toBe(true)
  })

  it('reads package.json, the file list and modules from the tarball', async () => {
    const ctx = context()
    const pkg = { registry: 'npm', name: 'lit', version: '3.1.0' }
    const pkgUrl = provider.pkgToUrl(pkg, 'default', ctx)
    expect(pkgUrl).toBe(`${base}lit@3.1.0/`)
    expect(await provider.getPackageConfig!(pkg, ctx)).toEqual(packages.lit.versions['3.1.0'].packageJson)
    expect(await provider.getFileList!(pkg, ctx)).toEqual(new Set(['directives/class-map.js', 'index.js', 'package.json']))
    expect(new TextDecoder().decode(await provider.loadModule(`${pkgUrl}directives/class-map.js`, ctx))).toBe('export const classMap = 1')
    const scoped = provider.pkgToUrl({ registry: 'npm', name: '@scope/pkg', version: '1.0.0' }, 'default', ctx)
    expect(new TextDecoder().decode(await provider.loadModule(`${scoped}a%20b.js`, ctx))).toBe('export const ab = 1')
    expect(await provider.loadModule(`${pkgUrl}missing.js`, ctx)).toBeUndefined()
    expect(await provider.loadModule(pkgUrl, ctx)).toBeUndefined()
    expect(await provider.loadModule('https://elsewhere.example/lit@3.1.0/index.js', ctx)).toBeUndefined()
    expect(await provider.getPackageConfig!({ registry: 'npm', name: 'lit', version: '9.9.9' }, ctx)).toBeUndefined()
  })

  it('made zero requests to the CDN', () => {
    expect(cdn.requests).toEqual([])
    expect(npm.calls).toContain('file:npm:lit@3.1.0:directives/class-map.js')
  })
})
