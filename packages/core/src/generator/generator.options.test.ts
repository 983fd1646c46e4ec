import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportMapJson } from '../types.js'
import type { Generator } from './generator.js'
import type { GeneratorOptions } from './options.js'
import { useFixture } from './__tests__/fixture.js'

/** `resolutions`, peer warnings, install target forms and local folder packages. */

const fx = useFixture()
const url = fx.url

let dir: string
let mapUrl: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esmap-gen-options-'))
  mapUrl = pathToFileURL(`${dir}/`).href
  await mkdir(join(dir, 'local-dep'))
  await writeFile(join(dir, 'local-dep/package.json'), JSON.stringify({ name: 'local-dep', type: 'module', exports: { '.': './main.js', './feature': './feature.js' }, dependencies: { 'fx-tagged': '^1.0.0' } }))
  await writeFile(join(dir, 'local-dep/main.js'), "import 'fx-tagged'\nexport const version = 'local'\nexport default { version }\n")
  await writeFile(join(dir, 'local-dep/feature.js'), 'export const feature = true\n')
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

interface Case {
  name: string
  options?: () => GeneratorOptions
  act: (g: Generator) => Promise<unknown>
  expected: () => ImportMapJson
}

const cases: Case[] = [
  {
    name: 'resolutions: a version, for every nesting',
    options: () => ({ resolutions: { 'fx-dep': '2.0.0' } }),
    act: (g) => g.install('fx-uses-dep2'),
    expected: () => ({ imports: { 'fx-uses-dep2': url('fx-uses-dep2@1.0.0') }, scopes: { [url('fx-uses-dep2@1.0.0', '')]: { 'fx-dep': url('fx-dep@2.0.0'), 'fx-dep/extra': url('fx-dep@2.0.0', 'extra.js') } } }),
  },
  {
    name: 'resolutions: a range',
    options: () => ({ resolutions: { 'fx-dep': '~1.0.0' } }),
    act: (g) => g.install('fx-uses-dep1'),
    expected: () => ({ imports: { 'fx-uses-dep1': url('fx-uses-dep1@1.0.0') }, scopes: { [url('fx-uses-dep1@1.0.0', '')]: { 'fx-dep': url('fx-dep@1.0.0') } } }),
  },
  {
    name: 'resolutions: another package',
    options: () => ({ resolutions: { 'fx-dep': 'npm:fx-tagged@2.0.0' } }),
    act: (g) => g.install('fx-uses-dep1'),
    expected: () => ({ imports: { 'fx-uses-dep1': url('fx-uses-dep1@1.0.0') }, scopes: { [url('fx-uses-dep1@1.0.0', '')]: { 'fx-dep': url('fx-tagged@2.0.0') } } }),
  },
  {
    name: 'resolutions: win over an explicit install at the top level',
    options: () => ({ resolutions: { 'fx-dep': '1.0.0' } }),
    act: (g) => g.install('fx-dep@^2'),
    expected: () => ({ imports: { 'fx-dep': url('fx-dep@1.0.0') } }),
  },
  {
    name: 'resolutions: a local folder (relative to mapUrl), whose own dependencies get its scope',
    options: () => ({ mapUrl, resolutions: { 'fx-dep': './local-dep' } }),
    act: (g) => g.install('fx-uses-dep1'),
    expected: (): ImportMapJson => ({
      imports: { 'fx-uses-dep1': url('fx-uses-dep1@1.0.0') },
      scopes: { './local-dep/': { 'fx-tagged': url('fx-tagged@1.1.0') }, [url('fx-uses-dep1@1.0.0', '')]: { 'fx-dep': './local-dep/main.js' } },
    }),
  },
  {
    name: 'install a local folder with an alias and a subpath (the reference\'s object form)',
    options: () => ({ mapUrl }),
    act: (g) => g.install({ alias: 'mypkg', target: './local-dep', subpath: './feature' }),
    expected: () => ({ imports: { 'mypkg/feature': './local-dep/feature.js' } }),
  },
  {
    name: 'install a local folder by its package.json name',
    options: () => ({ mapUrl }),
    act: (g) => g.install('./local-dep'),
    expected: () => ({ imports: { 'local-dep': './local-dep/main.js' }, scopes: { './local-dep/': { 'fx-tagged': url('fx-tagged@1.1.0') } } }),
  },
  {
    name: 'install an alias and several subpaths',
    act: (g) => g.install([{ alias: 'dep1', target: 'fx-dep@1' }, { target: 'fx-dep@2', subpaths: ['.', './extra'] }]),
    expected: () => ({ imports: { dep1: url('fx-dep@1.2.0'), 'fx-dep': url('fx-dep@2.1.0'), 'fx-dep/extra': url('fx-dep@2.1.0', 'extra.js') } }),
  },
  {
    name: 'singletons that stay one version are fine',
    options: () => ({ singletons: ['fx-react'] }),
    act: (g) => g.install(['fx-react-dom@18.2.0', 'fx-react@^18']),
    expected: () => ({ imports: { 'fx-react': url('fx-react@18.3.1'), 'fx-react-dom': url('fx-react-dom@18.2.0') } }),
  },
  {
    name: 'unstable: prereleases may be chosen',
    options: () => ({ unstable: true }),
    act: (g) => g.install('fx-prerelease@^1.1.0-0'),
    expected: () => ({ imports: { 'fx-prerelease': url('fx-prerelease@1.1.0-beta.1') } }),
  },
  {
    name: 'a dist-tag',
    act: (g) => g.install('fx-prerelease@next'),
    expected: () => ({ imports: { 'fx-prerelease': url('fx-prerelease@1.1.0-beta.1') } }),
  },
]

