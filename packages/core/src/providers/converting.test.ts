import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EsmapError, isEsmapError } from '../errors.js'
import type { ProviderConfig } from './config.js'
import { esmSh } from './esm-sh.js'
import { jspmIo } from './jspm-io.js'
import { skypack } from './skypack.js'
import { memorySource, startTestServer, testContext, type MemorySource, type TestServer } from './test-support.fixture.js'

/** On the npm registry: 1.0.0 (built everywhere) and 1.1.0, published since (built nowhere yet). */
const npmPackages = {
  'cjs-pkg': {
    versions: {
      '1.0.0': { packageJson: { name: 'cjs-pkg', version: '1.0.0', main: 'index.js' } },
      '1.1.0': { packageJson: { name: 'cjs-pkg', version: '1.1.0', main: 'index.js' } },
    },
    tags: { latest: '1.1.0' },
  },
}

/** What jspm.io serves for 1.0.0: its processed package.json, with enumerated exports and files. */
const processed = {
  name: 'cjs-pkg',
  version: '1.0.0',
  exports: { '.': { default: './index.js' }, './package.json': './package.json' },
  files: ['index.js', 'package.json', 'lib/util.js'],
}

let server: TestServer
let npm: MemorySource
let built: Set<string>
let buildCompletes: boolean
let log: string[]

beforeEach(async () => {
  built = new Set(['cjs-pkg@1.0.0'])
  buildCompletes = true
  npm = memorySource(npmPackages)
  log = []
  server = await startTestServer((path) => {
    const pkgJson = /^\/(?:jspm\/npm:|esmsh\/\*|skypack\/)([^/]+@[^/]+)\/package\.json$/.exec(path)
    if (pkgJson) return built.has(pkgJson[1]!) ? { status: 200, body: processed } : undefined
    if (path === '/jspm/npm:cjs-pkg@1.0.0/index.js') return { status: 200, body: 'export default {}' }
    const build = /^\/api\/build\/(.+)$/.exec(path)
    if (build?.[1] === 'cjs-pkg@1.1.0') {
      if (buildCompletes) setTimeout(() => built.add('cjs-pkg@1.1.0'), 30)
      return { status: 200, body: { queued: true } }
    }
    if (build) return { status: 200, body: { error: `No such package ${build[1]}` } }
    return undefined
  })
})
afterEach(() => server.close())

const config = (jspm: ProviderConfig['jspm.io'] = {}): ProviderConfig => ({
  'jspm.io': { cdnUrl: `${server.url}jspm/`, apiUrl: `${server.url}api/`, ...jspm },
  'esm.sh': { cdnUrl: `${server.url}esmsh/` },
  skypack: { cdnUrl: `${server.url}skypack/` },
})
const target = (range: string): { registry: string; name: string; range: string } => ({ registry: 'npm', name: 'cjs-pkg', range })

async function failure(promise: Promise<unknown>): Promise<EsmapError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  )
  if (!(error instanceof EsmapError)) throw new Error(`expected an EsmapError, got ${String(error)}`)
  return error
}

