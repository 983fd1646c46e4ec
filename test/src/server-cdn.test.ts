import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixturesDir } from './paths.js'
import { startFixtureServer } from './server.js'
import type { FixtureServer } from './server.js'
import type { ServiceName } from './routes/context.js'

let server: FixtureServer
beforeAll(async () => {
  server = await startFixtureServer()
})
afterAll(() => server.close())

const JS = 'application/javascript; charset=utf-8'
const IMMUTABLE = 'public, max-age=31536000, immutable'
const fixtureText = (name: string, version: string, path: string): string => readFileSync(join(fixturesDir, 'packages', name, version, path), 'utf8')

interface Answer {
  status: number
  type: string | null
  cache: string | null
  cors: string | null
  location: string | null
  text: string
}

async function get(service: ServiceName, path: string): Promise<Answer> {
  const res = await fetch(`${server.urls[service]}${path}`, { redirect: 'manual' })
  const h = res.headers
  const location = h.get('location')
  return {
    status: res.status,
    type: h.get('content-type'),
    cache: h.get('cache-control'),
    cors: h.get('access-control-allow-origin'),
    location: location && location.replace(server.urls[service], '/'),
    text: await res.text(),
  }
}

/** A file served as published. */
const file = (type: string, text: string): Answer => ({ status: 200, type, cache: IMMUTABLE, cors: '*', location: null, text })
const redirect = (location: string): Answer => ({ status: 302, type: null, cache: 'public, max-age=60', cors: '*', location, text: '' })
const notFound = (what: string): Answer => ({ status: 404, type: 'text/plain; charset=utf-8', cache: 'no-store', cors: '*', location: null, text: `Not found: ${what}` })

describe('jsDelivr /npm/name@version/path', () => {
  it.each<[string, () => Answer]>([
    ['npm/fx-dep@1.2.0/index.js', () => file(JS, fixtureText('fx-dep', '1.2.0', 'index.js'))],
    ['npm/@fx/scoped@1.0.0/utils.js', () => file(JS, fixtureText('@fx/scoped', '1.0.0', 'utils.js'))],
    ['npm/fx-dep@2.1.0/package.json', () => file('application/json; charset=utf-8', fixtureText('fx-dep', '2.1.0', 'package.json'))],
    ['npm/fx-assets@1.0.0/style.css', () => file('text/css; charset=utf-8', fixtureText('fx-assets', '1.0.0', 'style.css'))],
    ['npm/fx-assets@1.0.0/add.wasm', () => file('application/wasm', '\0asm\x01\0\0\0')],
    ['npm/fx-exports@1.0.0/dist/index.cjs', () => file(JS, fixtureText('fx-exports', '1.0.0', 'dist/index.cjs'))],
    ['npm/fx-dep@1/index.js', () => redirect('/npm/fx-dep@1.2.0/index.js')],
    ['npm/fx-dep@^2.0.0/extra.js', () => redirect('/npm/fx-dep@2.1.0/extra.js')],
    ['npm/fx-dep/index.js', () => redirect('/npm/fx-dep@2.1.0/index.js')],
    ['npm/fx-tagged@latest/index.js', () => redirect('/npm/fx-tagged@1.1.0/index.js')],
    ['npm/fx-browser-string@1.0.0', () => redirect('/npm/fx-browser-string@1.0.0/browser.js')],
    ['npm/fx-legacy@1', () => redirect('/npm/fx-legacy@1.0.0/lib/main.js')],
    ['npm/fx-nope@1.0.0/index.js', () => notFound('package fx-nope')],
    ['npm/fx-dep@3.0.0/index.js', () => notFound('fx-dep@3.0.0')],
    ['npm/fx-dep@1.2.0/missing.js', () => notFound('fx-dep@1.2.0/missing.js')],
    ['npm/fx-exports@1.0.0/dist/', () => notFound('fx-exports@1.0.0/dist/')],
  ])('%s', async (path, expected) => {
    expect(await get('jsdelivr', path)).toEqual(expected())
  })
})

describe('unpkg /name@version/path', () => {
  it.each<[string, () => Answer]>([
    ['fx-dep@2.0.0/extra.js', () => file(JS, fixtureText('fx-dep', '2.0.0', 'extra.js'))],
    ['@fx/scoped@1.1.0/index.js', () => file(JS, fixtureText('@fx/scoped', '1.1.0', 'index.js'))],
    ['fx-legacy@1.0.0/lib/main.js', () => file(JS, fixtureText('fx-legacy', '1.0.0', 'lib/main.js'))],
    ['fx-legacy@1.0.0', () => redirect('/fx-legacy@1.0.0/lib/main.js')],
    ['fx-browser-string@1.0.0', () => redirect('/fx-browser-string@1.0.0/index.js')],
    ['fx-prerelease@1.1.0-beta.1/index.js', () => file(JS, fixtureText('fx-prerelease', '1.1.0-beta.1', 'index.js'))],
    ['fx-prerelease@next/index.js', () => redirect('/fx-prerelease@1.1.0-beta.1/index.js')],
    ['fx-prerelease@1/index.js', () => redirect('/fx-prerelease@1.0.0/index.js')],
    ['fx-react@~18.2.0/index.js', () => redirect('/fx-react@18.2.0/index.js')],
    ['@fx/scoped@1.9.9/index.js', () => notFound('@fx/scoped@1.9.9')],
  ])('%s', async (path, expected) => {
    expect(await get('unpkg', path)).toEqual(expected())
  })
})

