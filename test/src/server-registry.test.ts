import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixturesDir } from './paths.js'
import { ABBREVIATED_PACKUMENT } from './routes/registry.js'
import { startFixtureServer } from './server.js'
import type { FixtureServer } from './server.js'
import { readTarball } from './tarball.js'

let server: FixtureServer
beforeAll(async () => {
  server = await startFixtureServer()
})
afterAll(() => server.close())

const fixture = (...path: string[]): string => join(fixturesDir, 'packages', ...path)
const json = (...path: string[]): Record<string, unknown> => JSON.parse(readFileSync(fixture(...path), 'utf8')) as Record<string, unknown>

async function get(path: string, init?: RequestInit): Promise<{ status: number; headers: Record<string, string>; body: Uint8Array }> {
  const res = await fetch(`${server.urls.registry}${path}`, init)
  return { status: res.status, headers: Object.fromEntries(res.headers), body: new Uint8Array(await res.arrayBuffer()) }
}
const parse = (body: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(body))

interface Dist {
  tarball: string
  integrity: string
  shasum: string
  fileCount: number
  unpackedSize: number
}

describe('npm registry: packument', () => {
  it('GET /fx-cjs-util answers the full packument', async () => {
    const res = await get('fx-cjs-util')
    const tarball = await get('fx-cjs-util/-/fx-cjs-util-1.0.0.tgz')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.headers['cache-control']).toBe('public, max-age=300')
    expect(res.headers['access-control-allow-origin']).toBe('*')
    expect(parse(res.body)).toEqual({
      _id: 'fx-cjs-util',
      name: 'fx-cjs-util',
      description: 'CommonJS dependency of fx-cjs (module.exports object)',
      'dist-tags': { latest: '1.0.0' },
      versions: {
        '1.0.0': {
          ...json('fx-cjs-util', '1.0.0', 'package.json'),
          _id: 'fx-cjs-util@1.0.0',
          dist: {
            tarball: `${server.urls.registry}fx-cjs-util/-/fx-cjs-util-1.0.0.tgz`,
            integrity: `sha512-${createHash('sha512').update(tarball.body).digest('base64')}`,
            shasum: createHash('sha1').update(tarball.body).digest('hex'),
            fileCount: 2,
            unpackedSize: statSync(fixture('fx-cjs-util', '1.0.0', 'index.js')).size + statSync(fixture('fx-cjs-util', '1.0.0', 'package.json')).size,
          },
        },
      },
      time: { created: '2020-01-01T00:00:00.000Z', modified: '2020-01-01T00:00:00.000Z', '1.0.0': '2020-01-01T00:00:00.000Z' },
    })
  })

  it('lists every version in semver order with synthetic publish times', async () => {
    const doc = parse((await get('fx-dep')).body) as { versions: Record<string, unknown>; time: Record<string, string>; 'dist-tags': unknown }
    expect(Object.keys(doc.versions)).toEqual(['1.0.0', '1.2.0', '2.0.0', '2.1.0'])
    expect(doc['dist-tags']).toEqual({ latest: '2.1.0' })
    expect(doc.time).toEqual({
      created: '2020-01-01T00:00:00.000Z',
      modified: '2020-01-04T00:00:00.000Z',
      '1.0.0': '2020-01-01T00:00:00.000Z',
      '1.2.0': '2020-01-02T00:00:00.000Z',
      '2.0.0': '2020-01-03T00:00:00.000Z',
      '2.1.0': '2020-01-04T00:00:00.000Z',
    })
  })

  it.each([
    ['fx-tagged', { latest: '1.1.0', next: '2.0.0' }],
    ['fx-prerelease', { latest: '1.0.0', next: '1.1.0-beta.1' }],
    ['@fx/scoped', { latest: '1.1.0' }],
  ])('%s has dist-tags %j', async (name, tags) => {
    expect((parse((await get(name)).body) as { 'dist-tags': unknown })['dist-tags']).toEqual(tags)
  })

  it('keeps exports, dependencies and peerDependencies from package.json', async () => {
    const doc = parse((await get('fx-react-dom')).body) as { versions: Record<string, Record<string, unknown>> }
    expect(doc.versions['18.3.1']?.peerDependencies).toEqual({ 'fx-react': '^18.3.1' })
    expect(doc.versions['18.3.1']?.exports).toEqual({ '.': './index.js', './client': './client.js' })
    const exportsDoc = parse((await get('fx-exports/1.0.0')).body) as Record<string, unknown>
    expect(exportsDoc.exports).toEqual(json('fx-exports', '1.0.0', 'package.json').exports)
  })

  it('serves a scoped name as @scope%2fname, @scope%2Fname and @scope/name alike', async () => {
    const bodies = await Promise.all(['@fx%2fscoped', '@fx%2Fscoped', '@fx/scoped'].map(async (p) => new TextDecoder().decode((await get(p)).body)))
    expect(new Set(bodies).size).toBe(1)
    expect((parse(new TextEncoder().encode(bodies[0])) as { name: string }).name).toBe('@fx/scoped')
  })

  it('answers the abbreviated packument when asked for it', async () => {
    const res = await get('fx-tagged', { headers: { accept: `${ABBREVIATED_PACKUMENT}; q=1.0, application/json; q=0.8` } })
    expect(res.headers['content-type']).toBe('application/vnd.npm.install-v1+json')
    const doc = parse(res.body) as { versions: Record<string, Record<string, unknown>> }
    expect(Object.keys(doc)).toEqual(['name', 'dist-tags', 'modified', 'versions'])
    expect(Object.keys(doc.versions['1.0.0'] ?? {})).toEqual(['name', 'version', 'deprecated', 'dist'])
    expect(doc.versions['1.0.0']?.deprecated).toBe('fx-tagged@1.0.0 is deprecated: use 1.1.0')
  })
})