describe('jspm.io', () => {
  it('resolves the version from npm, then checks that the CDN has built it', async () => {
    const ctx = testContext({ npm }, config(), log)
    expect(await jspmIo.resolveLatestTarget(target('~1.0.0'), false, 'default', '', ctx)).toEqual({ registry: 'npm', name: 'cjs-pkg', version: '1.0.0' })
    expect(npm.calls).toEqual(['versions:npm:cjs-pkg'])
    expect(server.requests).toEqual(['GET /jspm/npm:cjs-pkg@1.0.0/package.json'])
  })

  it('serves the processed package.json, its file list, and modules over HTTP', async () => {
    const ctx = testContext({ npm }, config())
    const pkg = { registry: 'npm', name: 'cjs-pkg', version: '1.0.0' }
    expect(await jspmIo.getPackageConfig!(pkg, ctx)).toEqual(processed)
    expect(await jspmIo.getFileList!(pkg, ctx)).toEqual(new Set(['index.js', 'package.json', 'lib/util.js']))
    expect(new TextDecoder().decode(await jspmIo.loadModule(`${server.url}jspm/npm:cjs-pkg@1.0.0/index.js`, ctx))).toBe('export default {}')
    expect(await jspmIo.loadModule('https://elsewhere.example/npm:cjs-pkg@1.0.0/index.js', ctx)).toBeUndefined()
    expect(npm.calls).toEqual([])
  })

  it('does not fall back to an older version the CDN has built', async () => {
    const ctx = testContext({ npm }, config())
    const error = await failure(jspmIo.resolveLatestTarget(target('^1.0.0'), false, 'default', 'file:///app/main.js', ctx))
    expect(error.code).toBe('ESMAP_NOT_BUILT')
    expect(error.message).toBe(
      `jspm.io has not built npm:cjs-pkg@1.1.0 yet: ${server.url}jspm/npm:cjs-pkg@1.1.0/package.json is not there (imported by file:///app/main.js)\n` +
        '  Fix: Set providerConfig: { "jspm.io": { requestBuild: true } } to queue a build, pin a version that jspm.io has built, or use a raw-file provider such as jsdelivr.',
    )
    expect(error.specifier).toBe('npm:cjs-pkg@1.1.0')
    expect(server.requests).toEqual(['GET /jspm/npm:cjs-pkg@1.1.0/package.json'])
  })

  it('requests a build only when requestBuild is on, then waits for it', async () => {
    const ctx = testContext({ npm }, config({ requestBuild: true, buildPollInterval: 20, buildTimeout: 5_000 }), log)
    expect(await jspmIo.resolveLatestTarget(target('^1.0.0'), false, 'default', '', ctx)).toEqual({ registry: 'npm', name: 'cjs-pkg', version: '1.1.0' })
    expect(server.requests[0]).toBe('GET /jspm/npm:cjs-pkg@1.1.0/package.json')
    expect(server.requests[1]).toBe('GET /api/build/cjs-pkg@1.1.0')
    expect(server.requests.at(-1)).toBe('GET /jspm/npm:cjs-pkg@1.1.0/package.json')
    expect(server.requests.filter((r) => r.startsWith('GET /api/'))).toHaveLength(1)
    expect(log).toContain(`providers: jspm.io has not built npm:cjs-pkg@1.1.0: requesting ${server.url}api/build/cjs-pkg@1.1.0`)
  })

  it('says so when a requested build is not ready in time', async () => {
    const ctx = testContext({ npm }, config({ requestBuild: true, buildPollInterval: 10, buildTimeout: 50 }))
    buildCompletes = false // the API accepts the request, but the build never lands
    const error = await failure(jspmIo.resolveLatestTarget(target('1.1.0'), false, 'default', '', ctx))
    expect(error.code).toBe('ESMAP_NOT_BUILT')
    expect(server.requests.filter((r) => r === 'GET /api/build/cjs-pkg@1.1.0')).toHaveLength(1)
    expect(error.message).toBe(
      `jspm.io has not built npm:cjs-pkg@1.1.0 yet: a build was requested, but ${server.url}jspm/npm:cjs-pkg@1.1.0/package.json is still not there\n` +
        '  Fix: Try again in a few minutes, pin a version that jspm.io has built, or use a raw-file provider such as jsdelivr.',
    )
  })

  it('reports a build request the API refuses', async () => {
    const ctx = testContext({ npm: memorySource({ other: { versions: { '2.0.0': { packageJson: {} } } } }) }, config({ requestBuild: true }))
    const error = await failure(jspmIo.resolveLatestTarget({ registry: 'npm', name: 'other', range: '2' }, false, 'default', '', ctx))
    expect(error.code).toBe('ESMAP_BUILD_REQUEST_FAILED')
    expect(error.message.split('\n')[0]).toBe(
      `Could not request a jspm.io build of npm:other@2.0.0 from ${server.url}api/build/other@2.0.0: the API answered: No such package other@2.0.0`,
    )
  })

  it('reports a build API that fails', async () => {
    const ctx = testContext({ npm }, config({ requestBuild: true, apiUrl: `${server.url}missing-api/` }))
    const error = await failure(jspmIo.resolveLatestTarget(target('1.1.0'), false, 'default', '', ctx))
    expect(error.code).toBe('ESMAP_BUILD_REQUEST_FAILED')
    expect(error.message.split('\n')[0]).toBe(
      `Could not request a jspm.io build of npm:cjs-pkg@1.1.0 from ${server.url}missing-api/build/cjs-pkg@1.1.0: the API answered 404`,
    )
  })

  it('returns undefined for a version npm does not have, without asking the CDN', async () => {
    const ctx = testContext({ npm }, config())
    expect(await jspmIo.resolveLatestTarget(target('^2'), false, 'default', '', ctx)).toBeUndefined()
    expect(server.requests).toEqual([])
  })
})

describe.each([
  ['esm.sh', esmSh, 'esmsh/*'],
  ['skypack', skypack, 'skypack/'],
] as const)('%s', (name, provider, prefix) => {
  it('fetches the processed package.json', async () => {
    const ctx = testContext({ npm }, config())
    const pkg = await provider.resolveLatestTarget(target('1.0'), false, 'default', '', ctx)
    expect(pkg).toEqual({ registry: 'npm', name: 'cjs-pkg', version: '1.0.0' })
    expect(await provider.getPackageConfig!(pkg!, ctx)).toEqual(processed)
    expect(await provider.getFileList!(pkg!, ctx)).toBeUndefined()
    expect(server.requests).toEqual([`GET /${prefix}cjs-pkg@1.0.0/package.json`, `GET /${prefix}cjs-pkg@1.0.0/package.json`])
  })

  it('says when it has not built a version, and has no build API', async () => {
    const ctx = testContext({ npm }, config({ requestBuild: true }))
    const error = await failure(provider.resolveLatestTarget(target('latest'), false, 'default', '', ctx))
    expect(isEsmapError(error, 'ESMAP_NOT_BUILT')).toBe(true)
    expect(error.message).toBe(
      `${name} has not built npm:cjs-pkg@1.1.0 yet: ${server.url}${prefix}cjs-pkg@1.1.0/package.json is not there\n` +
        `  Fix: Wait until ${name} has built it, pin a version that ${name} has built, or use a raw-file provider such as jsdelivr.`,
    )
    expect(server.requests).toEqual([`GET /${prefix}cjs-pkg@1.1.0/package.json`])
  })
})