describe('jspm.io /npm:name@version/path', () => {
  it.each<[string, () => Answer]>([
    ['npm:fx-dep@2.1.0/index.js', () => file(JS, fixtureText('fx-dep', '2.1.0', 'index.js'))],
    ['npm:fx-dep@2/index.js', () => notFound('fx-dep@2')],
    ['npm:fx-dep@2.1.0', () => notFound('fx-dep@2.1.0 has no entry file')],
    ['npm:fx-assets@1.0.0/add.wasm', () => file('application/wasm', '\0asm\x01\0\0\0')],
  ])('%s', async (path, expected) => {
    expect(await get('jspm', path)).toEqual(expected())
  })

  it('serves the processed package.json with enumerated exports and the file listing', async () => {
    const res = await get('jspm', 'npm:fx-exports@1.0.0/package.json')
    expect([res.status, res.type, res.cache, res.cors]).toEqual([200, 'application/json; charset=utf-8', IMMUTABLE, '*'])
    const original = JSON.parse(fixtureText('fx-exports', '1.0.0', 'package.json')) as { exports: Record<string, unknown> }
    expect(JSON.parse(res.text)).toEqual({
      ...original,
      exports: {
        '.': original.exports['.'],
        './features/a': './dist/features/a.js',
        './features/b': './dist/features/b.js',
        './fallback': original.exports['./fallback'],
        './internal': null,
        './package.json': './package.json',
      },
      files: [
        'dist/browser.development.js',
        'dist/browser.js',
        'dist/browser.production.js',
        'dist/fallback.js',
        'dist/fallback.worker.js',
        'dist/features/a.js',
        'dist/features/b.js',
        'dist/features/internal/secret.js',
        'dist/index.cjs',
        'dist/index.js',
        'dist/index.module.js',
        'dist/internal.js',
        'dist/platform.browser.js',
        'dist/platform.node.js',
        'package.json',
      ],
    })
  })

  it('infers exports for a legacy package, browser remaps included', async () => {
    const pkg = JSON.parse((await get('jspm', 'npm:fx-legacy@1.0.0/package.json')).text) as { exports: Record<string, unknown> }
    expect(pkg.exports['.']).toEqual({ browser: './lib/main.browser.js', module: './es/main.js', default: './lib/main.js' })
    expect(pkg.exports['./lib/node-only.js']).toEqual({ browser: null, default: './lib/node-only.js' })
    expect(pkg.exports['./lib/env.js']).toEqual({ browser: './lib/env.browser.js', default: './lib/env.js' })
  })

  it('serves CommonJS converted to an ES module that imports its requires', async () => {
    const res = await get('jspm', 'npm:fx-cjs@1.0.0/index.js')
    expect([res.status, res.type]).toEqual([200, JS])
    const lines = res.text.split('\n')
    expect(lines.slice(0, 4)).toEqual([
      '// index.js: CommonJS converted to an ES module by the esmap fixture server',
      'import __cjs0 from "fx-cjs-util";',
      'import __cjs1 from "./lib/helper.js";',
      'const __deps = { "fx-cjs-util": __cjs0, "./lib/helper": __cjs1 };',
    ])
    expect(lines.slice(-3)).toEqual(['export default module.exports;', 'export const { name, shout } = module.exports;', ''])
    expect(res.text).toContain(fixtureText('fx-cjs', '1.0.0', 'index.js').trimEnd())
  })

  it('converts .cjs files, and leaves ES modules as published', async () => {
    expect((await get('jspm', 'npm:fx-exports@1.0.0/dist/index.cjs')).text).toContain('export const { entry } = module.exports;')
    expect((await get('jspm', 'npm:fx-legacy@1.0.0/es/main.js')).text).toBe(fixtureText('fx-legacy', '1.0.0', 'es/main.js'))
  })
})

describe('esm.sh /*name@version/path', () => {
  it.each<[string, () => Answer]>([
    ['*fx-dep@2.1.0/index.js', () => file(JS, fixtureText('fx-dep', '2.1.0', 'index.js'))],
    ['fx-dep@2.1.0/index.js', () => file(JS, fixtureText('fx-dep', '2.1.0', 'index.js'))],
    ['*fx-dep@2.1.0', () => redirect('/*fx-dep@2.1.0/index.js')],
    ['*fx-exports@1.0.0', () => redirect('/*fx-exports@1.0.0/dist/browser.js')],
    ['*fx-legacy@^1', () => redirect('/*fx-legacy@1.0.0/es/main.js')],
    ['*fx-dep@1/index.js', () => redirect('/*fx-dep@1.2.0/index.js')],
    ['*@fx/scoped@1.1.0', () => redirect('/*@fx/scoped@1.1.0/index.js')],
    ['*fx-nope@1.0.0', () => notFound('package fx-nope')],
  ])('%s', async (path, expected) => {
    expect(await get('esmsh', path)).toEqual(expected())
  })

  it('converts CommonJS like jspm.io', async () => {
    const res = await get('esmsh', '*fx-cjs-util@1.0.0/index.js')
    expect(res.text.split('\n').slice(-2)).toEqual(['export default module.exports;', ''])
  })
})
