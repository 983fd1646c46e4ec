import { createHash } from 'node:crypto'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyzeHtml } from '@esmap/core'
import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import { esmap, files, fixtureFlags, project, read, readJson } from './run.js'

let server: FixtureServer
let cdn: string
beforeAll(async () => {
  server = await startFixtureServer({
    packages: [
      // Two subpaths of one package imported from a scope: what --combine-subpaths collapses.
      { name: 'fx-cli-parts', version: '1.0.0', files: { 'package.json': '{"name":"fx-cli-parts","version":"1.0.0","type":"module"}', 'a.js': 'export const a = 1\n', 'b.js': 'export const b = 2\n' } },
      {
        name: 'fx-cli-user',
        version: '1.0.0',
        files: { 'package.json': '{"name":"fx-cli-user","version":"1.0.0","type":"module","dependencies":{"fx-cli-parts":"^1.0.0"}}', 'index.js': "import 'fx-cli-parts/a.js'\nimport 'fx-cli-parts/b.js'\n" },
      },
    ],
  })
  cdn = `${server.urls.jsdelivr}npm/`
})
afterAll(() => server.close())

const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '')
const statsLine = /^\d+ packages? resolved · \d+ modules? traced · [\d.]+ k?B fetched in \d+\.\ds$/
const sri = async (url: string): Promise<string> => `sha384-${createHash('sha384').update(new Uint8Array(await (await fetch(url)).arrayBuffer())).digest('base64')}`

