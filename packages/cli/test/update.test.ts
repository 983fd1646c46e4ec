import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import { esmap, fixtureFlags, project, readJson } from './run.js'

let server: FixtureServer
let cdn: string
beforeAll(async () => {
  server = await startFixtureServer()
  cdn = `${server.urls.jsdelivr}npm/`
})
afterAll(() => server.close())

const lock = (s: FixtureServer): string =>
  JSON.stringify({
    imports: { 'fx-dep': `${s.urls.jsdelivr}npm/fx-dep@1.0.0/index.js`, '@fx/scoped': `${s.urls.jsdelivr}npm/@fx/scoped@1.0.0/index.js` },
    scopes: { [`${s.urls.jsdelivr}npm/@fx/scoped@1.0.0/`]: { 'fx-dep': `${s.urls.jsdelivr}npm/fx-dep@2.0.0/index.js` } },
  })

describe('esmap update', () => {
  it('moves a named package, every copy of it, to the latest in range and says so', async () => {
    const dir = await project({ 'importmap.json': lock(server), 'package.json': JSON.stringify({ dependencies: { 'fx-dep': '^1.0.0' } }) })
    const r = await esmap(['update', 'fx-dep', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(await readJson(dir, 'importmap.json')).toEqual({
      imports: { 'fx-dep': `${cdn}fx-dep@1.2.0/index.js`, '@fx/scoped': `${cdn}@fx/scoped@1.0.0/index.js` },
      scopes: { [`${cdn}@fx/scoped@1.0.0/`]: { 'fx-dep': `${cdn}fx-dep@2.1.0/index.js` } },
    })
    expect(r.stderr.split('\n').slice(0, 3)).toEqual(['↑ fx-dep 1.0.0 → 1.2.0', '↑ fx-dep 2.0.0 → 2.1.0', 'importmap.json: 2 changed entries'])
  })

  it('without names, updates every package', async () => {
    const dir = await project({ 'importmap.json': lock(server), 'package.json': JSON.stringify({ dependencies: { 'fx-dep': '^1.0.0', '@fx/scoped': '^1.0.0' } }) })
    const r = await esmap(['update', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(await readJson(dir, 'importmap.json')).toEqual({
      imports: { 'fx-dep': `${cdn}fx-dep@1.2.0/index.js`, '@fx/scoped': `${cdn}@fx/scoped@1.1.0/index.js` },
      scopes: { [`${cdn}@fx/scoped@1.1.0/`]: { 'fx-dep': `${cdn}fx-dep@2.1.0/index.js` } },
    })
    expect(r.stderr.split('\n').slice(0, 4)).toEqual(['↑ @fx/scoped 1.0.0 → 1.1.0', '↑ fx-dep 1.0.0 → 1.2.0', '↑ fx-dep 2.0.0 → 2.1.0', 'importmap.json: 1 added, 2 changed, 1 removed entries'])
  })

  it('a name the map does not have fails, writing nothing', async () => {
    const dir = await project({ 'importmap.json': lock(server) })
    const r = await esmap(['update', 'fx-nope', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^error ESMAP_NOT_INSTALLED: .*"fx-nope".*\n {2}Fix: .*@fx\/scoped, fx-dep.*\n$/)
    expect(JSON.stringify(await readJson(dir, 'importmap.json'))).toBe(lock(server))
  })
})

describe('esmap uninstall', () => {
  it('removes a package and what only it needed', async () => {
    const dir = await project({ 'importmap.json': lock(server) })
    const r = await esmap(['uninstall', '@fx/scoped', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(await readJson(dir, 'importmap.json')).toEqual({ imports: { 'fx-dep': `${cdn}fx-dep@1.0.0/index.js` } })
    expect(r.stderr.split('\n').slice(0, 3)).toEqual(['- @fx/scoped@1.0.0', '- fx-dep@2.0.0', 'importmap.json: 2 removed entries'])
  })

  it('removes several, from a page', async () => {
    const dir = await project()
    await esmap(['install', 'fx-dep@1', 'fx-exports', 'fx-legacy', '-o', 'index.html', ...fixtureFlags(server)], { cwd: dir })
    const r = await esmap(['uninstall', 'fx-dep', 'fx-legacy', '-m', 'index.html', '--stdout', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`"fx-exports": "${cdn}fx-exports@1.0.0/dist/browser.development.js"`)
    expect(r.stdout).not.toContain('fx-dep')
    expect(r.stdout).not.toContain('fx-legacy')
  })
})
