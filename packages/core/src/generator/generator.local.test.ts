import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useFixture } from './__tests__/fixture.js'

/** Local code: `link` of app modules, `extractMap`, the project's `#imports`, and the `nodemodules` provider. */

const fx = useFixture()
const url = fx.url

let dir: string
let base: string
const write = async (path: string, text: string): Promise<void> => {
  await mkdir(dirname(join(dir, path)), { recursive: true })
  await writeFile(join(dir, path), text)
}
const pj = (json: object): string => JSON.stringify(json)

beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'esmap-gen-local-')))
  base = pathToFileURL(`${dir}/`).href
  // App modules, resolved through the CDN.
  await write('app/main.js', "import 'fx-dep'\nimport { twice } from '@fx/scoped/utils'\nimport './lib.js'\nimport '#util'\nexport const lazy = () => import('fx-dynamic')\n")
  await write('app/lib.js', "import 'fx-cycle-a'\n")
  await write('app/util.js', 'export const util = 1\n')
  await write('app/page-a.js', "import 'fx-dep'\n")
  await write('app/page-b.js', "import 'fx-cycle-a'\n")
  // A node_modules tree.
  await write('nm/main.js', "import 'a'\nimport 'b'\nimport 'cjs'\nimport 'd'\nexport const lazy = () => import('c/lazy.js')\n")
  await write('nm/node_modules/a/package.json', pj({ name: 'a', version: '1.0.0', main: 'index.js' }))
  await write('nm/node_modules/a/index.js', 'export default 1\n')
  await write('nm/node_modules/b/package.json', pj({ name: 'b', version: '1.0.0', type: 'module', exports: './b.js', dependencies: { a: '2' } }))
  await write('nm/node_modules/b/b.js', "import a from 'a'\nexport default a\n")
  await write('nm/node_modules/b/node_modules/a/package.json', pj({ name: 'a', version: '2.0.0', main: 'index.js' }))
  await write('nm/node_modules/b/node_modules/a/index.js', 'export default 2\n')
  await write('nm/node_modules/c/package.json', pj({ name: 'c', version: '1.0.0', exports: { './lazy.js': './dist/lazy.js' } }))
  await write('nm/node_modules/c/dist/lazy.js', 'export const lazy = true\n')
  await write('nm/node_modules/cjs/package.json', pj({ name: 'cjs', version: '1.0.0', main: 'index' }))
  await write('nm/node_modules/cjs/index.js', "'use strict'\nconst util = require('./util')\nconst a = require('a')\nmodule.exports = { util, a }\n")
  await write('nm/node_modules/cjs/util/index.js', "'use strict'\nmodule.exports = 'util'\n")
  // pnpm's layout: a symlink into .pnpm, the package's dependencies beside it there.
  await write('nm/node_modules/.pnpm/d@1.0.0/node_modules/d/package.json', pj({ name: 'd', version: '1.0.0', type: 'module', exports: './index.js', dependencies: { e: '1' } }))
  await write('nm/node_modules/.pnpm/d@1.0.0/node_modules/d/index.js', "import 'e'\n")
  await write('nm/node_modules/.pnpm/d@1.0.0/node_modules/e/package.json', pj({ name: 'e', version: '1.0.0', type: 'module', exports: './index.js' }))
  await write('nm/node_modules/.pnpm/d@1.0.0/node_modules/e/index.js', 'export default 1\n')
  await symlink(join(dir, 'nm/node_modules/.pnpm/d@1.0.0/node_modules/d'), join(dir, 'nm/node_modules/d'), 'dir')
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('Generator.link: local modules that import packages', () => {
  it('maps the bare imports of a module tree (ranges from the project\'s package.json, #imports from it too)', async () => {
    const g = fx.generator({
      mapUrl: `${base}app/`,
      cwd: join(dir, 'app'),
      packageJson: { name: 'app', dependencies: { 'fx-dep': '^1.0.0' }, imports: { '#util': './util.js' } },
    })
    const result = await g.link('./main.js')
    expect(g.getMap()).toEqual({
      imports: {
        '#util': './util.js',
        '@fx/scoped/utils': url('@fx/scoped@1.1.0', 'utils.js'),
        'fx-cycle-a': url('fx-cycle-a@1.0.0'),
        'fx-dep': url('fx-dep@1.2.0'),
        'fx-dynamic': url('fx-dynamic@1.0.0'),
      },
      scopes: {
        [`${fx.server.origin}/`]: { 'fx-cycle-b': url('fx-cycle-b@1.0.0') },
        // Not flattened: the top level maps fx-dep to another version.
        [url('fx-dynamic@1.0.0', '')]: { 'fx-dep': url('fx-dep@2.1.0') },
      },
    })
    expect(result).toEqual({
      staticDeps: [`${base}app/main.js`, url('fx-dep@1.2.0'), url('@fx/scoped@1.1.0', 'utils.js'), `${base}app/lib.js`, `${base}app/util.js`, url('fx-cycle-a@1.0.0'), url('fx-cycle-b@1.0.0')],
      dynamicDeps: [url('fx-dynamic@1.0.0'), url('fx-dynamic@1.0.0', 'lazy.js'), url('fx-dep@2.1.0')],
    })
  })

  it('rootUrl: local URLs are written root-relative, and the map reads back the same', async () => {
    const options = { mapUrl: `${base}app/`, rootUrl: base, cwd: join(dir, 'app'), packageJson: { name: 'app', imports: { '#util': './util.js' } } }
    const g = fx.generator(options)
    await g.link('./lib.js')
    await g.link('#util', `${base}app/main.js`)
    const map = g.getMap()
    expect(map).toEqual({ imports: { '#util': '/app/util.js', 'fx-cycle-a': url('fx-cycle-a@1.0.0') }, scopes: { [`${fx.server.origin}/`]: { 'fx-cycle-b': url('fx-cycle-b@1.0.0') } } })
    const again = fx.generator({ ...options, inputMap: map })
    await again.link('./lib.js')
    await again.link('#util', `${base}app/main.js`)
    expect(JSON.stringify(again.getMap())).toBe(JSON.stringify(map))
  })

  it('extractMap: the map of some entries only, with the versions already chosen; the generator\'s map is unchanged', async () => {
    const g = fx.generator({ mapUrl: `${base}app/` })
    await g.link(['./page-a.js', './page-b.js'])
    const full = g.getMap()
    const a = await g.extractMap('./page-a.js')
    expect(a).toEqual({ map: { imports: { 'fx-dep': url('fx-dep@2.1.0') } }, staticDeps: [`${base}app/page-a.js`, url('fx-dep@2.1.0')], dynamicDeps: [] })
    const b = await g.extractMap(['./page-b.js'])
    expect(b.map).toEqual({ imports: { 'fx-cycle-a': url('fx-cycle-a@1.0.0') }, scopes: { [`${fx.server.origin}/`]: { 'fx-cycle-b': url('fx-cycle-b@1.0.0') } } })
    expect(g.getMap()).toEqual(full)
  })

  it('link with a parentUrl resolves bare specifiers from there', async () => {
    const g = fx.generator({ mapUrl: `${base}app/` })
    await g.install('fx-uses-dep2')
    await g.link('fx-dep/extra', url('fx-uses-dep2@1.0.0'))
    expect(g.resolve('fx-dep/extra', url('fx-uses-dep2@1.0.0'))).toBe(url('fx-dep@2.1.0', 'extra.js'))
  })
})

