import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodemodules } from './nodemodules.js'
import { memorySource, testContext } from './test-support.fixture.js'

let root: string
let rootUrl: string
const ctx = testContext({ npm: memorySource({}) })

function write(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true })
  writeFileSync(join(root, path), text)
}
function link(path: string, target: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true })
  symlinkSync(target, join(root, path), 'dir')
}
const pkgJson = (name: string, version: string): string => JSON.stringify({ name, version })

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'esmap-nodemodules-')))
  rootUrl = pathToFileURL(root).href + '/'
  write('src/main.js', "import 'flat'")
  // npm's flat layout, with one nested copy.
  write('node_modules/flat/package.json', pkgJson('flat', '1.0.0'))
  write('node_modules/flat/index.js', 'export const flat = 1')
  write('node_modules/flat/lib/util.js', 'export {}')
  write('node_modules/flat/node_modules/nested/package.json', pkgJson('nested', '2.0.0'))
  write('node_modules/nested/package.json', pkgJson('nested', '1.0.0'))
  write('node_modules/@scope/pkg/package.json', pkgJson('@scope/pkg', '3.0.0'))
  write('node_modules/not-a-dir', 'a file')
  // pnpm's layout: top-level symlinks into .pnpm, dependencies as sibling symlinks.
  write('node_modules/.pnpm/dep@3.0.0/node_modules/dep/package.json', pkgJson('dep', '3.0.0'))
  write('node_modules/.pnpm/dep@3.0.0/node_modules/dep/index.js', "import 'sub'")
  write('node_modules/.pnpm/sub@1.0.0/node_modules/sub/package.json', pkgJson('sub', '1.0.0'))
  link('node_modules/.pnpm/dep@3.0.0/node_modules/sub', '../../sub@1.0.0/node_modules/sub')
  link('node_modules/dep', '.pnpm/dep@3.0.0/node_modules/dep')
  link('node_modules/alias', '.pnpm/sub@1.0.0/node_modules/sub')
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

const resolve = (name: string, parent: string): Promise<unknown> =>
  nodemodules.resolveLatestTarget({ registry: 'npm', name, range: '*' }, false, 'default', parent.includes(':') ? parent : `${rootUrl}${parent}`, ctx)
const located = (name: string, dir: string): unknown => ({ registry: 'node_modules', name, version: `${rootUrl}${dir}` })

describe('nodemodules: Node’s lookup from the parent’s directory up', () => {
  const table: [string, string, string | undefined, string?][] = [
    ['flat', 'src/main.js', 'node_modules/flat/'],
    ['flat', 'main.js', 'node_modules/flat/'],
    ['nested', 'src/main.js', 'node_modules/nested/'],
    ['nested', 'node_modules/flat/index.js', 'node_modules/flat/node_modules/nested/'],
    ['nested', 'node_modules/flat/lib/util.js', 'node_modules/flat/node_modules/nested/'],
    ['@scope/pkg', 'src/deep/er/x.js', 'node_modules/@scope/pkg/'],
    ['dep', 'src/main.js', 'node_modules/.pnpm/dep@3.0.0/node_modules/dep/'],
    ['sub', 'node_modules/.pnpm/dep@3.0.0/node_modules/dep/index.js', 'node_modules/.pnpm/sub@1.0.0/node_modules/sub/'],
    ['alias', 'src/main.js', 'node_modules/.pnpm/sub@1.0.0/node_modules/sub/', 'sub'],
    ['sub', 'src/main.js', undefined],
    ['not-a-dir', 'src/main.js', undefined],
    ['missing', 'src/main.js', undefined],
  ]
  for (const [name, parent, dir, realName] of table) {
    it(`${name} from ${parent} → ${dir ?? 'not found'}`, async () => {
      expect(await resolve(name, parent)).toEqual(dir === undefined ? undefined : located(realName ?? name, dir))
    })
  }

  it('only searches file: parents', async () => {
    expect(await resolve('flat', 'https://example.com/src/main.js')).toBeUndefined()
  })
})

describe('nodemodules: package config, files and modules from disk', () => {
  it('round-trips the located package through its URL', async () => {
    const pkg = (await nodemodules.resolveLatestTarget({ registry: 'npm', name: 'dep', range: '^3' }, false, 'default', `${rootUrl}src/main.js`, ctx))!
    const url = nodemodules.pkgToUrl(pkg, 'default', ctx)
    expect(url).toBe(`${rootUrl}node_modules/.pnpm/dep@3.0.0/node_modules/dep/`)
    expect(nodemodules.parseUrlPkg(`${url}index.js`, ctx)).toEqual({ pkg, layer: 'default', path: 'index.js' })
    expect(await nodemodules.getPackageConfig!(pkg, ctx)).toEqual({ name: 'dep', version: '3.0.0' })
  })

  it('lists the files of a package without its nested node_modules', async () => {
    const pkg = { registry: 'node_modules', name: 'flat', version: `${rootUrl}node_modules/flat/` }
    expect(await nodemodules.getFileList!(pkg, ctx)).toEqual(new Set(['package.json', 'index.js', 'lib/util.js']))
    expect(await nodemodules.getFileList!({ ...pkg, version: `${rootUrl}node_modules/gone/` }, ctx)).toBeUndefined()
  })

  it('loads modules from disk', async () => {
    expect(new TextDecoder().decode(await nodemodules.loadModule(`${rootUrl}node_modules/flat/index.js`, ctx))).toBe('export const flat = 1')
    expect(await nodemodules.loadModule(`${rootUrl}node_modules/flat/missing.js`, ctx)).toBeUndefined()
    expect(await nodemodules.loadModule(`${rootUrl}src/main.js`, ctx)).toBeUndefined()
  })

  it('has no package.json for a directory without one', async () => {
    const pkg = { registry: 'node_modules', name: 'flat', version: `${rootUrl}node_modules/flat/lib/` }
    expect(await nodemodules.getPackageConfig!(pkg, ctx)).toBeUndefined()
  })
})
