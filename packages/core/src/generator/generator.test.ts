import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import { Generator } from './generator.js'
import type { GeneratorOptions } from './options.js'

let server: FixtureServer
beforeAll(async () => {
  server = await startFixtureServer()
})
afterAll(async () => {
  await server?.close()
})

function jsdelivr(extra: GeneratorOptions = {}): Generator {
  return new Generator({
    mapUrl: 'https://app.example/',
    defaultProvider: 'jsdelivr',
    registry: server.urls.registry,
    providerConfig: { jsdelivr: { cdnUrl: `${server.urls.jsdelivr}npm/` } },
    cache: false,
    ...extra,
  })
}

describe('Generator.install through jsdelivr (registry-first)', () => {
  it('installs a package with exports and maps its main entry under the env conditions', async () => {
    const generator = jsdelivr()
    const { staticDeps } = await generator.install('fx-dep@^2')
    const cdn = `${server.urls.jsdelivr}npm/`
    expect(generator.getMap()).toEqual({ imports: { 'fx-dep': `${cdn}fx-dep@2.1.0/index.js` } })
    expect(staticDeps).toEqual([`${cdn}fx-dep@2.1.0/index.js`])
  })
})
