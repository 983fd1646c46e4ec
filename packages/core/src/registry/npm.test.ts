import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { EsmapError } from '../errors.js'
import { serve, send, type Loopback } from '../fetch/__tests__/loopback.js'
import { createFetcher } from '../fetch/fetcher.js'
import type { FetcherOptions } from '../fetch/types.js'
import type { ExactPackage, PackageFiles } from '../types.js'
import { proxy, type Proxy } from './__tests__/proxy.js'
import { tgz, type RawEntry } from './__tests__/tar-writer.js'
import { createNpmClient, escapePackageName, tarballUrl, type NpmClient } from './npm.js'
import { resolveNpmConfig } from './npmrc.js'

let server: FixtureServer
let cacheDir = ''
let closeAfter: (Loopback | Proxy)[] = []

beforeAll(async () => {
  server = await startFixtureServer()
})
afterAll(() => server.close())
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'esmap-npm-'))
  server.log.reset()
  server.faults.clear()
})
afterEach(async () => {
  await Promise.all(closeAfter.map((s) => s.close()))
  closeAfter = []
  await rm(cacheDir, { recursive: true, force: true })
})

const npm = (pkg: string, version: string): ExactPackage => ({ registry: 'npm', name: pkg, version })

function client(settings: Record<string, string> = {}, fetcherOptions: FetcherOptions = {}): NpmClient {
  const fetcher = createFetcher({ cacheDir, retryDelay: 1, ...fetcherOptions })
  return createNpmClient({ fetcher, config: resolveNpmConfig([{ registry: server.urls.registry, ...settings }]) })
}

async function through(options: Parameters<typeof proxy>[1] = {}): Promise<Proxy> {
  const p = await proxy(server.origin, options)
  closeAfter.push(p)
  return p
}

/** The fixture's own files of a version, as text. */
function fixtureFiles(name: string, version: string): Record<string, string> {
  const files = server.store.get('npm', name)?.versions.get(version) ?? new Map()
  return Object.fromEntries([...files].map(([p, b]) => [p, new TextDecoder().decode(b)]))
}
const asText = (files: PackageFiles | undefined): Record<string, string> | undefined =>
  files && Object.fromEntries([...files].map(([p, b]) => [p, new TextDecoder().decode(b)]))

async function rejection(promise: Promise<unknown>): Promise<EsmapError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof EsmapError) return err
    throw err
  }
  throw new Error('expected a rejection')
}

describe('names and URLs', () => {
  it.each([
    ['react', 'react'],
    ['@fx/scoped', '@fx%2fscoped'],
    ['@a b/c', '@a%20b%2fc'],
  ])('escapePackageName(%s) → %s', (name, expected) => expect(escapePackageName(name)).toBe(expected))

  it.each([
    ['https://registry.npmjs.org/a/-/a-1.0.0.tgz', 'https://registry.npmjs.org/', 'https://registry.npmjs.org/a/-/a-1.0.0.tgz'],
    ['https://registry.npmjs.org/a/-/a-1.0.0.tgz', 'https://mirror.test/npm/', 'https://mirror.test/npm/a/-/a-1.0.0.tgz'],
    ['https://cdn.other.test/a-1.0.0.tgz', 'https://mirror.test/npm/', 'https://cdn.other.test/a-1.0.0.tgz'],
  ])('tarballUrl(%s, %s) → %s', (tarball, registry, expected) => expect(tarballUrl(tarball, registry)).toBe(expected))
})

