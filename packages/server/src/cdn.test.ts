import { createHash } from 'node:crypto'
import { readFile, readdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fixturesDir } from '@esmap/test-fixtures'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawBuilder } from './build/raw.js'
import { rawRequest, stableHeaders, startTestServers, type TestServers } from './testing.fixture.js'

const fixtureFile = (pkg: string, path: string): Promise<Buffer> => readFile(join(fixturesDir, 'packages', pkg, path))
const etag = (bytes: Uint8Array): string => `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`

const FILE_HEADERS = {
  'access-control-allow-origin': '*',
  'cache-control': 'public, max-age=31536000, immutable',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  'x-content-type-options': 'nosniff',
}
const ERROR_HEADERS = { 'access-control-allow-origin': '*', 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8' }

// Files served as published (rawBuilder), so every expected body is a fixture file; builder.test.ts covers @esmap/builder.
let t: TestServers
beforeAll(async () => {
  t = await startTestServers({ builder: rawBuilder })
})
afterAll(() => t.close())

describe('GET /npm:<name>@<version>/<path>', () => {
  it('serves a built file with its content type, CORS, immutable caching and a strong ETag', async () => {
    const expected = await fixtureFile('fx-dep/2.1.0', 'index.js')
    const response = await t.get('/npm:fx-dep@2.1.0/index.js')
    const body = new Uint8Array(await response.arrayBuffer())
    expect([response.status, Buffer.from(body).equals(expected)]).toEqual([200, true])
    expect(stableHeaders(response)).toEqual({ ...FILE_HEADERS, 'content-type': 'text/javascript; charset=utf-8', 'content-length': String(expected.byteLength), etag: etag(expected) })
  })

  it('answers 304 with the validators to a matching if-none-match, and the full file to another', async () => {
    const expected = await fixtureFile('fx-dep/2.1.0', 'index.js')
    const notModified = await t.get('/npm:fx-dep@2.1.0/index.js', { headers: { 'if-none-match': etag(expected) } })
    expect([notModified.status, await notModified.text()]).toEqual([304, ''])
    expect(stableHeaders(notModified)).toEqual({ 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=31536000, immutable', etag: etag(expected) })
    const weak = await t.get('/npm:fx-dep@2.1.0/index.js', { headers: { 'if-none-match': `"other", W/${etag(expected)}` } })
    expect(weak.status).toBe(304)
    const changed = await t.get('/npm:fx-dep@2.1.0/index.js', { headers: { 'if-none-match': '"stale"' } })
    expect([changed.status, await changed.text()]).toEqual([200, expected.toString('utf8')])
  })

  it('answers HEAD with the headers of GET and no body', async () => {
    const response = await t.get('/npm:fx-dep@2.1.0/extra.js', { method: 'HEAD' })
    const expected = await fixtureFile('fx-dep/2.1.0', 'extra.js')
    expect([response.status, await response.text(), response.headers.get('content-length'), response.headers.get('etag')]).toEqual([200, '', String(expected.byteLength), etag(expected)])
  })

  it.each([
    ['fx-assets@1.0.0/style.css', 'fx-assets/1.0.0', 'style.css', 'text/css; charset=utf-8'],
    ['fx-assets@1.0.0/add.wasm', 'fx-assets/1.0.0', 'add.wasm', 'application/wasm'],
    ['fx-assets@1.0.0/data.json', 'fx-assets/1.0.0', 'data.json', 'application/json; charset=utf-8'],
    ['@fx/scoped@1.0.0/utils.js', '@fx/scoped/1.0.0', 'utils.js', 'text/javascript; charset=utf-8'],
  ])('serves %s as %s', async (path, dir, file, type) => {
    const response = await t.get(`/npm:${path}`)
    const expected = await fixtureFile(dir, file)
    expect([response.status, response.headers.get('content-type'), Buffer.from(await response.arrayBuffer()).equals(expected)]).toEqual([200, type, true])
  })

  it('serves the processed package.json: the published fields without scripts, and every file listed', async () => {
    const response = await t.get('/npm:fx-dep@2.1.0/package.json')
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/json; charset=utf-8'])
    expect(await response.json()).toEqual({
      name: 'fx-dep',
      version: '2.1.0',
      description: 'versions to choose between: two majors',
      type: 'module',
      exports: { '.': './index.js', './extra': './extra.js' },
      files: ['extra.js', 'index.js', 'package.json'],
    })
  })

  it.each([
    ['/npm:fx-dep@2.1.0/missing.js', 404, 'Not found: npm:fx-dep@2.1.0/missing.js'],
    ['/npm:fx-dep@9.9.9/index.js', 404, 'Not found: npm:fx-dep@9.9.9 (not published)'],
    ['/npm:fx-nonexistent@1.0.0/index.js', 404, 'Not found: npm:fx-nonexistent@1.0.0 (not published)'],
    ['/npm:fx-nonexistent@^1/index.js', 404, 'Not found: npm:fx-nonexistent@^1 (no such package, or no published version matches)'],
    ['/npm:fx-dep@^7/index.js', 404, 'Not found: npm:fx-dep@^7 (no such package, or no published version matches)'],
    ['/npm:fx-dep@2.1.0/_error.log', 404, 'Not found: npm:fx-dep@2.1.0/_error.log'],
    ['/elsewhere', 404, 'Not found: /elsewhere; package files are at /npm:<name>@<version>/<path>'],
  ])('%s → %i { error }', async (path, status, error) => {
    const response = await t.get(path)
    expect([response.status, stableHeaders(response), await response.json()]).toEqual([status, { ...ERROR_HEADERS, 'content-length': String(JSON.stringify({ error }).length) }, { error }])
  })
})

describe('GET /npm:<name>@<range>: a redirect to the exact version', () => {
  it.each([
    ['/npm:fx-dep@^2/extra.js', '/npm:fx-dep@2.1.0/extra.js'],
    ['/npm:fx-dep@1/index.js', '/npm:fx-dep@1.2.0/index.js'],
    ['/npm:fx-dep@%5E1.0.0/index.js', '/npm:fx-dep@1.2.0/index.js'],
    ['/npm:fx-dep/index.js', '/npm:fx-dep@2.1.0/index.js'],
    ['/npm:fx-tagged@latest/index.js', '/npm:fx-tagged@1.1.0/index.js'],
    ['/npm:fx-tagged@next/index.js', '/npm:fx-tagged@2.0.0/index.js'],
    ['/npm:fx-tagged/index.js', '/npm:fx-tagged@1.1.0/index.js'],
    ['/npm:fx-prerelease@1/index.js', '/npm:fx-prerelease@1.0.0/index.js'],
    ['/npm:@fx/scoped@1/utils.js', '/npm:@fx/scoped@1.1.0/utils.js'],
    ['/npm:fx-dep@2', '/npm:fx-dep@2.1.0'],
    ['/npm:fx-dep@~2.0.0/a%20b.js', '/npm:fx-dep@2.0.0/a%20b.js'],
  ])('%s → 302 %s (short cache)', async (path, location) => {
    const response = await t.get(path)
    expect([response.status, stableHeaders(response)]).toEqual([302, { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=60', 'content-length': '0', location }])
  })

  it.each([
    ['/npm:fx-dep@2.1.0', '/npm:fx-dep@2.1.0/index.js'],
    ['/npm:fx-dep@2.1.0/', '/npm:fx-dep@2.1.0/index.js'],
    ['/npm:fx-exports@1.0.0', '/npm:fx-exports@1.0.0/dist/browser.js'],
    ['/npm:fx-legacy@1.0.0', '/npm:fx-legacy@1.0.0/es/main.browser.js'],
  ])('an exact package root %s → 302 %s, its browser entry (immutable)', async (path, location) => {
    const response = await t.get(path)
    expect([response.status, response.headers.get('location'), response.headers.get('cache-control')]).toEqual([302, location, 'public, max-age=31536000, immutable'])
  })
})

describe('paths that try to leave the package or the storage', () => {
  const attempts: [string, number][] = [
    ['/npm:fx-dep@2.1.0/../../../../etc/passwd', 400],
    ['/npm:fx-dep@2.1.0/%2e%2e/%2e%2e/%2e%2e/etc/passwd', 400],
    ['/npm:fx-dep@2.1.0/%2E%2E%2F%2E%2E%2Fsecret.txt', 400],
    ['/npm:fx-dep@2.1.0/..%2f..%2f..%2fsecret.txt', 400],
    ['/npm:fx-dep@2.1.0/..%5c..%5csecret.txt', 400],
    ['/npm:fx-dep@2.1.0/..\\..\\secret.txt', 400],
    ['/npm:fx-dep@2.1.0//etc/passwd', 400],
    ['/npm:fx-dep@2.1.0/%00', 400],
    ['/npm:..%2f..%2fsecret@1.0.0/x.js', 400],
    ['/npm:%2e%2e@1.0.0/secret.txt', 400],
    ['/npm:fx-dep@..%2f..%2f/secret.txt', 400],
    ['/npm:fx-dep@2.1.0/build.json', 404],
    ['/npm:fx-dep@2.1.0/files/index.js', 404],
    ['//etc/passwd', 404],
    ['/../../etc/passwd', 404],
  ]
  it.each(attempts)('%s → %i, never a file outside the package', async (path, status) => {
    await writeFile(join(t.storageDir, '..', 'secret.txt'), 'TOP-SECRET-CONTENT')
    const response = await rawRequest(t.server.url, path)
    expect(response.status).toBe(status)
    expect(JSON.parse(response.body)).toEqual({ error: expect.any(String) })
    expect(response.body).not.toContain('TOP-SECRET-CONTENT')
  })

  it('does not serve a symlink planted in the storage, even for a path the package lists', async () => {
    await t.get('/npm:fx-dep@2.0.0/index.js')
    const files = join(t.storageDir, 'npm', 'fx-dep@2.0.0', 'files')
    expect((await readdir(files)).sort()).toEqual(['extra.js', 'index.js', 'package.json'])
    const built = await t.get('/npm:fx-dep@2.0.0/extra.js')
    expect(built.status).toBe(200)
    // A fresh server (cold memory cache) over the same storage, with extra.js replaced by a symlink.
    await using fresh = await startTestServers({ storageDir: t.storageDir, builder: rawBuilder })
    const { rm } = await import('node:fs/promises')
    await rm(join(files, 'extra.js'))
    await symlink('/etc/passwd', join(files, 'extra.js'))
    const response = await fresh.get('/npm:fx-dep@2.0.0/extra.js')
    expect([response.status, await response.json()]).toEqual([404, { error: 'Not found: npm:fx-dep@2.0.0/extra.js' }])
  })
})

describe('methods, CORS preflight and limits', () => {
  it('answers OPTIONS with a CORS preflight', async () => {
    const response = await t.get('/npm:fx-dep@2.1.0/index.js', { method: 'OPTIONS' })
    expect([response.status, stableHeaders(response)]).toEqual([
      204,
      {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
        'access-control-allow-headers': 'content-type, authorization, if-none-match',
        'access-control-max-age': '86400',
      },
    ])
  })

  it.each([
    ['/npm:fx-dep@2.1.0/index.js', 'POST', 'GET, HEAD'],
    ['/npm:fx-dep@2.1.0/index.js', 'DELETE', 'GET, HEAD'],
    ['/generate', 'PUT', 'GET, HEAD, POST'],
  ])('%s %s → 405 with allow', async (path, method, allow) => {
    const response = await t.get(path, { method })
    expect([response.status, response.headers.get('allow'), await response.json()]).toEqual([405, allow, { error: `Method not allowed; use ${allow}` }])
  })

  it('answers a URL longer than maxUrlLength with 414', async () => {
    const response = await t.get(`/npm:fx-dep@2.1.0/${'a'.repeat(9000)}.js`)
    expect([response.status, await response.json()]).toEqual([414, { error: "The request URL is longer than this server's limit of 8192 characters" }])
  })

  it('lists its endpoints at /', async () => {
    const response = await t.get('/')
    expect(await response.json()).toEqual({
      name: '@esmap/server',
      endpoints: ['GET /npm:<name>@<version>/<path>', 'GET /npm:<name>@<range>[/<path>]', 'GET|POST /generate', 'GET /build/<name>@<version>[?token=]'],
    })
  })
})
