import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EsmapError, isEsmapError } from '../errors.js'
import type { ExactPackage } from '../types.js'
import { toProvider, type CustomProvider } from './custom.js'
import { memorySource, startTestServer, testContext, type TestServer } from './test-support.fixture.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer((path) => {
    if (path === '/corp/jquery@3.6.0/package.json') return { status: 200, body: { name: 'jquery', version: '3.6.0', main: 'dist/jquery.js' } }
    if (path === '/corp/jquery@3.6.0/dist/jquery.js') return { status: 200, body: 'window.jQuery = 1' }
    return undefined
  })
})
afterAll(() => server.close())

const npm = memorySource({
  jquery: { versions: { '3.6.0': { packageJson: { name: 'jquery', version: '3.6.0' }, files: { 'dist/jquery.js': 'from the tarball' } } }, tags: { latest: '3.6.0' } },
})
const ctx = testContext({ npm })
const jquery: ExactPackage = { registry: 'npm', name: 'jquery', version: '3.6.0' }

/** The reference's example of a custom provider, in its own shape: no context, `SemverRange` targets. */
function referenceStyle(base: string, seen: unknown[] = []): CustomProvider {
  const exactPkgRegEx = /^((?:@[^/\\%@]+\/)?[^./\\%@][^/\\%@]*)@([^/]+)(\/.*)?$/
  return {
    pkgToUrl({ name, version }) {
      return `${base}${name}@${version}/`
    },
    parseUrlPkg(url) {
      if (!url.startsWith(base)) return undefined
      const [, name, version] = url.slice(base.length).match(exactPkgRegEx) ?? []
      return name && version ? { registry: 'npm', name, version } : undefined
    },
    resolveLatestTarget({ registry, name, range }, unstable, layer, parentUrl) {
      seen.push(range.toString(), range.has('3.6.0'), unstable, layer, parentUrl)
      return name === 'jquery' ? { registry, name, version: '3.6.0' } : null
    },
  }
}

describe('toProvider: custom providers in the reference shape', () => {
  it('wraps URL layout, version resolution and module loading', async () => {
    const seen: unknown[] = []
    const provider = toProvider('corp', referenceStyle(`${server.url}corp/`, seen))
    expect(provider.name).toBe('corp')
    expect(provider.kind).toBe('converting')
    expect(provider.pkgToUrl(jquery, 'default', ctx)).toBe(`${server.url}corp/jquery@3.6.0/`)
    expect(provider.parseUrlPkg(`${server.url}corp/jquery@3.6.0/dist/jquery.js`, ctx)).toEqual({ pkg: jquery, layer: 'default', path: 'dist/jquery.js' })
    expect(provider.parseUrlPkg('https://other.example/jquery@3.6.0/', ctx)).toBeUndefined()
    expect(await provider.resolveLatestTarget({ registry: 'npm', name: 'jquery', range: '^3' }, false, 'default', 'file:///app/', ctx)).toEqual(jquery)
    expect(seen).toEqual(['^3.0', true, false, 'default', 'file:///app/'])
    expect(await provider.resolveLatestTarget({ registry: 'npm', name: 'nope', range: '*' }, false, 'default', '', ctx)).toBeUndefined()
    expect(await provider.getPackageConfig!(jquery, ctx)).toEqual({ name: 'jquery', version: '3.6.0', main: 'dist/jquery.js' })
    expect(new TextDecoder().decode(await provider.loadModule(`${server.url}corp/jquery@3.6.0/dist/jquery.js`, ctx))).toBe('window.jQuery = 1')
  })

  it('rejects a package URL without a trailing slash', () => {
    const provider = toProvider('bad', { ...referenceStyle('https://cdn.example/'), pkgToUrl: ({ name, version }) => `https://cdn.example/${name}@${version}` })
    let error: unknown
    try {
      provider.pkgToUrl(jquery, 'default', ctx)
    } catch (err) {
      error = err
    }
    expect(isEsmapError(error, 'ESMAP_INVALID_PACKAGE_URL')).toBe(true)
    expect((error as EsmapError).message).toBe(
      'Provider "bad" returned "https://cdn.example/jquery@3.6.0" as the URL of npm:jquery@3.6.0, which does not end in "/"\n' +
        '  Fix: Make the pkgToUrl of provider "bad" return the package\'s base URL ending in "/" (packages are folders, not files).',
    )
  })

  it('accepts parsePkgUrl, { pkg, layer } results, and its own package config and file list hooks', async () => {
    const calls: string[] = []
    const provider = toProvider('layered', {
      pkgToUrl: ({ name, version }, layer) => `https://cdn.example/${layer}/${name}@${version}/`,
      parsePkgUrl: (url) => {
        const m = /^https:\/\/cdn\.example\/(\w+)\/([^@/]+)@([^/]+)\//.exec(url)
        return m ? { pkg: { registry: 'npm', name: m[2]!, version: m[3]! }, layer: m[1]! } : null
      },
      resolveLatestTarget: async () => null,
      getPackageConfig: (pkgUrl) => (calls.push(pkgUrl), { name: 'x' }),
      getFileList: async (pkgUrl) => (calls.push(pkgUrl), ['a.js', 'b.js']),
    })
    expect(provider.parseUrlPkg('https://cdn.example/min/x@1.0.0/a%20b.js', ctx)).toEqual({
      pkg: { registry: 'npm', name: 'x', version: '1.0.0' },
      layer: 'min',
      path: 'a b.js',
    })
    expect(provider.parseUrlPkg('https://cdn.example/min/x/a.js', ctx)).toBeUndefined()
    const pkg = { registry: 'npm', name: 'x', version: '1.0.0' }
    expect(await provider.getPackageConfig!(pkg, ctx)).toEqual({ name: 'x' })
    expect(await provider.getFileList!(pkg, ctx)).toEqual(new Set(['a.js', 'b.js']))
    expect(calls).toEqual(['https://cdn.example/default/x@1.0.0/', 'https://cdn.example/default/x@1.0.0/'])
  })

  it('kind raw: a mirror of npm files, read registry-first', async () => {
    const before = server.requests.length
    const { resolveLatestTarget: _omitted, ...layout } = referenceStyle(`${server.url}corp/`)
    const provider = toProvider('mirror', { ...layout, kind: 'raw' })
    expect(provider.kind).toBe('raw')
    expect(await provider.resolveLatestTarget({ registry: 'npm', name: 'jquery', range: '3' }, false, 'default', '', ctx)).toEqual(jquery)
    expect(await provider.getPackageConfig!(jquery, ctx)).toEqual({ name: 'jquery', version: '3.6.0' })
    expect(new TextDecoder().decode(await provider.loadModule(`${server.url}corp/jquery@3.6.0/dist/jquery.js`, ctx))).toBe('from the tarball')
    expect(server.requests.length).toBe(before)
  })

  it('names what is missing', () => {
    expect(() => toProvider('half', { pkgToUrl: () => 'https://x/' } as CustomProvider)).toThrow(
      'Custom provider "half" needs the functions pkgToUrl and parseUrlPkg',
    )
  })
})