describe('esmap install', () => {
  it('installs targets into importmap.json and says what changed', async () => {
    const dir = await project()
    const r = await esmap(['install', 'fx-dep@1', '@fx/scoped', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('')
    expect(await readJson(dir, 'importmap.json')).toEqual({
      imports: { 'fx-dep': `${cdn}fx-dep@1.2.0/index.js`, '@fx/scoped': `${cdn}@fx/scoped@1.1.0/index.js` },
      scopes: { [`${cdn}@fx/scoped@1.1.0/`]: { 'fx-dep': `${cdn}fx-dep@2.1.0/index.js` } },
    })
    const err = lines(r.stderr)
    expect(err.slice(0, -1)).toEqual(['+ @fx/scoped@1.1.0', '+ fx-dep@1.2.0', '+ fx-dep@2.1.0', 'importmap.json: 3 added entries'])
    expect(err.at(-1)).toMatch(/^3 packages resolved · 3 modules traced · [\d.]+ kB fetched in \d+\.\ds$/)
    expect(await files(dir)).toEqual(['importmap.json'])
  })

  it('without targets, installs again what the map pins, keeping its versions, and leaves an unchanged file alone', async () => {
    const dir = await project()
    await esmap(['install', 'fx-dep@1', ...fixtureFlags(server)], { cwd: dir })
    const before = await stat(join(dir, 'importmap.json'))
    const r = await esmap(['install', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(lines(r.stderr)[0]).toBe('importmap.json: no changes (not rewritten)')
    expect((await stat(join(dir, 'importmap.json'))).mtimeMs).toBe(before.mtimeMs)
    expect(await readJson(dir, 'importmap.json')).toEqual({ imports: { 'fx-dep': `${cdn}fx-dep@1.2.0/index.js` } })
  })

  it('a target without a range takes the latest version, as npm install does, whatever package.json says', async () => {
    const dir = await project({ 'package.json': JSON.stringify({ dependencies: { 'fx-dep': '~1.0.0' } }) })
    const r = await esmap(['install', 'fx-dep', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(await readJson(dir, 'importmap.json')).toEqual({ imports: { 'fx-dep': `${cdn}fx-dep@2.1.0/index.js` } })
  })

  it('--stdout prints the map and writes nothing', async () => {
    const dir = await project()
    const r = await esmap(['install', 'fx-dep@2/extra', '--stdout', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`${JSON.stringify({ imports: { 'fx-dep/extra': `${cdn}fx-dep@2.1.0/extra.js` } }, null, 2)}\n`)
    expect(lines(r.stderr).slice(0, 2)).toEqual(['+ fx-dep@2.1.0', 'stdout: 1 added entry'])
    expect(await files(dir)).toEqual([])
  })

  it('-m and -o: reads one map and writes another, with relative URLs rebased to the output', async () => {
    const dir = await project({ 'maps/in.json': JSON.stringify({ imports: { app: './app.js' } }) })
    const r = await esmap(['install', 'fx-dep@1', '-m', 'maps/in.json', '-o', 'out.json', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(await readJson(dir, 'out.json')).toEqual({ imports: { 'fx-dep': `${cdn}fx-dep@1.2.0/index.js`, app: './maps/app.js' } })
    expect(await readJson(dir, 'maps/in.json')).toEqual({ imports: { app: './app.js' } })
  })

  it('--root writes URLs under the root root-relative', async () => {
    const dir = await project({ 'importmap.json': JSON.stringify({ imports: { app: './src/app.js' } }) })
    const r = await esmap(['install', 'fx-dep@1', '--root', '.', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(await readJson(dir, 'importmap.json')).toEqual({ imports: { 'fx-dep': `${cdn}fx-dep@1.2.0/index.js`, app: '/src/app.js' } })
  })

  it('-o page.html injects the map into the page, keeping the rest of it', async () => {
    const page = '<!doctype html>\n<html>\n  <head>\n    <title>app</title>\n  </head>\n  <body>\n    <h1>app</h1>\n  </body>\n</html>\n'
    const dir = await project({ 'index.html': page })
    const r = await esmap(['install', 'fx-uses-dep1', '-o', 'index.html', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    const html = await read(dir, 'index.html')
    expect(analyzeHtml(html, 'file:///index.html').importMap?.json).toEqual({
      imports: { 'fx-uses-dep1': `${cdn}fx-uses-dep1@1.0.0/index.js` },
      scopes: { [server.origin + '/']: { 'fx-dep': `${cdn}fx-dep@1.2.0/index.js` } },
    })
    expect(html.slice(html.indexOf('  </head>'))).toBe(page.slice(page.indexOf('  </head>')))
    expect(html.startsWith('<!doctype html>\n<html>\n  <head>\n    <title>app</title>\n')).toBe(true)
    expect(await files(dir)).toEqual(['index.html'])
  })

  it('-o page.html creates a page when there is none; --preload adds modulepreload links with --integrity', async () => {
    const dir = await project()
    const r = await esmap(['install', 'fx-uses-dep1', '-o', 'index.html', '--preload', '--integrity', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    const analysis = analyzeHtml(await read(dir, 'index.html'), 'file:///index.html')
    const urls = [`${cdn}fx-uses-dep1@1.0.0/index.js`, `${cdn}fx-dep@1.2.0/index.js`]
    expect(analysis.preloads.map((p) => [p.href, p.attributes.integrity])).toEqual([
      [urls[0], await sri(urls[0]!)],
      [urls[1], await sri(urls[1]!)],
    ])
    expect(analysis.importMap?.json?.integrity).toEqual({ [urls[0]!]: await sri(urls[0]!), [urls[1]!]: await sri(urls[1]!) })
  })

  it('-o map.js writes a script that adds the map and preloads to the page', async () => {
    const dir = await project()
    const r = await esmap(['install', 'fx-uses-dep1', '-o', 'importmap.js', '--preload', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    const head: Record<string, unknown>[] = []
    const document = { createElement: (tag: string) => ({ tag }), head: { appendChild: (el: Record<string, unknown>) => head.push(el) } }
    runInNewContext(await read(dir, 'importmap.js'), { document, JSON })
    const map = { imports: { 'fx-uses-dep1': `${cdn}fx-uses-dep1@1.0.0/index.js` }, scopes: { [server.origin + '/']: { 'fx-dep': `${cdn}fx-dep@1.2.0/index.js` } } }
    expect(head).toEqual([
      { tag: 'script', type: 'importmap', textContent: JSON.stringify(map) },
      { tag: 'link', rel: 'modulepreload', href: `${cdn}fx-uses-dep1@1.0.0/index.js` },
      { tag: 'link', rel: 'modulepreload', href: `${cdn}fx-dep@1.2.0/index.js` },
    ])
    // The script reads back as the lock.
    const again = await esmap(['install', '-m', 'importmap.js', '-o', 'importmap.js', '--preload', ...fixtureFlags(server)], { cwd: dir })
    expect(again.code).toBe(0)
    expect(lines(again.stderr)[0]).toBe('importmap.js: no changes (not rewritten)')
  })

  it('an HTML page works as the lock (-m)', async () => {
    const dir = await project()
    await esmap(['install', 'fx-dep@1.0.0', '-o', 'index.html', ...fixtureFlags(server)], { cwd: dir })
    const r = await esmap(['install', 'fx-exports', '-m', 'index.html', '-o', 'importmap.json', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(await readJson(dir, 'importmap.json')).toEqual({
      imports: { 'fx-exports': `${cdn}fx-exports@1.0.0/dist/browser.development.js`, 'fx-dep': `${cdn}fx-dep@1.0.0/index.js` },
    })
  })
})

describe('flags that shape the map', () => {
  it.each([
    [[], 'dist/browser.development.js', undefined],
    [['-C', 'production'], 'dist/browser.production.js', undefined],
    [['-C', 'node'], 'dist/index.module.js', undefined],
    // dist/index.js imports #platform, which package.json "imports" maps per condition.
    [['-C', 'node,no-module'], 'dist/index.js', 'dist/platform.node.js'],
    [['-C', 'node', '-C', 'no-module'], 'dist/index.js', 'dist/platform.node.js'],
    [['-C', 'no-module'], 'dist/browser.development.js', undefined],
    [['-C', 'no-browser,no-module'], 'dist/index.js', 'dist/platform.node.js'],
  ])('-C %j maps fx-exports to %s', async (flags, file, platform) => {
    const dir = await project()
    const r = await esmap(['install', 'fx-exports', '--stdout', ...flags, ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    const pkg = `${cdn}fx-exports@1.0.0/`
    expect(JSON.parse(r.stdout)).toEqual({ imports: { 'fx-exports': `${pkg}${file}` }, ...(platform && { scopes: { [server.origin + '/']: { '#platform': `${pkg}${platform}` } } }) })
  })

  it('-r overrides a version for every nesting', async () => {
    const dir = await project()
    const r = await esmap(['install', '@fx/scoped', 'fx-uses-dep1', '-r', 'fx-dep=1.0.0', '--stdout', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({
      imports: { 'fx-uses-dep1': `${cdn}fx-uses-dep1@1.0.0/index.js`, '@fx/scoped': `${cdn}@fx/scoped@1.1.0/index.js` },
      scopes: { [server.origin + '/']: { 'fx-dep': `${cdn}fx-dep@1.0.0/index.js` } },
    })
  })

  it('--integrity adds the integrity of every module; it stays on for a map that has it until --no-integrity', async () => {
    const dir = await project()
    const dep = `${cdn}fx-dep@1.2.0/index.js`
    const exportsUrl = `${cdn}fx-exports@1.0.0/dist/browser.development.js`
    expect((await esmap(['install', 'fx-dep@1', '--integrity', ...fixtureFlags(server)], { cwd: dir })).code).toBe(0)
    expect(await readJson(dir, 'importmap.json')).toEqual({ imports: { 'fx-dep': dep }, integrity: { [dep]: await sri(dep) } })
    expect((await esmap(['install', 'fx-exports', ...fixtureFlags(server)], { cwd: dir })).code).toBe(0)
    expect(await readJson(dir, 'importmap.json')).toEqual({ imports: { 'fx-exports': exportsUrl, 'fx-dep': dep }, integrity: { [exportsUrl]: await sri(exportsUrl), [dep]: await sri(dep) } })
    expect((await esmap(['install', '--no-integrity', ...fixtureFlags(server)], { cwd: dir })).code).toBe(0)
    expect(await readJson(dir, 'importmap.json')).toEqual({ imports: { 'fx-exports': exportsUrl, 'fx-dep': dep } })
  })

  it('--no-flatten-scopes keeps per-package scopes', async () => {
    const dir = await project()
    const flat = await esmap(['install', 'fx-uses-dep1', '--stdout', ...fixtureFlags(server)], { cwd: dir })
    const deep = await esmap(['install', 'fx-uses-dep1', '--stdout', '--no-flatten-scopes', ...fixtureFlags(server)], { cwd: dir })
    const imports = { 'fx-uses-dep1': `${cdn}fx-uses-dep1@1.0.0/index.js` }
    expect(JSON.parse(flat.stdout)).toEqual({ imports, scopes: { [server.origin + '/']: { 'fx-dep': `${cdn}fx-dep@1.2.0/index.js` } } })
    expect(JSON.parse(deep.stdout)).toEqual({ imports, scopes: { [`${cdn}fx-uses-dep1@1.0.0/`]: { 'fx-dep': `${cdn}fx-dep@1.2.0/index.js` } } })
  })

  it('--combine-subpaths (the default) collapses subpaths of a package in a scope; --no-combine-subpaths keeps them', async () => {
    const dir = await project()
    const imports = { 'fx-cli-user': `${cdn}fx-cli-user@1.0.0/index.js` }
    const parts = `${cdn}fx-cli-parts@1.0.0/`
    const combined = await esmap(['install', 'fx-cli-user', '--stdout', '--combine-subpaths', ...fixtureFlags(server)], { cwd: dir })
    expect(JSON.parse(combined.stdout)).toEqual({ imports, scopes: { [server.origin + '/']: { 'fx-cli-parts/': parts } } })
    const byDefault = await esmap(['install', 'fx-cli-user', '--stdout', ...fixtureFlags(server)], { cwd: dir })
    expect(byDefault.stdout).toBe(combined.stdout)
    const separate = await esmap(['install', 'fx-cli-user', '--stdout', '--no-combine-subpaths', ...fixtureFlags(server)], { cwd: dir })
    expect(JSON.parse(separate.stdout)).toEqual({ imports, scopes: { [server.origin + '/']: { 'fx-cli-parts/b.js': `${parts}b.js`, 'fx-cli-parts/a.js': `${parts}a.js` } } })
  })
})
