import { describe, expect, it } from 'vitest'
import { analyzeModule, initAnalyzer } from '../trace/index.js'
import type { ImportMapJson } from '../types.js'
import type { Generator, InstallResult } from './generator.js'
import type { GeneratorOptions } from './options.js'
import { useFixture } from './__tests__/fixture.js'

/** The map as a lockfile: round trips, uninstall pruning, flatten/combine keeping resolution, integrity. */

const fx = useFixture()
const url = fx.url

interface Install {
  name: string
  options?: GeneratorOptions
  act: (g: Generator) => Promise<InstallResult>
}

const installs: Install[] = [
  { name: 'two majors of fx-dep (a flattened origin scope)', act: (g) => g.install(['fx-uses-dep1', 'fx-uses-dep2']) },
  { name: 'a nested copy beside the top level\'s', act: (g) => g.install(['@fx/scoped', 'fx-dep@1']) },
  { name: 'peers', act: (g) => g.install(['fx-react@^18', 'fx-react-dom', 'fx-react-dom/client']) },
  { name: 'dynamic imports, with integrity', options: { integrity: true }, act: (g) => g.install('fx-dynamic') },
  { name: 'several subpaths of one package', act: (g) => g.install(['fx-exports/features/a', 'fx-exports/features/b', 'fx-exports/package.json', 'fx-exports']) },
  { name: 'a browser-field URL entry', options: { env: ['browser'] }, act: (g) => g.install('fx-legacy') },
  { name: 'JSR', act: (g) => g.install('jsr:@fxjsr/util') },
  { name: 'jspm.io', options: { defaultProvider: 'jspm.io' }, act: (g) => g.install(['fx-cjs', 'fx-uses-dep1', 'fx-uses-dep2']) },
  { name: 'without flattening or combining', options: { flattenScopes: false, combineSubpaths: false }, act: (g) => g.install(['fx-uses-dep1', 'fx-uses-dep2', '@fx/scoped']) },
  { name: 'an alias and a custom mapping', options: { inputMap: { imports: { custom: '/mapping.js' } } }, act: (g) => g.install([{ target: 'fx-dep@1', alias: 'dep1' }, 'fx-dep']) },
]

describe('Generator: the map as a lockfile', () => {
  for (const s of installs) {
    it(`${s.name}: generating again from the map gives it byte for byte (install(), update())`, async () => {
      const first = fx.generator(s.options)
      await s.act(first)
      const map = first.getMap()
      const again = fx.generator({ ...s.options, inputMap: map })
      await again.install()
      expect(JSON.stringify(again.getMap())).toBe(JSON.stringify(map))
      // Nothing newer is published, so update() changes nothing either.
      await again.update()
      expect(JSON.stringify(again.getMap())).toBe(JSON.stringify(map))
    })
  }

  it('an input map in an HTML page is read as the lock', async () => {
    const first = fx.generator()
    await first.install(['fx-uses-dep1', 'fx-uses-dep2'])
    const html = `<!doctype html>\n<script type="importmap">\n${JSON.stringify(first.getMap(), null, 2)}\n</script>\n`
    const again = fx.generator({ inputMap: html })
    await again.install()
    expect(again.getMap()).toEqual(first.getMap())
  })

  it('calls made at once run one after another, each keeping what the previous added', async () => {
    const g = fx.generator()
    const [a, b, c] = await Promise.all([g.install('fx-dep'), g.install('fx-cycle-a'), g.uninstall('fx-dep')])
    expect(a.staticDeps).toEqual([url('fx-dep@2.1.0')])
    expect(b.staticDeps).toEqual([url('fx-cycle-a@1.0.0'), url('fx-cycle-b@1.0.0')])
    expect(c.staticDeps).toEqual([url('fx-cycle-a@1.0.0'), url('fx-cycle-b@1.0.0')])
    expect(g.getMap()).toEqual({ imports: { 'fx-cycle-a': url('fx-cycle-a@1.0.0') }, scopes: { [`${fx.server.origin}/`]: { 'fx-cycle-b': url('fx-cycle-b@1.0.0') } } })
  })

  it('before any install, getMap() is the input map', () => {
    const input = { imports: { 'fx-dep': url('fx-dep@2.0.0'), custom: 'https://app.example/custom.js' } }
    expect(fx.generator({ inputMap: input }).getMap()).toEqual({ imports: { 'fx-dep': url('fx-dep@2.0.0'), custom: './custom.js' } })
  })
})