describe('Generator with the nodemodules provider', () => {
  it('maps what node_modules holds, as Node finds it: nested copies, CommonJS requires, pnpm symlinks, dynamic imports', async () => {
    // Scopes stay per package folder (flattening would merge them into file:///).
    const g = fx.generator({ mapUrl: `${base}nm/`, defaultProvider: 'nodemodules', env: ['browser', 'module'], flattenScopes: false })
    const { staticDeps, dynamicDeps } = await g.link('./main.js')
    expect(g.getMap()).toEqual({
      imports: {
        a: './node_modules/a/index.js',
        b: './node_modules/b/b.js',
        'c/lazy.js': './node_modules/c/dist/lazy.js',
        cjs: './node_modules/cjs/index.js',
        d: './node_modules/.pnpm/d@1.0.0/node_modules/d/index.js',
      },
      scopes: {
        './node_modules/.pnpm/d@1.0.0/node_modules/d/': { e: './node_modules/.pnpm/d@1.0.0/node_modules/e/index.js' },
        './node_modules/b/': { a: './node_modules/b/node_modules/a/index.js' },
        './node_modules/cjs/': { './node_modules/cjs/util': './node_modules/cjs/util/index.js' },
      },
    })
    const nm = `${base}nm/node_modules/`
    expect(staticDeps).toEqual([
      `${base}nm/main.js`,
      `${nm}a/index.js`,
      `${nm}b/b.js`,
      `${nm}cjs/index.js`,
      `${nm}.pnpm/d@1.0.0/node_modules/d/index.js`,
      `${nm}b/node_modules/a/index.js`,
      `${nm}cjs/util/index.js`,
      `${nm}.pnpm/d@1.0.0/node_modules/e/index.js`,
    ])
    expect(dynamicDeps).toEqual([`${nm}c/dist/lazy.js`])
  })

  it('reuses cached analyses of installed files only while they are unchanged', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'esmap-gen-nm-cache-'))
    try {
      await write('nm/stamp.js', "import 'stamped'\n")
      await write('nm/node_modules/stamped/package.json', pj({ name: 'stamped', version: '1.0.0', type: 'module', main: 'index.js' }))
      await write('nm/node_modules/stamped/index.js', "import 'a'\n")
      // Every specifier the map has, top level and scopes.
      const run = async (): Promise<string[]> => {
        const g = fx.generator({ mapUrl: `${base}nm/`, defaultProvider: 'nodemodules', cacheDir, cache: true })
        await g.link('./stamp.js')
        const map = g.getMap()
        return [...Object.keys(map.imports ?? {}), ...Object.values(map.scopes ?? {}).flatMap((scope) => Object.keys(scope))].sort()
      }
      expect(await run()).toEqual(['a', 'stamped'])
      expect(await run()).toEqual(['a', 'stamped'])
      // A reinstall or a patch changes the file: its analysis is made again.
      await write('nm/node_modules/stamped/index.js', "import 'c/lazy.js'\n")
      expect(await run()).toEqual(['c/lazy.js', 'stamped'])
    } finally {
      await rm(cacheDir, { recursive: true, force: true })
    }
  })

  it('names the importer and the fix when a package is not installed', async () => {
    await write('nm/missing.js', "import 'not-installed'\n")
    const g = fx.generator({ mapUrl: `${base}nm/`, defaultProvider: 'nodemodules' })
    await expect(g.link('./missing.js')).rejects.toThrow(
      `Could not resolve "not-installed" from ${base}nm/missing.js:1:1: Cannot find package "not-installed" in node_modules\n  Fix: Install it (npm install not-installed), or route it to a CDN provider with providers: { "not-installed": "jspm.io" }.`,
    )
  })
})
