import { createHash } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyzeHtml } from '@esmap/core'
import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import { esmap, files, fixtureFlags, project, read } from './run.js'

let server: FixtureServer
let cdn: string
beforeAll(async () => {
  server = await startFixtureServer()
  cdn = `${server.urls.jsdelivr}npm/`
})
afterAll(() => server.close())

const page = '<!doctype html>\n<html>\n  <head>\n    <title>app</title>\n  </head>\n  <body>\n    <script type="module" src="./main.js"></script>\n  </body>\n</html>\n'
const main = "import { version } from 'fx-uses-dep1'\n"
const sri = (bytes: string | Uint8Array): string => `sha384-${createHash('sha384').update(bytes).digest('base64')}`
const fetched = async (url: string): Promise<string> => sri(new Uint8Array(await (await fetch(url)).arrayBuffer()))

describe('esmap inject', () => {
  it('writes map, static preloads and integrity into the page in place, keeping the rest', async () => {
    const dir = await project({ 'index.html': page, 'main.js': main })
    const r = await esmap(['inject', 'index.html', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    const html = await read(dir, 'index.html')
    const analysis = analyzeHtml(html, 'file:///index.html')
    const user = `${cdn}fx-uses-dep1@1.0.0/index.js`
    const dep = `${cdn}fx-dep@1.2.0/index.js`
    expect(analysis.importMap?.json).toEqual({
      imports: { 'fx-uses-dep1': user },
      scopes: { [server.origin + '/']: { 'fx-dep': dep } },
      integrity: { [user]: await fetched(user), [dep]: await fetched(dep), './main.js': sri(main) },
    })
    expect(analysis.preloads.map((p) => [p.href, p.attributes.integrity])).toEqual([
      [user, await fetched(user)],
      [dep, await fetched(dep)],
    ])
    expect(html.slice(html.indexOf('  </head>'))).toBe(page.slice(page.indexOf('  </head>')))
    expect(r.stderr.split('\n').slice(0, 3)).toEqual(['+ fx-dep@1.2.0', '+ fx-uses-dep1@1.0.0', 'index.html: 5 added entries'])
    expect(await files(dir)).toEqual(['index.html', 'main.js'])
  })

  it('is idempotent: a second run leaves the page untouched', async () => {
    const dir = await project({ 'index.html': page, 'main.js': main })
    await esmap(['inject', 'index.html', ...fixtureFlags(server)], { cwd: dir })
    const first = await read(dir, 'index.html')
    const before = await stat(join(dir, 'index.html'))
    const r = await esmap(['inject', 'index.html', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(r.stderr.split('\n')[0]).toBe('index.html: no changes (not rewritten)')
    expect(await read(dir, 'index.html')).toBe(first)
    expect((await stat(join(dir, 'index.html'))).mtimeMs).toBe(before.mtimeMs)
  })

  it('--no-integrity --no-preload: the map alone', async () => {
    const dir = await project({ 'index.html': page, 'main.js': main })
    const r = await esmap(['inject', 'index.html', '--no-integrity', '--no-preload', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    const analysis = analyzeHtml(await read(dir, 'index.html'), 'file:///index.html')
    expect(analysis.importMap?.json).toEqual({ imports: { 'fx-uses-dep1': `${cdn}fx-uses-dep1@1.0.0/index.js` }, scopes: { [server.origin + '/']: { 'fx-dep': `${cdn}fx-dep@1.2.0/index.js` } } })
    expect(analysis.preloads).toEqual([])
  })

  it('--preload all preloads dynamic imports too', async () => {
    const dir = await project({ 'index.html': page, 'main.js': "import 'fx-dynamic'\n" })
    const staticOnly = await esmap(['inject', 'index.html', '--stdout', '--no-integrity', ...fixtureFlags(server)], { cwd: dir })
    const all = await esmap(['inject', 'index.html', '--stdout', '--no-integrity', '--preload', 'all', ...fixtureFlags(server)], { cwd: dir })
    const preloads = (html: string): string[] => analyzeHtml(html, 'file:///index.html').preloads.map((p) => p.href)
    expect(preloads(staticOnly.stdout)).toEqual([`${cdn}fx-dynamic@1.0.0/index.js`])
    // fx-dynamic's import('./lazy.js') and import('fx-dep'), in source order.
    expect(preloads(all.stdout)).toEqual([`${cdn}fx-dynamic@1.0.0/index.js`, `${cdn}fx-dynamic@1.0.0/lazy.js`, `${cdn}fx-dep@2.1.0/index.js`])
    expect(await read(dir, 'index.html')).toBe(page)
  })

  it('injects several pages; the page map is the lock', async () => {
    const pinned = page.replace('  </head>', `    <script type="importmap">{"imports":{"fx-dep":"${server.urls.jsdelivr}npm/fx-dep@2.0.0/index.js"}}</script>\n  </head>`)
    const dir = await project({ 'a.html': page, 'b.html': pinned.replace('./main.js', './b.js'), 'main.js': main, 'b.js': "import 'fx-dep'\n" })
    const r = await esmap(['inject', 'a.html', 'b.html', '--no-integrity', '--no-preload', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(analyzeHtml(await read(dir, 'a.html'), 'file:///a.html').importMap?.json?.imports).toEqual({ 'fx-uses-dep1': `${cdn}fx-uses-dep1@1.0.0/index.js` })
    expect(analyzeHtml(await read(dir, 'b.html'), 'file:///b.html').importMap?.json).toEqual({ imports: { 'fx-dep': `${cdn}fx-dep@2.0.0/index.js` } })
  })

  it('--frozen fails when a page is out of date, writing nothing', async () => {
    const dir = await project({ 'index.html': page, 'main.js': main })
    const r = await esmap(['inject', 'index.html', '--frozen', '--no-integrity', '--no-preload', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      `error ESMAP_FROZEN: --frozen: the map would change (2 added entries in index.html):\n+ imports["fx-uses-dep1"]: ${cdn}fx-uses-dep1@1.0.0/index.js\n+ scopes[${server.origin}/]["fx-dep"]: ${cdn}fx-dep@1.2.0/index.js\n  Fix: Run the command without --frozen to update the map, and commit it.\n`,
    )
    expect(await read(dir, 'index.html')).toBe(page)
    await esmap(['inject', 'index.html', '--no-integrity', '--no-preload', ...fixtureFlags(server)], { cwd: dir })
    expect((await esmap(['inject', 'index.html', '--frozen', '--no-integrity', '--no-preload', ...fixtureFlags(server)], { cwd: dir })).code).toBe(0)
  })

  // With --root, a page's path-absolute module script (`src="/main.js"`, as in Vite's index.html) is served from the root.
  it('--root: path-absolute module scripts of the page resolve under the root', async () => {
    const dir = await project({ 'index.html': page.replace('./main.js', '/main.js'), 'main.js': main })
    const r = await esmap(['inject', 'index.html', '--root', '.', '--stdout', '--no-integrity', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('+ fx-dep@1.2.0')
    expect(r.stdout).toContain('<script type="importmap">')
    expect(r.stdout).toContain('"fx-uses-dep1"')
  })

  it.each([
    [['inject'], 'error ESMAP_CLI_MISSING_ARGUMENT: esmap inject needs the HTML pages to inject into\n  Fix: Run e.g. "esmap inject index.html".\nRun "esmap inject --help" for usage.\n'],
    [['inject', 'nope.html'], 'error ESMAP_CLI_FILE_NOT_FOUND: No page at DIR/nope.html\n  Fix: Check the path of the HTML file.\nRun "esmap inject --help" for usage.\n'],
    [['inject', 'main.js'], 'error ESMAP_CLI_FILE_TYPE: esmap inject writes into HTML pages, not DIR/main.js\n  Fix: Give .html files; to write a map or a script, use esmap link with -o.\nRun "esmap inject --help" for usage.\n'],
    [['inject', 'index.html', 'map.json'], 'error ESMAP_CLI_FILE_TYPE: esmap inject writes into HTML pages, not DIR/map.json\n  Fix: Give .html files; to write a map or a script, use esmap link with -o.\nRun "esmap inject --help" for usage.\n'],
    [['inject', 'index.html', 'index.html', '--stdout'], 'error ESMAP_CLI_INVALID_FLAG: --stdout prints one page, but 2 were given\n  Fix: Inject one page at a time with --stdout, or drop --stdout to write them in place.\nRun "esmap inject --help" for usage.\n'],
    [['inject', 'index.html', '-o', 'x.html'], 'error ESMAP_CLI_UNKNOWN_FLAG: "esmap inject" does not take -o\n  Fix: Run "esmap inject --help" to see its flags.\n'],
  ])('%j fails with exit code 2, before any page is written', async (args, stderr) => {
    const dir = await project({ 'index.html': page, 'main.js': main, 'map.json': '{}' })
    const r = await esmap([...args, ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(stderr.replaceAll('DIR', dir))
    expect(await read(dir, 'index.html')).toBe(page)
  })
})