describe('Generator options', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const g = fx.generator({ flattenScopes: false, ...c.options?.() })
      await c.act(g)
      expect(g.getMap()).toEqual(c.expected())
    })
  }

  it('a peer outside its range takes the importer\'s copy, and the conflict is logged once', async () => {
    const lines: string[] = []
    const g = fx.generator({ log: (type, message) => type === 'install' && message.startsWith('ESMAP_') && lines.push(message) })
    await g.install(['fx-react@17', 'fx-react-dom@18.2.0'])
    await g.reinstall()
    expect(g.getMap()).toEqual({ imports: { 'fx-react': url('fx-react@17.0.2'), 'fx-react-dom': url('fx-react-dom@18.2.0') } })
    expect(lines).toEqual([
      'ESMAP_PEER_CONFLICT: npm:fx-react-dom@18.2.0 wants peer fx-react@^18.2.0, but its importer (root) resolves "fx-react" to npm:fx-react@17.0.2 (fx-react@17); using that copy (npm 7+ stops here with ERESOLVE). Fix: align the ranges, or pin "fx-react" with resolutions.',
    ])
  })

  it('a resolution replacing an explicit install is logged', async () => {
    const lines: string[] = []
    const g = fx.generator({ resolutions: { 'fx-dep': '1.0.0' }, log: (type, message) => message.startsWith('ESMAP_') && lines.push(message) })
    await g.install('fx-dep@^2')
    expect(lines).toEqual(['ESMAP_RESOLUTION_OVERRIDE: install of fx-dep@^2 as "fx-dep" uses resolutions["fx-dep"] (fx-dep@1.0.0) instead'])
  })
})

describe('Generator helpers', () => {
  it('lookup: the install as parsed and the version the provider resolves', async () => {
    expect(await fx.generator().lookup('fx-dep@^1/index.js')).toEqual({
      install: { target: { registry: 'npm', name: 'fx-dep', range: '^1' }, subpath: './index.js', alias: 'fx-dep' },
      resolved: { registry: 'npm', name: 'fx-dep', version: '1.2.0' },
      provider: 'jsdelivr',
      layer: 'default',
      pkgUrl: url('fx-dep@1.2.0', ''),
    })
    expect(await fx.generator().lookup('fx-nope')).toBeUndefined()
  })

  it('getPackageConfig and getPackageBase, by package and by URL', async () => {
    const g = fx.generator()
    expect((await g.getPackageConfig({ registry: 'npm', name: 'fx-dep', version: '2.1.0' }))?.exports).toEqual({ '.': './index.js', './extra': './extra.js' })
    expect((await g.getPackageConfig(url('fx-dep@1.0.0', 'index.js')))?.main).toBe('index.js')
    expect(await g.getPackageBase(url('fx-dep@2.1.0', 'extra.js'))).toBe(url('fx-dep@2.1.0', ''))
  })

  it('fetch answers a Response through the generator\'s fetch layer', async () => {
    const g = fx.generator()
    const ok = await g.fetch(url('fx-dep@2.1.0', 'extra.js'))
    expect([ok.status, await ok.text()]).toEqual([200, "export const extra = 'fx-dep@2.1.0/extra'\n"])
    expect((await g.fetch(url('fx-dep@2.1.0', 'nope.js'))).status).toBe(404)
  })

  it('resolve and importMap resolve through the current map', async () => {
    const g = fx.generator()
    await g.install('fx-uses-dep2')
    expect(g.resolve('fx-uses-dep2')).toBe(url('fx-uses-dep2@1.0.0'))
    expect(g.resolve('fx-dep/extra', url('fx-uses-dep2@1.0.0'))).toBe(url('fx-dep@2.1.0', 'extra.js'))
    expect(g.importMap.resolve('fx-dep', url('fx-uses-dep2@1.0.0'))).toBe(url('fx-dep@2.1.0'))
  })
})