describe('Generator.uninstall', () => {
  it('prunes everything no longer reachable', async () => {
    const g = fx.generator()
    await g.install(['fx-dep@2.0.0', 'fx-uses-dep1', 'fx-uses-dep2', '@fx/scoped'])
    expect(g.getMap()).toEqual({
      imports: { '@fx/scoped': url('@fx/scoped@1.1.0'), 'fx-dep': url('fx-dep@2.0.0'), 'fx-uses-dep1': url('fx-uses-dep1@1.0.0'), 'fx-uses-dep2': url('fx-uses-dep2@1.0.0') },
      scopes: {
        [`${fx.server.origin}/`]: { 'fx-dep/extra': url('fx-dep@2.0.0', 'extra.js') },
        [url('@fx/scoped@1.1.0', '')]: { 'fx-dep': url('fx-dep@2.1.0') },
        [url('fx-uses-dep1@1.0.0', '')]: { 'fx-dep': url('fx-dep@1.2.0') },
      },
    })
    const { staticDeps } = await g.uninstall(['fx-uses-dep1', '@fx/scoped'])
    expect(g.getMap()).toEqual({
      imports: { 'fx-dep': url('fx-dep@2.0.0'), 'fx-uses-dep2': url('fx-uses-dep2@1.0.0') },
      scopes: { [`${fx.server.origin}/`]: { 'fx-dep/extra': url('fx-dep@2.0.0', 'extra.js') } },
    })
    expect(staticDeps).toEqual([url('fx-dep@2.0.0'), url('fx-uses-dep2@1.0.0'), url('fx-dep@2.0.0', 'extra.js')])
    await g.uninstall(['fx-dep', 'fx-uses-dep2'])
    expect(g.getMap()).toEqual({})
  })

  it('removes every subpath of a package and keeps what another install still reaches', async () => {
    const g = fx.generator()
    await g.install(['fx-dep', 'fx-dep/extra', 'fx-dynamic'])
    await g.uninstall('fx-dep')
    expect(g.getMap()).toEqual({ imports: { 'fx-dynamic': url('fx-dynamic@1.0.0') }, scopes: { [`${fx.server.origin}/`]: { 'fx-dep': url('fx-dep@2.1.0') } } })
  })

  it('of a locked package, and the lock reinstalls the rest unchanged', async () => {
    const first = fx.generator()
    await first.install(['fx-uses-dep1', 'fx-uses-dep2'])
    const g = fx.generator({ inputMap: first.getMap() })
    await g.uninstall('fx-uses-dep1')
    expect(g.getMap()).toEqual({ imports: { 'fx-uses-dep2': url('fx-uses-dep2@1.0.0') }, scopes: { [`${fx.server.origin}/`]: { 'fx-dep': url('fx-dep@2.1.0'), 'fx-dep/extra': url('fx-dep@2.1.0', 'extra.js') } } })
  })
})

/** Every module's import specifiers, analysed from the served bytes. */
async function importsOf(modules: readonly string[]): Promise<[module: string, specifier: string][]> {
  await initAnalyzer()
  const out: [string, string][] = []
  for (const module of modules) {
    if (module.startsWith('data:')) continue
    const source = new Uint8Array(await (await fetch(module)).arrayBuffer())
    for (const { specifier } of analyzeModule(source, { url: module }).imports) out.push([module, specifier])
  }
  return out
}

describe('Generator: flattenScopes and combineSubpaths keep every resolution', () => {
  for (const s of installs) {
    it(s.name, async () => {
      const plain = fx.generator({ ...s.options, flattenScopes: false, combineSubpaths: false })
      const { staticDeps, dynamicDeps } = await s.act(plain)
      const compact = fx.generator({ ...s.options, flattenScopes: true, combineSubpaths: true })
      await s.act(compact)
      const pins = Object.keys(plain.getMap().imports ?? {}).map((specifier): [string, string] => ['https://app.example/', specifier])
      const imports = [...pins, ...(await importsOf([...staticDeps, ...dynamicDeps]))]
      const resolve = (g: Generator) => imports.map(([module, specifier]) => `${module} ${specifier} → ${g.resolve(specifier, module)}`)
      expect(resolve(compact)).toEqual(resolve(plain))
      // And each resolves to a module of the graph.
      const traced = new Set([...staticDeps, ...dynamicDeps])
      for (const [module, specifier] of imports) {
        const target = plain.resolve(specifier, module)
        if (!specifier.startsWith('custom')) expect(traced.has(target), `${specifier} from ${module}`).toBe(true)
      }
    })
  }
})

describe('Generator: integrity', () => {
  it('every module, static and dynamic, gets the sha384 of the bytes served', async () => {
    const g = fx.generator({ integrity: true })
    const { staticDeps, dynamicDeps } = await g.install(['fx-dynamic', 'fx-uses-dep2', 'fx-cycle-a', 'jsr:@fxjsr/util'])
    const map: ImportMapJson = g.getMap()
    const expected: Record<string, string> = {}
    for (const module of [...staticDeps, ...dynamicDeps]) expected[module] = await fx.sri(module)
    expect(Object.keys(expected)).toHaveLength(10)
    expect(map.integrity).toEqual(expected)
  })

  it('with a converting CDN, over the converted bytes the CDN serves', async () => {
    const g = fx.generator({ integrity: true, defaultProvider: 'jspm.io' })
    const { staticDeps } = await g.install('fx-cjs')
    const expected: Record<string, string> = {}
    for (const module of staticDeps) expected[module] = await fx.sri(module)
    expect(g.getMap().integrity).toEqual(expected)
  })

  it('sha512 when asked', async () => {
    const g = fx.generator({ integrity: 'sha512' })
    await g.install('fx-dep')
    expect(Object.values(g.getMap().integrity ?? {})).toEqual([expect.stringMatching(/^sha512-[A-Za-z0-9+/]{86}==$/)])
  })
})
