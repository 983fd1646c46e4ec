import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFetcher, createRegistrySource, resolveNpmConfig, type ExactPackage, type RegistrySource } from '@esmap/core'
import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import { runIn } from './__tests__/packages.js'
import { text } from './__tests__/run.js'
import { buildPackage } from './build.js'
import type { BuildOptions, BuildResult } from './types.js'

// The fixture packages, from the loopback registry's real tarballs (through core's registry client).
let server: FixtureServer
let source: RegistrySource
beforeAll(async () => {
  server = await startFixtureServer()
  const fetcher = createFetcher({ cache: false, retries: 0, env: {}, homedir: '/nonexistent' })
  source = createRegistrySource({ fetcher, npm: { config: resolveNpmConfig([{ registry: server.urls.registry }]) } })
})
afterAll(() => server.close())

async function build(name: string, options: BuildOptions = {}): Promise<BuildResult> {
  const pkg: ExactPackage = { registry: 'npm', name, version: '1.0.0' }
  const [packageJson, files] = await Promise.all([source.packageJson(pkg), source.files(pkg)])
  if (packageJson === undefined || files === undefined) throw new Error(`fixture ${name} is missing`)
  return buildPackage({ pkg, packageJson, files }, options)
}

describe('fx-cjs and fx-cjs-util (CommonJS requiring a package and a relative file without extension)', () => {
  it('builds both and runs them through the import map', async () => {
    const [cjs, util] = await Promise.all([build('fx-cjs'), build('fx-cjs-util')])
    expect(cjs.entries).toEqual({ 'index.js': 'cjs', 'lib/helper.js': 'cjs' })
    expect(cjs.packageJson.exports).toEqual({
      '.': './index.js',
      './index': './index.js',
      './index.js': './index.js',
      './lib/helper': './lib/helper.js',
      './lib/helper.js': './lib/helper.js',
      './package': './package.json',
      './package.json': './package.json',
    })
    expect(cjs.packageJson.dependencies).toEqual({ 'fx-cjs-util': '^1.0.0' })
    expect(text(cjs.files, 'index.js')).not.toContain('require(')
    expect(await runIn({ builds: [cjs, util] }, 'fx-cjs', "[Object.keys(ns).sort(), ns.name, ns.shout('hi')]")).toEqual([['default', 'name', 'shout'], 'fx-cjs', 'HI!'])
    expect(await runIn({ builds: [cjs, util] }, 'fx-cjs-util', "[Object.keys(ns).sort(), ns.default.exclaim('x')]")).toEqual([['default', 'exclaim'], 'x!'])
  })
})

describe('fx-legacy (no exports: main, module and a browser object with remaps and false)', () => {
  const table: [string, string[], Record<string, string>, string, unknown][] = [
    [
      'browser + module: the module field, remapped by the browser object',
      ['browser', 'production', 'module'],
      { '.': './es/main.browser.js', './es/main': './es/main.browser.js', './es/main.js': './es/main.browser.js' },
      'ns.entry',
      'fx-legacy/es/main.browser.js',
    ],
    [
      'browser without module: main, remapped, requiring the remapped ./env',
      ['browser', 'production'],
      { '.': './lib/main.browser.js', './lib/main': './lib/main.browser.js', './lib/main.js': './lib/main.browser.js' },
      '[ns.entry, ns.env]',
      ['fx-legacy/lib/main.browser.js', 'browser'],
    ],
    [
      'no browser condition: main as it is',
      ['production'],
      { '.': './lib/main.js', './lib/main': './lib/main.js', './lib/main.js': './lib/main.js' },
      '[ns.entry, ns.env]',
      ['fx-legacy/lib/main.js', 'node'],
    ],
  ]
  it.each(table)('%s', async (_, conditions, exported, expression, value) => {
    const out = await build('fx-legacy', { conditions })
    expect(out.packageJson.exports).toMatchObject(exported)
    expect(await runIn({ builds: [out] }, 'fx-legacy', expression)).toEqual(value)
  })

  it('leaves out the file the browser object replaces with false', async () => {
    const out = await build('fx-legacy', { conditions: ['browser', 'production'] })
    expect(Object.keys(out.packageJson.exports as object).filter((k) => k.includes('node-only'))).toEqual([])
    expect(Object.keys(out.entries)).toEqual(['es/main.browser.js', 'lib/env.browser.js', 'lib/main.browser.js'])
  })
})

describe('fx-exports (nested conditions, patterns, fallbacks, null, imports)', () => {
  it('browser + production: enumerated, resolved exports', async () => {
    const out = await build('fx-exports', { conditions: ['browser', 'production'] })
    expect(out.packageJson.exports).toEqual({
      '.': './dist/browser.production.js',
      './fallback': './dist/fallback.js',
      './features/a': './dist/features/a.js',
      './features/b': './dist/features/b.js',
      './package.json': './package.json',
    })
    expect(out.entries).toEqual({ 'dist/browser.production.js': 'esm', 'dist/fallback.js': 'esm', 'dist/features/a.js': 'esm', 'dist/features/b.js': 'esm' })
    expect(await runIn({ builds: [out] }, 'fx-exports', 'ns.entry')).toBe('fx-exports/dist/browser.production.js')
    expect(await runIn({ builds: [out] }, 'fx-exports/features/b', 'ns.entry')).toBe('fx-exports/dist/features/b.js')
  })

  it('without browser: "import" picks dist/index.js, whose #platform import is bundled', async () => {
    const out = await build('fx-exports', { conditions: ['production'] })
    expect(out.packageJson.exports).toMatchObject({ '.': './dist/index.js' })
    expect(text(out.files, 'dist/index.js')).not.toContain('#platform')
    expect(await runIn({ builds: [out] }, 'fx-exports', '[ns.entry, ns.platform]')).toEqual(['fx-exports/dist/index.js', 'node'])
  })
})