describe('npm registry: version documents', () => {
  it.each([
    ['fx-dep/1.2.0', '1.2.0'],
    ['fx-tagged/latest', '1.1.0'],
    ['fx-tagged/next', '2.0.0'],
    ['fx-prerelease/next', '1.1.0-beta.1'],
    ['@fx%2fscoped/1.0.0', '1.0.0'],
    ['@fx/scoped/latest', '1.1.0'],
  ])('GET /%s → version %s', async (path, version) => {
    const res = await get(path)
    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe('public, max-age=300')
    const doc = parse(res.body) as { version: string; _id: string; dist: Dist }
    expect(doc.version).toBe(version)
    expect(doc._id.endsWith(`@${version}`)).toBe(true)
  })

  it.each([
    ['fx-nope', { error: 'Not found' }],
    ['@fx/nope', { error: 'Not found' }],
    ['fx-dep/9.9.9', { error: 'version not found: 9.9.9' }],
    ['fx-dep/beta', { error: 'version not found: beta' }],
    ['fx-dep/-/fx-dep-9.9.9.tgz', { error: 'Not found' }],
    ['fx-dep/-/other-1.0.0.tgz', { error: 'Not found' }],
  ])('GET /%s → 404 %j', async (path, body) => {
    const res = await get(path)
    expect([res.status, res.headers['content-type'], parse(res.body)]).toEqual([404, 'application/json; charset=utf-8', body])
  })
})

describe('npm registry: tarballs', () => {
  it.each([
    ['fx-dep', '2.1.0'],
    ['@fx/scoped', '1.1.0'],
    ['fx-exports', '1.0.0'],
  ])('%s@%s: integrity and shasum verify, and it extracts to the fixture files', async (name, version) => {
    const doc = parse((await get(`${name}/${version}`)).body) as { dist: Dist }
    const res = await fetch(doc.dist.tarball)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(res.headers.get('content-type')).toBe('application/octet-stream')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const [algorithm, digest] = doc.dist.integrity.split('-')
    expect(createHash(algorithm ?? '').update(bytes).digest('base64')).toBe(digest)
    expect(createHash('sha1').update(bytes).digest('hex')).toBe(doc.dist.shasum)
    const entries = readTarball(bytes)
    const dir = fixture(...name.split('/'), version)
    expect(entries.length).toBe(doc.dist.fileCount)
    for (const entry of entries) {
      expect(entry.path.startsWith('package/')).toBe(true)
      expect(Buffer.from(entry.data)).toEqual(readFileSync(join(dir, entry.path.slice('package/'.length))))
    }
    expect(entries.reduce((n, e) => n + e.size, 0)).toBe(doc.dist.unpackedSize)
  })

  it('a second server packs identical bytes', async () => {
    const other = await startFixtureServer()
    try {
      const a = await (await fetch(`${server.urls.registry}fx-dep/-/fx-dep-2.1.0.tgz`)).arrayBuffer()
      const b = await (await fetch(`${other.urls.registry}fx-dep/-/fx-dep-2.1.0.tgz`)).arrayBuffer()
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
    } finally {
      await other.close()
    }
  })
})
