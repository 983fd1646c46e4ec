import { createHash } from 'node:crypto'
import { buildPackage } from '@esmap/builder'
import type { ExactPackage } from '@esmap/core'
import type { FixtureServer } from '@esmap/test-fixtures'
import { describe, expect, it } from 'vitest'
import { startTestServers } from './testing.fixture.js'

const etag = (bytes: Uint8Array): string => `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`

/** What @esmap/builder makes of a fixture package on its own, for comparison. */
async function built(fixtures: FixtureServer, name: string, version: string, conditions?: string[]): ReturnType<typeof buildPackage> {
  const files = fixtures.store.get('npm', name)!.versions.get(version)!
  const pkg: ExactPackage = { registry: 'npm', name, version }
  return buildPackage({ pkg, files, packageJson: JSON.parse(new TextDecoder().decode(files.get('package.json'))) }, conditions ? { conditions } : {})
}

describe('the default builder (@esmap/builder)', () => {
  it('serves exactly what the builder makes: CommonJS converted, chunks, source maps, the processed package.json', async () => {
    await using t = await startTestServers()
    const expected = await built(t.fixtures, 'fx-cjs', '1.0.0')
    const pkgJson = await t.get('/npm:fx-cjs@1.0.0/package.json')
    expect(await pkgJson.json()).toEqual(expected.packageJson)
    for (const path of expected.packageJson.files!.filter((p) => p !== 'package.json')) {
      const response = await t.get(`/npm:fx-cjs@1.0.0/${path}`)
      const bytes = new Uint8Array(await response.arrayBuffer())
      expect([path, response.status, response.headers.get('content-type'), response.headers.get('etag'), Buffer.from(bytes).equals(expected.files.get(path)!)]).toEqual([
        path,
        200,
        path.endsWith('.map') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8',
        etag(expected.files.get(path)!),
        true,
      ])
    }
  })

  it('keeps what the builder cannot build as the version error file', async () => {
    const broken = { name: 'fx-syntax', version: '1.0.0', files: { 'package.json': JSON.stringify({ name: 'fx-syntax', version: '1.0.0', type: 'module', exports: './index.js' }), 'index.js': 'export {{\n' } }
    await using t = await startTestServers({}, { packages: [broken] })
    const response = await t.get('/npm:fx-syntax@1.0.0/index.js')
    expect([response.status, (await response.text()).split('\n').slice(0, 3)]).toEqual([422, ['esmap could not build npm:fx-syntax@1.0.0', 'ESMAP_BUILD_FAILED: Could not build fx-syntax@1.0.0:', '  index.js:1:9: Expected identifier but found "{"']])
  })

  it('builds with one condition set per server: buildOptions.conditions picks the files every map gets', async () => {
    await using production = await startTestServers()
    await using development = await startTestServers({ buildOptions: { conditions: ['browser', 'development', 'module'] } })
    const entry = async (t: typeof production, env: string): Promise<string> => (await (await t.get(`/generate?install=fx-exports&env=${env}`)).json()).map.imports['fx-exports'].slice(t.server.url.length)
    expect([
      await entry(production, 'browser,development,module'),
      await entry(production, 'browser,production,module'),
      await entry(development, 'browser,development,module'),
    ]).toEqual(['npm:fx-exports@1.0.0/dist/browser.production.js', 'npm:fx-exports@1.0.0/dist/browser.production.js', 'npm:fx-exports@1.0.0/dist/browser.development.js'])
    const files = (await (await development.get('/npm:fx-exports@1.0.0/package.json')).json()).files
    expect(files).toEqual((await built(development.fixtures, 'fx-exports', '1.0.0', ['browser', 'development', 'module'])).packageJson.files)
  })
})
