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

const app = {
  'src/main.js': "import { version } from 'fx-dep'\nimport { twice } from './util.js'\n",
  'src/util.js': "export { twice } from '@fx/scoped/utils'\n",
  'index.html': '<!doctype html>\n<html>\n  <head></head>\n  <body>\n    <script type="module" src="./src/main.js"></script>\n    <script type="module">import "fx-exports/features/a"</script>\n  </body>\n</html>\n',
}

describe('esmap link', () => {
  it('traces a module and its local imports, and maps the packages they import', async () => {
    const dir = await project(app)
    const r = await esmap(['link', './src/main.js', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(await readJson(dir, 'importmap.json')).toEqual({ imports: { 'fx-dep': `${cdn}fx-dep@2.1.0/index.js`, '@fx/scoped/utils': `${cdn}@fx/scoped@1.1.0/utils.js` } })
    expect(r.stderr.split('\n').slice(0, 3)).toEqual(['+ @fx/scoped@1.1.0', '+ fx-dep@2.1.0', 'importmap.json: 2 added entries'])
  })

  it('a module path without ./ works when the file exists', async () => {
    const dir = await project(app)
    const r = await esmap(['link', 'src/main.js', '--stdout', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(Object.keys(JSON.parse(r.stdout).imports)).toEqual(['fx-dep', '@fx/scoped/utils'])
  })

  it('takes the ranges of your dependencies from package.json', async () => {
    const dir = await project({ ...app, 'package.json': JSON.stringify({ dependencies: { 'fx-dep': '~1.0.0' } }) })
    const r = await esmap(['link', './src/main.js', '--stdout', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).imports['fx-dep']).toBe(`${cdn}fx-dep@1.0.0/index.js`)
  })

  it("traces a page's module scripts, external and inline", async () => {
    const dir = await project(app)
    const r = await esmap(['link', 'index.html', '--stdout', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({
      imports: { 'fx-exports/features/a': `${cdn}fx-exports@1.0.0/dist/features/a.js`, 'fx-dep': `${cdn}fx-dep@2.1.0/index.js`, '@fx/scoped/utils': `${cdn}@fx/scoped@1.1.0/utils.js` },
    })
  })

  it('links bare specifiers, keeping what the map already has', async () => {
    const dir = await project({ 'importmap.json': JSON.stringify({ imports: { 'fx-dep': `${server.urls.jsdelivr}npm/fx-dep@1.0.0/index.js` } }) })
    const r = await esmap(['link', 'fx-exports/features/b', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(await readJson(dir, 'importmap.json')).toEqual({ imports: { 'fx-exports/features/b': `${cdn}fx-exports@1.0.0/dist/features/b.js`, 'fx-dep': `${cdn}fx-dep@1.0.0/index.js` } })
  })

  it("--root: a page's path-absolute module scripts resolve under the root", async () => {
    const dir = await project({ ...app, 'index.html': app['index.html'].replace('./src/main.js', '/src/main.js') })
    const r = await esmap(['link', 'index.html', '--root', '.', '--stdout', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(Object.keys(JSON.parse(r.stdout).imports)).toEqual(['fx-exports/features/a', 'fx-dep', '@fx/scoped/utils'])
  })
})
