import { Generator } from '@esmap/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawBuilder } from './build/raw.js'
import { stableHeaders, startLoopback, startTestServers, type Loopback, type TestServers } from './testing.fixture.js'

let t: TestServers
let U: string
let target: Loopback
beforeAll(async () => {
  // Packages served as published (rawBuilder): conditional exports stay in package.json, so env picks files. builder.test.ts covers @esmap/builder.
  t = await startTestServers({ builder: rawBuilder, limits: { maxInstalls: 5, maxBodyBytes: 4096 } })
  U = t.server.url
  target = await startLoopback((_req, res) => res.writeHead(200, { 'content-type': 'text/javascript' }).end("import 'fx-dep'\nexport default 1"))
})
afterAll(async () => {
  await t.close()
  await target.close()
})

const post = (body: unknown): Promise<Response> => t.get('/generate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const query = (params: Record<string, string>): Promise<Response> => t.get(`/generate?${new URLSearchParams(params)}`)

describe('/generate: JSON in and out', () => {
  it('installs a package: { staticDeps, dynamicDeps, map } with no error field', async () => {
    const response = await query({ install: 'fx-dep@^2' })
    const body = await response.json()
    expect([response.status, body]).toEqual([200, { staticDeps: [`${U}npm:fx-dep@2.1.0/index.js`], dynamicDeps: [], map: { imports: { 'fx-dep': `${U}npm:fx-dep@2.1.0/index.js` } } }])
    expect(stableHeaders(response)).toEqual({ 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=60', 'content-type': 'application/json; charset=utf-8', 'content-length': String(JSON.stringify(body).length) })
  })

  it('answers GET (comma-separated, JSON) and POST the same', async () => {
    const expected = {
      staticDeps: [`${U}npm:@fx/scoped@1.1.0/index.js`, `${U}npm:fx-dep@2.1.0/index.js`, `${U}npm:fx-dep@2.1.0/extra.js`],
      dynamicDeps: [],
      map: { imports: { '@fx/scoped': `${U}npm:@fx/scoped@1.1.0/index.js`, 'fx-dep/extra': `${U}npm:fx-dep@2.1.0/extra.js` }, scopes: { [U]: { 'fx-dep': `${U}npm:fx-dep@2.1.0/index.js` } } },
    }
    // The Generator's staticDeps order varies from run to run (see the README): compared as sets.
    const sorted = (body: { staticDeps: string[] }): unknown => ({ ...body, staticDeps: [...body.staticDeps].sort() })
    const bodies = await Promise.all([
      query({ install: '@fx/scoped,fx-dep/extra' }).then((r) => r.json()),
      query({ install: '["@fx/scoped","fx-dep/extra"]' }).then((r) => r.json()),
      post({ install: ['@fx/scoped', 'fx-dep/extra'] }).then((r) => r.json()),
    ])
    expect(bodies.map(sorted)).toEqual([expected, expected, expected].map(sorted))
  })

  it('scopes a second version of a dependency, and flattenScope moves what it can to imports', async () => {
    const scoped = await (await post({ install: ['fx-uses-dep1', 'fx-dep@2'] })).json()
    expect(scoped.map).toEqual({
      imports: { 'fx-uses-dep1': `${U}npm:fx-uses-dep1@1.0.0/index.js`, 'fx-dep': `${U}npm:fx-dep@2.1.0/index.js` },
      scopes: { [`${U}npm:fx-uses-dep1@1.0.0/`]: { 'fx-dep': `${U}npm:fx-dep@1.2.0/index.js` } },
    })
    const flat = await (await post({ install: ['@fx/scoped'], flattenScope: true })).json()
    expect(flat.map).toEqual({ imports: { '@fx/scoped': `${U}npm:@fx/scoped@1.1.0/index.js`, 'fx-dep': `${U}npm:fx-dep@2.1.0/index.js` } })
    const kept = await (await post({ install: ['fx-uses-dep1', 'fx-dep@2'], flattenScope: true })).json()
    expect(kept.map).toEqual(scoped.map)
  })

  it('applies env: the conditions choose the file', async () => {
    const dev = await (await query({ install: 'fx-exports' })).json()
    const prod = await (await query({ install: 'fx-exports', env: 'browser,production,module' })).json()
    expect([dev.map.imports['fx-exports'], prod.map.imports['fx-exports']]).toEqual([`${U}npm:fx-exports@1.0.0/dist/browser.development.js`, `${U}npm:fx-exports@1.0.0/dist/browser.production.js`])
  })

  it('lists dynamic imports, and the graph grouped by package', async () => {
    const body = await (await post({ install: ['fx-dynamic'], graph: true })).json()
    expect(body).toEqual({
      staticDeps: [`${U}npm:fx-dynamic@1.0.0/index.js`],
      dynamicDeps: [`${U}npm:fx-dynamic@1.0.0/lazy.js`, `${U}npm:fx-dep@2.1.0/index.js`],
      map: { imports: { 'fx-dynamic': `${U}npm:fx-dynamic@1.0.0/index.js` }, scopes: { [U]: { 'fx-dep': `${U}npm:fx-dep@2.1.0/index.js` } } },
      graph: {
        [`${U}npm:fx-dep@2.1.0/`]: { 'index.js': { staticDeps: [], dynamicDeps: [] } },
        [`${U}npm:fx-dynamic@1.0.0/`]: {
          'index.js': { staticDeps: [], dynamicDeps: [`${U}npm:fx-dep@2.1.0/index.js`, `${U}npm:fx-dynamic@1.0.0/lazy.js`] },
          'lazy.js': { staticDeps: [], dynamicDeps: [] },
        },
      },
    })
  })

  it('keeps inputMap resolutions: a pinned version wins and stays', async () => {
    const body = await (await post({ install: ['fx-uses-dep1'], inputMap: { imports: { 'fx-dep': `${U}npm:fx-dep@1.0.0/index.js` } } })).json()
    expect(body.map).toEqual({ imports: { 'fx-dep': `${U}npm:fx-dep@1.0.0/index.js`, 'fx-uses-dep1': `${U}npm:fx-uses-dep1@1.0.0/index.js` } })
  })

  it('gives the map the core Generator makes with the esmap provider pointed at this server over HTTP', async () => {
    const generator = new Generator({ defaultProvider: 'esmap', providerConfig: { esmap: { cdnUrl: U } }, registry: t.fixtures.urls.registry, cache: false, mapUrl: 'https://app.example/' })
    await generator.install(['fx-uses-dep1', 'fx-dep@2', '@fx/scoped'])
    const body = await (await post({ install: ['fx-uses-dep1', 'fx-dep@2', '@fx/scoped'] })).json()
    expect(generator.getMap()).toEqual(body.map)
  })

  it('reuses an answer for identical requests without asking the registry again', async () => {
    await query({ install: 'fx-react@17' })
    const before = t.fixtures.log.count()
    const again = await Promise.all(Array.from({ length: 5 }, () => query({ install: 'fx-react@17' }).then((r) => r.status)))
    expect([again, t.fixtures.log.count() - before]).toEqual([[200, 200, 200, 200, 200], 0])
  })
})

describe('/generate: the error contract', () => {
  it.each([
    [{ install: ['fx-nonexistent'] }, 404, /^Package npm:fx-nonexistent was not found/],
    [{ install: ['fx-dep@^9'] }, 404, /^No version of npm:fx-dep matches "\^9" \(latest is 2\.1\.0\)/],
    [{ install: ['fx-exports/internal'] }, 404, /internal/],
    [{ install: ['https://example.com/x/'] }, 400, /^install\[0\] "https:\/\/example\.com\/x\/" is a URL; this server installs npm packages only \(name@range\/subpath\)$/],
    [{ install: ['./local'] }, 400, /^install\[0\] "\.\/local" is a local path; this server installs npm packages only/],
    [{ install: ['fx-dep'], provider: 'jspm.io' }, 400, /^Unknown provider "jspm\.io"; this server offers "esmap"$/],
    [{ install: ['fx-dep'], inputMap: { imports: { x: 'file:///etc/passwd' } } }, 400, /^inputMap\.imports\["x"\] is a file: URL; only http:, https: and data: URLs are accepted$/],
    [{}, 400, /^Nothing to generate/],
    [{ install: ['a', 'b', 'c', 'd', 'e', 'f'] }, 400, /^"install" lists 6 targets; this server accepts at most 5 per request$/],
    [{ install: ['fx-dep'], nope: 1 }, 400, /^Unknown argument "nope"/],
  ])('%j → %i with only an error field', async (body, status, message) => {
    const response = await post(body)
    const json = await response.json()
    expect([response.status, Object.keys(json), response.headers.get('cache-control')]).toEqual([status, ['error'], 'no-store'])
    expect(json.error).toMatch(message)
  })

  it('refuses a body that is not JSON, and one over maxBodyBytes with 413', async () => {
    const notJson = await t.get('/generate', { method: 'POST', body: '{install:' })
    expect([notJson.status, (await notJson.json()).error]).toEqual([400, expect.stringMatching(/^The request body is not JSON: /)])
    const big = await post({ install: ['fx-dep'], env: Array.from({ length: 500 }, (_, i) => `condition-${i}`) })
    expect([big.status, await big.json()]).toEqual([413, { error: "The request body is larger than this server's limit of 4096 bytes" }])
  })
})

describe('/generate: SSRF', () => {
  it('keeps input map entries on other origins as given, without fetching them', async () => {
    target.hits.length = 0
    const body = await (await post({ install: ['fx-dep'], inputMap: { imports: { other: `${target.url}x.js`, 'fx-dep': `${target.url}dep.js` }, scopes: { [target.url]: { y: `${target.url}y.js` } } } })).json()
    expect(body).toEqual({ staticDeps: [], dynamicDeps: [], map: { imports: { 'fx-dep': `${target.url}dep.js`, other: `${target.url}x.js` }, scopes: { [target.url]: { y: `${target.url}y.js` } } } })
    expect(target.hits).toEqual([])
  })

  it('never fetches where an input map scope points, whatever the Generator does with it', async () => {
    target.hits.length = 0
    const response = await post({ install: ['fx-uses-dep1'], inputMap: { scopes: { [`${U}npm:fx-uses-dep1@1.0.0/`]: { 'fx-dep': `${target.url}evil.js` } } } })
    const body = await response.json()
    expect(response.status === 200 ? Object.keys(body) : body).toEqual(response.status === 200 ? ['staticDeps', 'dynamicDeps', 'map'] : { error: expect.stringMatching(/^This server does not fetch /) })
    expect(target.hits).toEqual([])
  })

  it('refuses to fetch a URL a package imports, with a 400 and no request there', async () => {
    await using evil = await startTestServers({ builder: rawBuilder }, {
      packages: [{ name: 'fx-url-import', version: '1.0.0', files: { 'package.json': JSON.stringify({ name: 'fx-url-import', version: '1.0.0', type: 'module', main: 'index.js' }), 'index.js': `import '${target.url}evil.js'\n` } }],
    })
    target.hits.length = 0
    const response = await evil.get('/generate?install=fx-url-import')
    expect([response.status, await response.json()]).toEqual([400, { error: `This server does not fetch ${target.url}evil.js: it fetches only from its registry (${evil.fixtures.urls.registry}) and its configured providers, never from URLs a request names.` }])
    expect(target.hits).toEqual([])
  })

  it('never follows a dependency that names a URL or a folder', async () => {
    await using evil = await startTestServers({ builder: rawBuilder }, {
      packages: [
        { name: 'fx-url-dep', version: '1.0.0', files: { 'package.json': JSON.stringify({ name: 'fx-url-dep', version: '1.0.0', type: 'module', main: 'index.js', dependencies: { x: `${target.url}pkg/` } }), 'index.js': "import 'x'\n" } },
        { name: 'fx-file-dep', version: '1.0.0', files: { 'package.json': JSON.stringify({ name: 'fx-file-dep', version: '1.0.0', type: 'module', main: 'index.js', dependencies: { y: 'file:///etc/' } }), 'index.js': "import 'y'\n" } },
      ],
    })
    target.hits.length = 0
    for (const [pkg, dep] of [['fx-url-dep', 'x'], ['fx-file-dep', 'y']]) {
      const response = await evil.get('/generate', { method: 'POST', body: JSON.stringify({ install: [pkg] }) })
      expect([response.status, (await response.json()).error]).toEqual([400, expect.stringContaining(`"${dep}" is not declared as a dependency`)])
    }
    expect(target.hits).toEqual([])
  })
})

describe('/generate: limits', () => {
  it('stops at maxGraphModules with a 400', async () => {
    await using small = await startTestServers({ builder: rawBuilder, limits: { maxGraphModules: 2 } })
    const response = await small.get('/generate?install=fx-uses-dep2')
    expect([response.status, (await response.json()).error]).toEqual([400, expect.stringMatching(/^The module graph has more than 2 modules \(at http:\/\/127\.0\.0\.1:\d+\/npm:fx-dep@2\.1\.0\/(index|extra)\.js\); this server traces at most 2 per request\n {2}Fix: /)])
  })

  it('answers 503 with retry-after when every /generate slot is busy and none may wait', async () => {
    await using busy = await startTestServers({ builder: rawBuilder, limits: { maxConcurrentGenerates: 1, maxPendingGenerates: 0 } })
    busy.fixtures.faults.add({ kind: 'latency', ms: 500, path: '/registry/fx-react' })
    const first = busy.get('/generate?install=fx-react')
    await new Promise((resolve) => setTimeout(resolve, 100))
    const second = await busy.get('/generate?install=fx-dep')
    expect([second.status, second.headers.get('retry-after'), await second.json()]).toEqual([
      503,
      '5',
      { error: 'The /generate queue is full (0 waiting); {"install":["fx-dep"],"env":["browser","development","module"],"flattenScope":false,"graph":false} was not queued\n  Fix: Try again shortly, or raise limits.maxPendingGenerates or limits.maxConcurrentGenerates.' },
    ])
    expect((await first).status).toBe(200)
  })

  it('stops at requestTimeoutMs with a 504, and answers once the registry is fast again', async () => {
    await using slow = await startTestServers({ builder: rawBuilder, limits: { requestTimeoutMs: 300 } })
    const fault = slow.fixtures.faults.add({ kind: 'latency', ms: 1500, path: '/registry/fx-react' })
    const started = Date.now()
    const response = await slow.get('/generate?install=fx-react')
    expect([response.status, await response.json()]).toEqual([504, { error: "Generating the map took longer than this server's limit of 300 ms\n  Fix: Install fewer packages per request, try again (packages built by now are served faster), or raise limits.requestTimeoutMs." }])
    expect(Date.now() - started).toBeLessThan(1400)
    fault.remove()
    await new Promise((resolve) => setTimeout(resolve, 1300))
    expect((await slow.get('/generate?install=fx-react')).status).toBe(200)
  })
})
