import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFetcher } from '../fetch/index.js'
import { createNpmClient } from '../registry/index.js'
import type { ExactPackage } from '../types.js'
import type { ProviderContext } from './context.js'
import { jsdelivr } from './raw-cdns.js'
import { npmTarball, startTestServer, testContext, type TestReply, type TestServer } from './test-support.fixture.js'

/** Two published packages, one depending on the other, served as packuments and tarballs. */
const published: Record<string, { version: string; files: Record<string, string> }> = {
  lit: {
    version: '3.1.0',
    files: {
      'package.json': JSON.stringify({ name: 'lit', version: '3.1.0', type: 'module', exports: { '.': './index.js', './directives/*': './directives/*' }, dependencies: { 'lit-html': '^3.1.0' } }),
      'index.js': "export * from 'lit-html'",
      'directives/class-map.js': "export * from 'lit-html/directives/class-map.js'",
    },
  },
  'lit-html': {
    version: '3.1.0',
    files: {
      'package.json': JSON.stringify({ name: 'lit-html', version: '3.1.0', type: 'module', exports: { '.': './lit-html.js', './directives/*': './directives/*' } }),
      'lit-html.js': 'export const html = 1',
      'directives/class-map.js': 'export const classMap = 1',
    },
  },
}

let server: TestServer
let ctx: ProviderContext
beforeAll(async () => {
  const tarballs = new Map(Object.entries(published).map(([name, { files }]) => [name, npmTarball(files)]))
  server = await startTestServer((path): TestReply | undefined => {
    const [, name, tgz] = /^\/registry\/([^/]+)(\/-\/.+\.tgz)?$/.exec(path) ?? []
    const pkg = name === undefined ? undefined : published[name]
    const tarball = name === undefined ? undefined : tarballs.get(name)
    if (pkg === undefined || tarball === undefined) return undefined
    if (tgz !== undefined) return tgz === `/-/${name}-${pkg.version}.tgz` ? { status: 200, body: tarball.bytes } : undefined
    const dist = { tarball: `${server.url}registry/${name}/-/${name}-${pkg.version}.tgz`, integrity: tarball.integrity }
    const manifest = { ...JSON.parse(pkg.files['package.json']!), dist }
    return { status: 200, body: { name, 'dist-tags': { latest: pkg.version }, versions: { [pkg.version]: manifest } } }
  })
  const fetcher = createFetcher({ cache: false, retries: 0, env: {}, homedir: '/nonexistent' })
  const npm = createNpmClient({ fetcher, config: { registry: `${server.url}registry/`, scopes: {}, credentials: {} }, env: {}, homedir: '/nonexistent', cwd: '/nonexistent' })
  ctx = testContext({ npm }, { jsdelivr: { cdnUrl: `${server.url}cdn/npm/` } })
})
afterAll(() => server.close())

describe('registry-first: tracing through jsdelivr with the real npm client', () => {
  it('costs one packument and one tarball per package, and nothing from the CDN', async () => {
    const loaded: string[] = []
    for (const name of ['lit', 'lit-html']) {
      // What the Generator does per package: version, package.json, file list, then each module it traces.
      const pkg = (await jsdelivr.resolveLatestTarget({ registry: 'npm', name, range: '^3' }, false, 'default', '', ctx)) as ExactPackage
      expect(pkg).toEqual({ registry: 'npm', name, version: '3.1.0' })
      expect((await jsdelivr.getPackageConfig!(pkg, ctx))?.exports).toBeDefined()
      const files = await jsdelivr.getFileList!(pkg, ctx)
      expect([...files!].sort()).toEqual(Object.keys(published[name]!.files).sort())
      const base = jsdelivr.pkgToUrl(pkg, 'default', ctx)
      for (const path of [...files!].filter((f) => f.endsWith('.js'))) {
        loaded.push(`${path}: ${new TextDecoder().decode(await jsdelivr.loadModule(`${base}${path}`, ctx))}`)
      }
    }
    expect(loaded).toEqual([
      "directives/class-map.js: export * from 'lit-html/directives/class-map.js'",
      "index.js: export * from 'lit-html'",
      'directives/class-map.js: export const classMap = 1',
      'lit-html.js: export const html = 1',
    ])
    expect(server.requests).toEqual([
      'GET /registry/lit',
      'GET /registry/lit/-/lit-3.1.0.tgz',
      'GET /registry/lit-html',
      'GET /registry/lit-html/-/lit-html-3.1.0.tgz',
    ])
  })
})
