import { createHash } from 'node:crypto'
import { afterAll, beforeAll } from 'vitest'
import { startFixtureServer, type FixtureServer, type StartFixtureServerOptions } from '@esmap/test-fixtures'
import { Generator } from '../generator.js'
import type { GeneratorOptions } from '../options.js'

/** The generator tests' fixture server (one per test file) and the options that point a Generator at it. */
export interface GeneratorFixture {
  readonly server: FixtureServer
  /** `https://…/jsdelivr/npm/` on the fixture server: where jsdelivr URLs start. */
  readonly cdn: string
  /** The options for a Generator against the fixture server: jsdelivr, registry-first, no disk cache. */
  options(extra?: GeneratorOptions): GeneratorOptions
  generator(extra?: GeneratorOptions): Generator
  /** The jsdelivr URL of a file of a package version: `url('fx-dep@2.1.0', 'index.js')`. */
  url(id: string, file?: string): string
  /** sha384 SRI of the bytes the fixture server serves at `url`. */
  sri(url: string): Promise<string>
}

/** Starts a fixture server for the test file (closed after it) with `serverOptions`. */
export function useFixture(serverOptions: StartFixtureServerOptions = {}): GeneratorFixture {
  let server: FixtureServer | undefined
  beforeAll(async () => {
    server = await startFixtureServer(serverOptions)
  })
  afterAll(async () => {
    await server?.close()
  })
  const running = (): FixtureServer => {
    if (!server) throw new Error('the fixture server is not running yet (use it inside a test)')
    return server
  }
  const fixture: GeneratorFixture = {
    get server() {
      return running()
    },
    get cdn() {
      return `${running().urls.jsdelivr}npm/`
    },
    options: (extra = {}) => {
      const { urls } = running()
      return {
        mapUrl: 'https://app.example/',
        defaultProvider: 'jsdelivr',
        registry: urls.registry,
        cache: false,
        ...extra,
        providerConfig: {
          jsdelivr: { cdnUrl: `${urls.jsdelivr}npm/` },
          'jspm.io': { cdnUrl: urls.jspm },
          'esm.sh': { cdnUrl: urls.esmsh },
          unpkg: { cdnUrl: urls.unpkg },
          jsr: { cdnUrl: urls.jsr },
          ...extra.providerConfig,
        },
      }
    },
    generator: (extra) => new Generator(fixture.options(extra)),
    url: (id, file = 'index.js') => `${fixture.cdn}${id}/${file}`,
    async sri(url) {
      const response = await fetch(url)
      if (!response.ok) throw new Error(`${url}: ${response.status}`)
      return `sha384-${createHash('sha384').update(new Uint8Array(await response.arrayBuffer())).digest('base64')}`
    },
  }
  return fixture
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise
  } catch (err) {
    return err as Error & { code?: string }
  }
  throw new Error('expected a rejection')
}
