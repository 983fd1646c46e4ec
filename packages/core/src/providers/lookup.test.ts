import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { isEsmapError } from '../errors.js'
import { lookupPackage, resolvePackageBase, resolvePackageConfig } from './lookup.js'
import { createProviderRegistry, type ProviderRegistry } from './registry.js'
import type { ProviderContext } from './context.js'
import { memorySource, startTestServer, testFetch, type MemorySource, type TestServer } from './test-support.fixture.js'

let server: TestServer
let npm: MemorySource
let providers: ProviderRegistry
let log: string[]
let tmp: string

const npmPackages = {
  'esm-pkg': { versions: { '2.0.0': { packageJson: { name: 'esm-pkg', version: '2.0.0', type: 'module' }, files: { 'index.js': '' } } }, tags: { latest: '2.0.0' } },
  'cjs-pkg': { versions: { '1.0.0': { packageJson: { name: 'cjs-pkg', version: '1.0.0', main: 'index.js' } } }, tags: { latest: '1.0.0' } },
  'cjs-new': { versions: { '0.1.0': { packageJson: { name: 'cjs-new', version: '0.1.0' } } }, tags: { latest: '0.1.0' } },
}

beforeAll(async () => {
  server = await startTestServer((path) => {
    if (path === '/jspm/npm:cjs-pkg@1.0.0/package.json') return { status: 200, body: { name: 'cjs-pkg', version: '1.0.0', exports: { '.': './index.js' } } }
    if (path === '/app/package.json') return { status: 200, body: { name: 'app', type: 'module' } }
    return undefined
  })
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'esmap-lookup-')))
  mkdirSync(join(tmp, 'proj/src/lib'), { recursive: true })
  writeFileSync(join(tmp, 'proj/package.json'), JSON.stringify({ name: 'proj' }))
})
afterAll(async () => {
  await server.close()
  rmSync(tmp, { recursive: true, force: true })
})
beforeEach(() => {
  npm = memorySource(npmPackages)
  log = []
  providers = createProviderRegistry({
    defaultProvider: 'auto',
    providers: { 'pinned-pkg': 'unpkg' },
    providerConfig: { jsdelivr: { cdnUrl: `${server.url}jsdelivr/` }, 'jspm.io': { cdnUrl: `${server.url}jspm/` } },
  })
})

const context = (): ProviderContext => providers.context({ fetch: testFetch(), sources: { npm }, log: (type, message) => log.push(`${type}: ${message}`) })

describe('lookupPackage', () => {
  it('auto: an ES module package goes to the raw-file CDN, without a CDN request', async () => {
    const result = await lookupPackage(providers, { registry: 'npm', name: 'esm-pkg', range: '^2' }, context())
    expect(result && { provider: result.provider.name, layer: result.layer, pkg: result.pkg, pkgUrl: result.pkgUrl }).toEqual({
      provider: 'jsdelivr',
      layer: 'default',
      pkg: { registry: 'npm', name: 'esm-pkg', version: '2.0.0' },
      pkgUrl: `${server.url}jsdelivr/esm-pkg@2.0.0/`,
    })
    expect(server.requests).toEqual([])
    expect(log).toContain('providers: auto: npm:esm-pkg@2.0.0 is ESM -> jsdelivr')
  })

  it('auto: a CommonJS package goes to the converting CDN, which must have built it', async () => {
    const ctx = context()
    const result = await lookupPackage(providers, { registry: 'npm', name: 'cjs-pkg', range: '1' }, ctx)
    expect(result?.provider.name).toBe('jspm.io')
    expect(result?.pkgUrl).toBe(`${server.url}jspm/npm:cjs-pkg@1.0.0/`)
    expect(server.requests.at(-1)).toBe('GET /jspm/npm:cjs-pkg@1.0.0/package.json')
    expect(log).toContain('providers: auto: npm:cjs-pkg@1.0.0 is not ESM -> jspm.io')

    const error = await lookupPackage(providers, { registry: 'npm', name: 'cjs-new', range: '*' }, ctx).catch((e: unknown) => e)
    expect(isEsmapError(error, 'ESMAP_NOT_BUILT')).toBe(true)
  })

  it('a fixed route resolves with its provider; a missing package is undefined', async () => {
    npm = memorySource({ 'pinned-pkg': { versions: { '1.0.0': { packageJson: {} } } } })
    const ctx = context()
    const result = await lookupPackage(providers, { registry: 'npm', name: 'pinned-pkg', range: '1' }, ctx)
    expect(result && `${result.provider.name} ${result.pkgUrl}`).toBe('unpkg https://unpkg.com/pinned-pkg@1.0.0/')
    expect(await lookupPackage(providers, { registry: 'npm', name: 'nothing', range: '1' }, ctx)).toBeUndefined()
  })
})

describe('resolvePackageBase', () => {
  const table: [string, (s: string, t: string) => string, (s: string, t: string) => string][] = [
    ['a provider URL', (s) => `${s}jspm/npm:cjs-pkg@1.0.0/lib/deep/x.js`, (s) => `${s}jspm/npm:cjs-pkg@1.0.0/`],
    ['a provider URL with a layer', () => 'https://ga.system.jspm.io/npm:lit@3.1.0/index.js', () => 'https://ga.system.jspm.io/npm:lit@3.1.0/'],
    ['an app URL below a package.json', (s) => `${s}app/src/lib/x.js`, (s) => `${s}app/`],
    ['an app URL without a package.json', (s) => `${s}other/x.js`, (s) => s],
    ['a file URL below a package.json', (_s, t) => `${t}proj/src/lib/x.js`, (_s, t) => `${t}proj/`],
  ]
  for (const [title, input, expected] of table) {
    it(title, async () => {
      const fileRoot = pathToFileURL(tmp).href + '/'
      expect(await resolvePackageBase(providers, input(server.url, fileRoot), context())).toBe(expected(server.url, fileRoot))
    })
  }
})

describe('resolvePackageConfig', () => {
  it('reads a package by identity through its route, or by URL through its owner', async () => {
    const ctx = context()
    expect(await resolvePackageConfig(providers, { registry: 'npm', name: 'esm-pkg', version: '2.0.0' }, ctx)).toEqual({
      name: 'esm-pkg',
      version: '2.0.0',
      type: 'module',
    })
    expect(await resolvePackageConfig(providers, `${server.url}jspm/npm:cjs-pkg@1.0.0/index.js`, ctx)).toEqual({
      name: 'cjs-pkg',
      version: '1.0.0',
      exports: { '.': './index.js' },
    })
    expect(await resolvePackageConfig(providers, `${server.url}app/src/main.js`, ctx)).toEqual({ name: 'app', type: 'module' })
    expect(await resolvePackageConfig(providers, `${server.url}nowhere/main.js`, ctx)).toBeUndefined()
    expect(await resolvePackageConfig(providers, `${pathToFileURL(tmp).href}/proj/src/x.js`, ctx)).toEqual({ name: 'proj' })
  })
})