describe('versions and package.json', () => {
  it.each([
    ['fx-dep', { versions: ['1.0.0', '1.2.0', '2.0.0', '2.1.0'], tags: { latest: '2.1.0' } }],
    ['fx-tagged', { versions: ['1.0.0', '1.1.0', '2.0.0'], tags: { latest: '1.1.0', next: '2.0.0' } }],
    ['@fx/scoped', { versions: ['1.0.0', '1.1.0'], tags: { latest: '1.1.0' } }],
    ['fx-no-such-package', undefined],
  ])('versions(npm, %s)', async (name, expected) => {
    expect(await client().versions('npm', name)).toEqual(expected)
  })

  it('reads package.json from the tarball, exports included; dependencies from the packument alone', async () => {
    const c = client()
    expect(await c.manifest(npm('fx-dep', '2.0.0'))).toEqual({
      name: 'fx-dep',
      version: '2.0.0',
      dist: expect.objectContaining({ tarball: expect.stringMatching(/\/registry\/fx-dep\/-\/fx-dep-2\.0\.0\.tgz$/), integrity: expect.stringMatching(/^sha512-/) }),
    })
    expect(server.log.paths()).toEqual(['/registry/fx-dep'])
    const pkg = await c.packageJson(npm('fx-dep', '2.0.0'))
    expect(pkg).toMatchObject({ name: 'fx-dep', version: '2.0.0', type: 'module', exports: { '.': './index.js', './extra': './extra.js' } })
    expect(await c.packageJson(npm('fx-dep', '9.9.9'))).toBeUndefined()
    expect(server.log.paths()).toEqual(['/registry/fx-dep', '/registry/fx-dep/-/fx-dep-2.0.0.tgz', '/registry/fx-dep/9.9.9'])
  })

  it("asks for the abbreviated document as npm does, and escapes scoped names", async () => {
    const p = await through()
    const c = client({ registry: `${p.origin}/registry/` })
    expect(await c.manifest(npm('@fx/scoped', '1.1.0'))).toMatchObject({ dependencies: { 'fx-dep': '^2.1.0' } })
    expect(p.seen.map((r) => [r.path, r.headers.accept])).toEqual([['/registry/@fx%2fscoped', 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*']])
  })

  it('takes exports from the tarball when the registry answers with the abbreviated document', async () => {
    const p = await through({ accept: 'application/vnd.npm.install-v1+json' })
    const c = client({ registry: `${p.origin}/registry/` })
    const pkg = await c.packageJson(npm('fx-dep', '2.0.0'))
    expect(pkg?.exports).toEqual({ '.': './index.js', './extra': './extra.js' })
    expect(p.seen.map((r) => r.path)).toEqual(['/registry/fx-dep', '/registry/fx-dep/-/fx-dep-2.0.0.tgz'])
    expect((await c.versions('npm', 'fx-dep'))?.versions).toEqual(['1.0.0', '1.2.0', '2.0.0', '2.1.0'])
    expect(asText(await c.files(npm('fx-dep', '2.0.0')))).toEqual(fixtureFiles('fx-dep', '2.0.0'))
  })

  it("takes dependency fields from the registry's entry over the tarball's package.json", async () => {
    const p = await through({
      rewrite: ({ path, body }) => {
        if (path !== '/registry/fx-dep') return body
        const doc = JSON.parse(body.toString()) as { versions: Record<string, { dependencies?: Record<string, string> }> }
        doc.versions['2.0.0']!.dependencies = { 'fx-exports': '^1.0.0' }
        return Buffer.from(JSON.stringify(doc))
      },
    })
    const c = client({ registry: `${p.origin}/registry/` })
    expect(await c.packageJson(npm('fx-dep', '2.0.0'))).toMatchObject({ type: 'module', dependencies: { 'fx-exports': '^1.0.0' } })
  })

  it('falls back to /:name/:version for a version the packument lacks, and reports trimmed dist-tags as given', async () => {
    const trim = (body: Buffer): Buffer => {
      const doc = JSON.parse(body.toString()) as { versions: Record<string, unknown>; 'dist-tags': Record<string, string> }
      delete doc.versions['2.1.0']
      doc['dist-tags'] = { latest: '2.0.0' }
      return Buffer.from(JSON.stringify(doc))
    }
    const p = await through({ rewrite: ({ path, body }) => (path === '/registry/fx-tagged' || path === '/registry/fx-dep' ? trim(body) : body) })
    const c = client({ registry: `${p.origin}/registry/` })
    expect(await c.versions('npm', 'fx-tagged')).toEqual({ versions: ['1.0.0', '1.1.0', '2.0.0'], tags: { latest: '2.0.0' } })
    expect((await c.manifest(npm('fx-dep', '2.1.0')))?.version).toBe('2.1.0')
    expect(p.seen.map((r) => r.path)).toEqual(['/registry/fx-tagged', '/registry/fx-dep', '/registry/fx-dep/2.1.0'])
  })

  it('rejects another registry with ESMAP_UNSUPPORTED_REGISTRY', async () => {
    const err = await rejection(client().versions('jsr', '@fxjsr/util'))
    expect([err.code, err.message]).toEqual([
      'ESMAP_UNSUPPORTED_REGISTRY',
      'The npm client cannot look up packages of the "jsr" registry.\n  Fix: Route "jsr:" packages to a source that serves them ("npm" are served here).',
    ])
  })
})

describe('tarballs', () => {
  it('extracts the verified tarball in memory', async () => {
    const c = client()
    expect(asText(await c.files(npm('@fx/scoped', '1.1.0')))).toEqual(fixtureFiles('@fx/scoped', '1.1.0'))
    expect(await c.fileList(npm('@fx/scoped', '1.1.0'))).toEqual(Object.keys(fixtureFiles('@fx/scoped', '1.1.0')).sort())
    expect(new TextDecoder().decode(await c.file(npm('@fx/scoped', '1.1.0'), './package.json'))).toBe(fixtureFiles('@fx/scoped', '1.1.0')['package.json'])
    expect(await c.files(npm('@fx/scoped', '7.0.0'))).toBeUndefined()
  })

  it('rejects a tampered tarball before use and never caches it', async () => {
    const tamper = ({ path, body }: { path: string; body: Buffer }): Buffer => {
      if (!path.endsWith('.tgz')) return body
      const copy = Buffer.from(body)
      copy[copy.length - 10] = (copy[copy.length - 10] ?? 0) ^ 0xff
      return copy
    }
    const p = await through({ rewrite: tamper })
    const c = client({ registry: `${p.origin}/registry/` })
    const tarball = `${p.origin}/registry/fx-dep/-/fx-dep-2.0.0.tgz`
    const expected = (await client().packument('fx-dep'))?.versions['2.0.0']?.dist.integrity
    const err = await rejection(c.files(npm('fx-dep', '2.0.0')))
    expect(err.code).toBe('ESMAP_INTEGRITY_MISMATCH')
    expect(err.specifier).toBe('npm:fx-dep@2.0.0')
    expect(err.message).toMatch(
      new RegExp(`^The tarball of npm:fx-dep@2\\.0\\.0 from ${tarball.replace(/[.]/g, '\\.')} does not match the registry's integrity: expected ${expected?.replace(/[+/]/g, '\\$&')}, got sha512-[A-Za-z0-9+/=]+\\.\\n  Fix: Do not use these bytes\\.`),
    )
    expect(p.count('/registry/fx-dep/-/fx-dep-2.0.0.tgz')).toBe(1) // not retried
    const offline = createNpmClient({ fetcher: createFetcher({ cacheDir, cache: 'offline' }), config: resolveNpmConfig([{ registry: `${p.origin}/registry/` }]) })
    expect((await rejection(offline.files(npm('fx-dep', '2.0.0')))).code).toBe('ESMAP_OFFLINE_MISS')
  })

  it('checks dist.shasum when there is no integrity', async () => {
    const dropIntegrity = ({ path, body }: { path: string; body: Buffer }): Buffer =>
      path === '/registry/fx-dep' ? Buffer.from(body.toString().replace(/"integrity":"[^"]*",/g, '').replace(/"shasum":"[0-9a-f]{8}/g, '"shasum":"00000000')) : body
    const p = await through({ rewrite: dropIntegrity })
    const err = await rejection(client({ registry: `${p.origin}/registry/` }).files(npm('fx-dep', '2.0.0')))
    expect(err.code).toBe('ESMAP_INTEGRITY_MISMATCH')
    expect(err.message).toMatch(/expected sha1-\S+, got sha1-\S+\./)
  })

  describe('unsafe tarballs', () => {
    const cases: [string, RawEntry[], string][] = [
      ['a .. entry', [{ name: 'package/../../../evil.js', data: 'x' }], '"package/../../../evil.js": ".." path segment'],
      ['an absolute entry', [{ name: '/tmp/evil.js', data: 'x' }], '"/tmp/evil.js": absolute path'],
      ['a symlink out of the package', [{ name: 'package/link', type: '2', linkname: '../../home' }], '"package/link": symlink to "../../home" leaves the package'],
      ['a hardlink out of the package', [{ name: 'package/hard', type: '1', linkname: '/etc/passwd' }], '"package/hard": hardlink to "/etc/passwd" leaves the package'],
    ]
    for (const [name, entries, detail] of cases) {
      it(`rejects ${name} with ESMAP_UNSAFE_PATH`, async () => {
        const bytes = tgz([{ name: 'package/package.json', data: '{"name":"evil","version":"1.0.0"}' }, ...entries])
        const integrity = `sha512-${createHash('sha512').update(bytes).digest('base64')}`
        const registry: Loopback = await serve((req, res) => {
          if (req.url === '/evil') {
            const doc = { name: 'evil', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': { name: 'evil', version: '1.0.0', dist: { tarball: `${registry.origin}/evil/-/evil-1.0.0.tgz`, integrity } } } }
            return send(res, 200, JSON.stringify(doc), { 'content-type': 'application/json' })
          }
          return send(res, 200, bytes)
        })
        closeAfter.push(registry)
        const c = createNpmClient({ fetcher: createFetcher({ cacheDir }), config: resolveNpmConfig([{ registry: `${registry.origin}/` }]) })
        const err = await rejection(c.files(npm('evil', '1.0.0')))
        expect([err.code, err.specifier]).toEqual(['ESMAP_UNSAFE_PATH', 'npm:evil@1.0.0'])
        expect(err.message.split('\n')[0]).toBe(`The tarball of npm:evil@1.0.0 (${registry.origin}/evil/-/evil-1.0.0.tgz) has an unsafe entry ${detail}.`)
      })
    }
  })
})

describe('what is kept and cached', () => {
  async function registryWith(entries: RawEntry[]): Promise<{ registry: Loopback; tarballRequests: () => number }> {
    const bytes = tgz(entries)
    const integrity = `sha512-${createHash('sha512').update(bytes).digest('base64')}`
    let tarballs = 0
    const registry: Loopback = await serve((req, res) => {
      if (req.url === '/kept') {
        const doc = { name: 'kept', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': { name: 'kept', version: '1.0.0', dist: { tarball: `${registry.origin}/kept/-/kept-1.0.0.tgz`, integrity } } } }
        return send(res, 200, JSON.stringify(doc), { 'content-type': 'application/json', 'cache-control': 'max-age=300' })
      }
      tarballs++
      return send(res, 200, bytes)
    })
    closeAfter.push(registry)
    return { registry, tarballRequests: () => tarballs }
  }
  const files: RawEntry[] = [
    { name: 'package/package.json', data: '{"name":"kept","version":"1.0.0","type":"module","exports":"./index.js"}' },
    { name: 'package/index.js', data: 'export default 1\n//# sourceMappingURL=index.js.map' },
    { name: 'package/index.js.map', data: '{"version":3}' },
    { name: 'package/README.md', data: '# kept' },
  ]

  it('reads a file it did not keep in memory (a source map) from the tarball again', async () => {
    const { registry, tarballRequests } = await registryWith(files)
    const c = createNpmClient({ fetcher: createFetcher({ cacheDir }), config: resolveNpmConfig([{ registry: `${registry.origin}/` }]) })
    const text = async (path: string): Promise<string | undefined> => {
      const bytes = await c.file(npm('kept', '1.0.0'), path)
      return bytes && new TextDecoder().decode(bytes)
    }
    expect(await text('index.js')).toBe('export default 1\n//# sourceMappingURL=index.js.map')
    expect(await text('index.js.map')).toBe('{"version":3}')
    expect(await text('README.md')).toBe('# kept')
    expect(await text('missing.js')).toBeUndefined()
    // A runtime file is handed out once; asked again, the package is unpacked again (same bytes).
    expect(await text('index.js')).toBe('export default 1\n//# sourceMappingURL=index.js.map')
    // All from one download: the compressed tarball stays in memory.
    expect(tarballRequests()).toBe(1)
    // Released between traces; read again, unpacked again.
    expect(c.releaseUnpacked()).toBeGreaterThan(0)
    expect(c.releaseUnpacked()).toBe(0)
    expect(await text('index.js')).toBe('export default 1\n//# sourceMappingURL=index.js.map')
    expect(tarballRequests()).toBe(1)
  })

  it('a second client answers package.json and the file list from its cache, without the tarball', async () => {
    const { registry, tarballRequests } = await registryWith(files)
    const fetchers = [createFetcher({ cacheDir }), createFetcher({ cacheDir })]
    const make = (i: number): NpmClient => createNpmClient({ fetcher: fetchers[i]!, config: resolveNpmConfig([{ registry: `${registry.origin}/` }]) })
    const first = make(0)
    const expected = [await first.packageJson(npm('kept', '1.0.0')), await first.fileList(npm('kept', '1.0.0'))]
    expect(expected[1]).toEqual(['README.md', 'index.js', 'index.js.map', 'package.json'])
    expect(expected[0]).toMatchObject({ type: 'module', exports: './index.js' })
    const second = make(1)
    expect([await second.packageJson(npm('kept', '1.0.0')), await second.fileList(npm('kept', '1.0.0'))]).toEqual(expected)
    // One cache hit: the compact packument. The tarball is neither fetched nor read from the cache.
    expect([tarballRequests(), fetchers[1]!.stats().cacheHits, fetchers[1]!.stats().requests]).toEqual([1, 1, 0])
  })
})

describe('.npmrc: scoped registries and credentials', () => {
  it('sends a registry token only to its own host, not to the tarball host', async () => {
    const tarballs = await through()
    const registry = await through({ rewrite: ({ body }) => Buffer.from(body.toString().replaceAll(`${registry.origin}/registry/fx-dep/-/`, `${tarballs.origin}/registry/fx-dep/-/`)) })
    const c = client({ registry: `${registry.origin}/registry/`, [`//127.0.0.1:${new URL(registry.origin).port}/:_authToken`]: 'registry-secret' })
    await c.files(npm('fx-dep', '2.0.0'))
    expect(registry.seen.map((r) => [r.path, r.headers.authorization])).toEqual([['/registry/fx-dep', 'Bearer registry-secret']])
    expect(tarballs.seen.map((r) => [r.path, r.headers.authorization])).toEqual([['/registry/fx-dep/-/fx-dep-2.0.0.tgz', undefined]])
  })

  it('sends the token to tarball URLs under its host and path', async () => {
    const registry = await through()
    const c = client({ registry: `${registry.origin}/registry/`, [`//127.0.0.1:${new URL(registry.origin).port}/registry/:_authToken`]: 't0k' })
    await c.files(npm('fx-dep', '2.0.0'))
    expect(registry.authorizations()).toEqual(['Bearer t0k', 'Bearer t0k'])
  })

  it('routes a scope to its registry with its own credentials, read from .npmrc files', async () => {
    const main = await through()
    const scoped = await through()
    const home = join(cacheDir, 'home')
    const project = join(cacheDir, 'project')
    await mkdir(home)
    await mkdir(project)
    await writeFile(join(project, 'package.json'), '{}')
    await writeFile(join(home, '.npmrc'), `registry=${main.origin}/registry/\n`)
    const port = new URL(scoped.origin).port
    await writeFile(join(project, '.npmrc'), `@fx:registry=${scoped.origin}/registry/\n//127.0.0.1:${port}/:_authToken=\${SCOPED_TOKEN}\n`)
    const c = createNpmClient({ fetcher: createFetcher({ cacheDir }), cwd: project, homedir: home, env: { SCOPED_TOKEN: 'from-env' } })
    expect((await c.manifest(npm('@fx/scoped', '1.0.0')))?.name).toBe('@fx/scoped')
    expect((await c.manifest(npm('fx-dep', '1.0.0')))?.name).toBe('fx-dep')
    expect(scoped.seen.map((r) => [r.path, r.headers.authorization])).toEqual([['/registry/@fx%2fscoped', 'Bearer from-env']])
    expect(main.seen.map((r) => [r.path, r.headers.authorization])).toEqual([['/registry/fx-dep', undefined]])
  })
})

describe('requests, cache and offline', () => {
  const packages = [npm('fx-dep', '2.0.0'), npm('fx-dep', '1.2.0'), npm('@fx/scoped', '1.1.0'), npm('fx-react', '18.3.1'), npm('fx-exports', '1.0.0')]

  async function everything(c: NpmClient): Promise<unknown[]> {
    return Promise.all(packages.map(async (p) => [await c.versions('npm', p.name), await c.packageJson(p), asText(await c.files(p)), await c.fileList(p)]))
  }

  it('fetches one packument per package and one tarball per version, however often asked', async () => {
    const c = client({}, { cache: false })
    await everything(c)
    await everything(c)
    expect(server.log.paths().sort()).toEqual([
      '/registry/@fx%2fscoped',
      '/registry/@fx/scoped/-/scoped-1.1.0.tgz',
      '/registry/fx-dep',
      '/registry/fx-dep/-/fx-dep-1.2.0.tgz',
      '/registry/fx-dep/-/fx-dep-2.0.0.tgz',
      '/registry/fx-exports',
      '/registry/fx-exports/-/fx-exports-1.0.0.tgz',
      '/registry/fx-react',
      '/registry/fx-react/-/fx-react-18.3.1.tgz',
    ])
  })

  it('gives identical results offline after a warm run, without a request', async () => {
    const warm = await everything(client())
    expect(warm.every((results) => (results as unknown[]).every((r) => r !== undefined))).toBe(true)
    server.log.reset()
    const offline = await everything(client({}, { cache: 'offline', now: () => Date.now() + 10 ** 10 }))
    expect(offline).toEqual(warm)
    expect(server.log.count()).toBe(0)
  })

  it('fails offline for a package never fetched, naming its URL', async () => {
    const err = await rejection(client({}, { cache: 'offline' }).packageJson(npm('fx-cjs', '1.0.0')))
    expect(err.code).toBe('ESMAP_OFFLINE_MISS')
    expect(err.specifier).toBe(`${server.urls.registry}fx-cjs`)
  })

  it('gives identical results with 20% of requests failing (503 or dropped connections)', async () => {
    const clean = await everything(client({}, { cache: false }))
    server.faults.add({ kind: 'status', status: 503, when: { rate: 0.1, seed: 7 } })
    server.faults.add({ kind: 'drop', at: 'before-headers', when: { rate: 0.1, seed: 11 } })
    server.faults.add({ kind: 'drop', at: 'after-headers', when: { rate: 0.05, seed: 13 } })
    server.log.reset()
    const faulty = await everything(client({}, { cache: false, retries: 8 }))
    expect(faulty).toEqual(clean)
    expect(server.log.entries.filter((e) => e.faults.length > 0).length).toBeGreaterThan(0)
  })

  it('never caches a truncated tarball: it is retried, and the cached copy is whole', async () => {
    server.faults.add({ kind: 'truncate', path: '/registry/fx-dep/-/fx-dep-2.0.0.tgz', when: { first: 2 } })
    const warm = asText(await client().files(npm('fx-dep', '2.0.0')))
    expect(warm).toEqual(fixtureFiles('fx-dep', '2.0.0'))
    expect(server.log.count('/registry/fx-dep/-/fx-dep-2.0.0.tgz')).toBe(3)
    expect(asText(await client({}, { cache: 'offline' }).files(npm('fx-dep', '2.0.0')))).toEqual(warm)
  })
})
