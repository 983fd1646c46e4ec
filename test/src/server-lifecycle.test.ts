import { Agent, request } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SERVICES } from './routes/index.js'
import { startFixtureServer } from './server.js'
import type { FixtureServer } from './server.js'

let server: FixtureServer
beforeAll(async () => {
  server = await startFixtureServer()
})
afterAll(() => server.close())

const scratch = mkdtempSync(join(tmpdir(), 'esmap-fixtures-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function writeFixture(root: string, path: string, content: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true })
  writeFileSync(join(root, path), content)
}

describe('addresses', () => {
  it('listens on 127.0.0.1 with an ephemeral port and one base URL per service', () => {
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`)
    expect(server.port).toBeGreaterThan(0)
    expect(server.urls).toEqual(Object.fromEntries(SERVICES.map((s) => [s, `${server.origin}/${s}/`])))
    expect(Object.keys(server.urls)).toEqual(['registry', 'jsdelivr', 'unpkg', 'jspm', 'esmsh', 'jsr', 'deno', 'apiland'])
  })
})

describe('HTTP behaviour', () => {
  it('answers HEAD with the headers of GET and no body', async () => {
    const get = await fetch(`${server.urls.registry}fx-dep`)
    const head = await fetch(`${server.urls.registry}fx-dep`, { method: 'HEAD' })
    expect([head.status, head.headers.get('content-length'), head.headers.get('etag'), await head.text()]).toEqual([
      200,
      get.headers.get('content-length'),
      get.headers.get('etag'),
      '',
    ])
  })

  it('answers a CORS preflight, refuses other methods, and 404s an unknown service', async () => {
    const options = await fetch(`${server.urls.unpkg}fx-dep@2.1.0/index.js`, { method: 'OPTIONS' })
    expect([options.status, options.headers.get('access-control-allow-origin'), options.headers.get('access-control-allow-methods')]).toEqual([204, '*', 'GET, HEAD'])
    const post = await fetch(`${server.urls.registry}fx-dep`, { method: 'POST', body: '{}' })
    expect([post.status, post.headers.get('allow'), await post.text()]).toEqual([405, 'GET, HEAD, OPTIONS', 'Method POST not allowed'])
    const unknown = await fetch(`${server.origin}/skypack/fx-dep`)
    expect([unknown.status, await unknown.text()]).toEqual([404, 'Unknown service; the fixture server serves /registry/, /jsdelivr/, /unpkg/, /jspm/, /esmsh/, /jsr/, /deno/, /apiland/'])
  })

  it('answers 304 to a matching if-none-match', async () => {
    const first = await fetch(`${server.urls.jsr}@fxjsr/util/1.0.0/mod.ts`)
    const etag = first.headers.get('etag') ?? ''
    expect(etag).toMatch(/^"[\w-]{27}"$/)
    const again = await fetch(`${server.urls.jsr}@fxjsr/util/1.0.0/mod.ts`, { headers: { 'if-none-match': etag } })
    expect([again.status, again.headers.get('etag'), again.headers.get('cache-control'), await again.text()]).toEqual([304, etag, 'public, max-age=31536000, immutable', ''])
    const other = await fetch(`${server.urls.jsr}@fxjsr/util/1.0.0/mod.ts`, { headers: { 'if-none-match': '"other"' } })
    expect(other.status).toBe(200)
  })

  it('answers 400 to malformed percent-encoding', async () => {
    const res = await fetch(`${server.urls.registry}fx-%E0%A4%A`)
    expect([res.status, await res.text()]).toEqual([400, 'Bad percent-encoding in /registry/fx-%E0%A4%A'])
  })
})

describe('close', () => {
  it('destroys idle keep-alive sockets and in-flight requests, and is idempotent', async () => {
    const target = await startFixtureServer()
    const agent = new Agent({ keepAlive: true })
    try {
      const socketClosed = new Promise<void>((resolve) => {
        request(`${target.urls.registry}fx-dep`, { agent }, (res) => {
          res.resume()
          res.socket.once('close', () => resolve())
        }).end()
      })
      await new Promise((r) => setTimeout(r, 50)) // the first response is done; its socket idles in the agent
      target.faults.add({ kind: 'latency', ms: 5000 })
      const inFlight = fetch(`${target.urls.registry}fx-dep`).then(
        () => 'answered',
        () => 'failed',
      )
      await new Promise((r) => setTimeout(r, 50))
      const start = performance.now()
      await Promise.all([target.close(), target.close()])
      expect(performance.now() - start).toBeLessThan(1000)
      await socketClosed
      expect(await inFlight).toBe('failed')
      expect(target.log.count()).toBe(2)
      await expect(fetch(`${target.urls.registry}fx-dep`)).rejects.toThrow('fetch failed')
    } finally {
      agent.destroy()
      await target.close()
    }
  })

  it('closes through Symbol.asyncDispose (await using)', async () => {
    let origin = ''
    {
      await using disposable = await startFixtureServer()
      origin = disposable.origin
      expect((await fetch(`${origin}/registry/fx-dep`)).status).toBe(200)
    }
    await expect(fetch(`${origin}/registry/fx-dep`)).rejects.toThrow('fetch failed')
  })
})

describe('fixture options', () => {
  it('adds packages from extra roots and inline, merging versions with the built-ins', async () => {
    const root = join(scratch, 'extra')
    writeFixture(root, 'packages/fx-dep/3.0.0/package.json', JSON.stringify({ name: 'fx-dep', version: '3.0.0' }))
    writeFixture(root, 'packages/fx-dep/3.0.0/index.js', 'export default 3\n')
    writeFixture(root, 'jsr/@fxjsr/extra/0.1.0/mod.ts', 'export const x = 1\n')
    const target = await startFixtureServer({
      roots: [root],
      packages: [{ name: '@fx/inline', version: '0.0.1', files: { 'package.json': '{"name":"@fx/inline","version":"0.0.1"}', 'index.js': 'export {}' } }],
    })
    try {
      const dep = (await (await fetch(`${target.urls.registry}fx-dep`)).json()) as { versions: object; 'dist-tags': unknown }
      expect([Object.keys(dep.versions), dep['dist-tags']]).toEqual([['1.0.0', '1.2.0', '2.0.0', '2.1.0', '3.0.0'], { latest: '3.0.0' }])
      expect(await (await fetch(`${target.urls.unpkg}fx-dep@3.0.0/index.js`)).text()).toBe('export default 3\n')
      expect((await fetch(`${target.urls.jsr}@fxjsr/extra/meta.json`)).status).toBe(200)
      expect(await (await fetch(`${target.urls.jsdelivr}npm/@fx/inline@0.0.1/index.js`)).text()).toBe('export {}')
      expect(target.store.names('npm')).toContain('@fx/inline')
    } finally {
      await target.close()
    }
  })

  it('can leave the built-in fixtures out', async () => {
    const target = await startFixtureServer({ builtins: false, packages: [{ name: 'fx-only', version: '1.0.0', files: { 'package.json': '{"name":"fx-only","version":"1.0.0"}' } }] })
    try {
      expect(target.store.names('npm')).toEqual(['fx-only'])
      expect((await fetch(`${target.urls.registry}fx-dep`)).status).toBe(404)
    } finally {
      await target.close()
    }
  })

  it.each([
    [
      'a version defined twice',
      [{ name: 'fx-dep', version: '2.1.0', files: { 'package.json': '{"name":"fx-dep","version":"2.1.0"}' } }],
      'fixture npm:fx-dep@2.1.0 is defined twice (again in inline fixture fx-dep@2.1.0); remove one',
    ],
    [
      'a package.json that disagrees with its version',
      [{ name: 'fx-x', version: '1.0.0', files: { 'package.json': '{"name":"fx-x","version":"1.0.1"}' } }],
      'fixture inline fixture fx-x@1.0.0/package.json says fx-x@1.0.1; its folder says fx-x@1.0.0. Make them agree.',
    ],
    [
      'an npm version without package.json',
      [{ name: 'fx-x', version: '1.0.0', files: { 'index.js': '' } }],
      'fixture fx-x@1.0.0 (inline fixture fx-x@1.0.0) has no package.json; add one with "name": "fx-x" and "version": "1.0.0"',
    ],
    ['a version that is not semver', [{ registry: 'jsr' as const, name: '@fxjsr/x', version: 'main', files: {} }], 'fixture folder inline fixture @fxjsr/x@main: "main" is not an exact semver version'],
  ])('refuses %s', async (_, packages, message) => {
    await expect(startFixtureServer({ packages })).rejects.toThrow(message)
  })
})
