import { describe, expect, it } from 'vitest'
import type { ImportMapJson, PackageJson } from '../types.js'
import type { Generator } from './generator.js'
import { useFixture } from './__tests__/fixture.js'

/**
 * The npm-compatibility scenarios through the Generator and the fixture registry: a primary or a
 * secondary dependency, in or out of range, with and without a lock (the input map); `install()`,
 * `install(pkg)`, `update()`, `update(pkg)`. Each expected map is what npm installs for the same
 * package.json and lockfile, written as an import map: a top-level package in `imports`, a nested
 * one in its parent's scope. Scopes are not flattened here, so each stays where npm nests it.
 */

const dependent = (name: string, range: string) => ({
  name,
  version: '1.0.0',
  files: { 'package.json': JSON.stringify({ name, version: '1.0.0', type: 'module', main: 'index.js', dependencies: { 'fx-dep': range } }), 'index.js': "import 'fx-dep'\n" },
})
const fx = useFixture({ packages: [dependent('fx-wants-1-0', '^1.0.0'), dependent('fx-wants-1-2', '^1.2.0')] })
const url = fx.url

interface Scenario {
  name: string
  /** The lock: the input map, built from the fixture's URLs. */
  lock?: () => ImportMapJson
  packageJson?: PackageJson
  act: (g: Generator) => Promise<unknown>
  expected: () => ImportMapJson
}

const usesDep2Lock = (version: string) => (): ImportMapJson => ({
  imports: { 'fx-uses-dep2': url('fx-uses-dep2@1.0.0') },
  scopes: { [url('fx-uses-dep2@1.0.0', '')]: { 'fx-dep': url(`fx-dep@${version}`), 'fx-dep/extra': url(`fx-dep@${version}`, 'extra.js') } },
})

const scenarios: Scenario[] = [
  {
    name: 'install fx-dep, no lock: the dist-tag latest',
    act: (g) => g.install('fx-dep'),
    expected: () => ({ imports: { 'fx-dep': url('fx-dep@2.1.0') } }),
  },
  {
    name: 'install fx-dep@^1, no lock: the latest 1.x',
    act: (g) => g.install('fx-dep@^1'),
    expected: () => ({ imports: { 'fx-dep': url('fx-dep@1.2.0') } }),
  },
  {
    name: 'install fx-tagged, no lock: latest (1.1.0) wins over the higher 2.0.0 (next)',
    act: (g) => g.install('fx-tagged'),
    expected: () => ({ imports: { 'fx-tagged': url('fx-tagged@1.1.0') } }),
  },
  {
    name: 'install(), primary locked in the project range: kept',
    lock: () => ({ imports: { 'fx-dep': url('fx-dep@2.0.0') } }),
    packageJson: { dependencies: { 'fx-dep': '^2.0.0' } },
    act: (g) => g.install(),
    expected: () => ({ imports: { 'fx-dep': url('fx-dep@2.0.0') } }),
  },
  {
    name: 'install(pkg), primary locked: npm install <pkg> takes the latest',
    lock: () => ({ imports: { 'fx-dep': url('fx-dep@2.0.0') } }),
    packageJson: { dependencies: { 'fx-dep': '^2.0.0' } },
    act: (g) => g.install('fx-dep'),
    expected: () => ({ imports: { 'fx-dep': url('fx-dep@2.1.0') } }),
  },
  {
    name: 'install(pkg@range), primary locked in that range: the latest in it',
    lock: () => ({ imports: { 'fx-dep': url('fx-dep@1.0.0') } }),
    act: (g) => g.install('fx-dep@^1.0.0'),
    expected: () => ({ imports: { 'fx-dep': url('fx-dep@1.2.0') } }),
  },
  {
    name: 'install(), primary locked out of the project range: the latest in range',
    lock: () => ({ imports: { 'fx-dep': url('fx-dep@1.0.0') } }),
    packageJson: { dependencies: { 'fx-dep': '^2.0.0' } },
    act: (g) => g.install(),
    expected: () => ({ imports: { 'fx-dep': url('fx-dep@2.1.0') } }),
  },
  {
    name: 'update(), primary locked, no package.json: the latest in the saved ^ range, not the next major',
    lock: () => ({ imports: { 'fx-dep': url('fx-dep@1.0.0'), 'fx-tagged': url('fx-tagged@1.0.0') } }),
    act: (g) => g.update(),
    expected: () => ({ imports: { 'fx-dep': url('fx-dep@1.2.0'), 'fx-tagged': url('fx-tagged@1.1.0') } }),
  },
  {
    name: 'update(pkg): only that package moves',
    lock: () => ({ imports: { 'fx-dep': url('fx-dep@1.0.0'), 'fx-tagged': url('fx-tagged@1.0.0') } }),
    act: (g) => g.update('fx-dep'),
    expected: () => ({ imports: { 'fx-dep': url('fx-dep@1.2.0'), 'fx-tagged': url('fx-tagged@1.0.0') } }),
  },
  {
    name: 'secondary, no lock: the latest in its importer\'s range, every subpath from that version',
    act: (g) => g.install('fx-uses-dep2'),
    expected: usesDep2Lock('2.1.0'),
  },
  {
    name: 'install(), secondary locked in range: kept',
    lock: usesDep2Lock('2.0.0'),
    act: (g) => g.install(),
    expected: usesDep2Lock('2.0.0'),
  },
  {
    name: 'install(), secondary locked out of range: the latest in range',
    lock: usesDep2Lock('1.0.0'),
    act: (g) => g.install(),
    expected: usesDep2Lock('2.1.0'),
  },
  {
    name: 'install(pkg) of its importer: the importer moves to latest, the locked secondary stays',
    lock: usesDep2Lock('2.0.0'),
    act: (g) => g.install('fx-uses-dep2'),
    expected: usesDep2Lock('2.0.0'),
  },
  {
    name: 'update(), secondary locked: the latest in range',
    lock: usesDep2Lock('2.0.0'),
    act: (g) => g.update(),
    expected: usesDep2Lock('2.1.0'),
  },
  {
    name: 'update(secondary name): moves it in every scope, every subpath together',
    lock: usesDep2Lock('2.0.0'),
    act: (g) => g.update('fx-dep'),
    expected: usesDep2Lock('2.1.0'),
  },
  {
    name: 'update(importer name): the importer only; its locked dependency stays',
    lock: usesDep2Lock('2.0.0'),
    act: (g) => g.update('fx-uses-dep2'),
    expected: usesDep2Lock('2.0.0'),
  },
  {
    name: 'two majors: each importer gets its own, one nested (as npm nests the second)',
    act: (g) => g.install(['fx-uses-dep1', 'fx-uses-dep2']),
    expected: (): ImportMapJson => ({
      imports: { 'fx-uses-dep1': url('fx-uses-dep1@1.0.0'), 'fx-uses-dep2': url('fx-uses-dep2@1.0.0') },
      scopes: {
        [url('fx-uses-dep1@1.0.0', '')]: { 'fx-dep': url('fx-dep@1.2.0') },
        [url('fx-uses-dep2@1.0.0', '')]: { 'fx-dep': url('fx-dep@2.1.0'), 'fx-dep/extra': url('fx-dep@2.1.0', 'extra.js') },
      },
    }),
  },
  {
    name: 'shared: the top level\'s copy serves a dependency whose range allows it (no scope entry)',
    act: (g) => g.install(['fx-dep@^2.0.0', '@fx/scoped']),
    expected: () => ({ imports: { '@fx/scoped': url('@fx/scoped@1.1.0'), 'fx-dep': url('fx-dep@2.1.0') } }),
  },
  {
    name: 'shared: a dependency the top level\'s copy does not satisfy is nested',
    act: (g) => g.install(['fx-dep@2.0.0', '@fx/scoped']),
    expected: () => ({
      imports: { '@fx/scoped': url('@fx/scoped@1.1.0'), 'fx-dep': url('fx-dep@2.0.0') },
      scopes: { [url('@fx/scoped@1.1.0', '')]: { 'fx-dep': url('fx-dep@2.1.0') } },
    }),
  },
  {
    name: 'upgrade shared: a later range moves a reused copy up, and the map follows (top level locked, so it stays)',
    lock: () => ({ imports: { 'fx-dep': url('fx-dep@1.0.0') } }),
    act: (g) => g.install(['fx-wants-1-0', 'fx-wants-1-2']),
    expected: () => ({
      imports: { 'fx-dep': url('fx-dep@1.0.0'), 'fx-wants-1-0': url('fx-wants-1-0@1.0.0'), 'fx-wants-1-2': url('fx-wants-1-2@1.0.0') },
      scopes: { [url('fx-wants-1-0@1.0.0', '')]: { 'fx-dep': url('fx-dep@1.2.0') }, [url('fx-wants-1-2@1.0.0', '')]: { 'fx-dep': url('fx-dep@1.2.0') } },
    }),
  },
  {
    name: 'peer: fx-react-dom\'s peer fx-react is the top level\'s copy',
    act: (g) => g.install(['fx-react@18.2.0', 'fx-react-dom@18.2.0']),
    expected: () => ({ imports: { 'fx-react': url('fx-react@18.2.0'), 'fx-react-dom': url('fx-react-dom@18.2.0') } }),
  },
  {
    name: 'peer: the top level\'s later-installed copy serves it too',
    act: async (g) => (await g.install('fx-react-dom@18.2.0'), g.install('fx-react@^18')),
    expected: () => ({ imports: { 'fx-react': url('fx-react@18.3.1'), 'fx-react-dom': url('fx-react-dom@18.2.0') } }),
  },
  {
    name: 'a subpath without a range installs the version its package is asked for in the same call',
    act: (g) => g.install(['fx-react-dom/client', 'fx-react-dom@18.2.0', 'fx-react@18.2.0']),
    expected: () => ({
      imports: { 'fx-react': url('fx-react@18.2.0'), 'fx-react-dom': url('fx-react-dom@18.2.0'), 'fx-react-dom/client': url('fx-react-dom@18.2.0', 'client.js') },
    }),
  },
  {
    name: 'peer: the top level\'s copy, installed after, replaces the one installed for the peer',
    act: async (g) => (await g.install('fx-react-dom@18.2.0'), g.install('fx-react@18.2.0')),
    expected: () => ({ imports: { 'fx-react': url('fx-react@18.2.0'), 'fx-react-dom': url('fx-react-dom@18.2.0') } }),
  },
  {
    name: 'peer without a copy to share: installed like a dependency (npm 7+)',
    act: (g) => g.install('fx-react-dom@18.2.0'),
    expected: () => ({ imports: { 'fx-react-dom': url('fx-react-dom@18.2.0') }, scopes: { [url('fx-react-dom@18.2.0', '')]: { 'fx-react': url('fx-react@18.3.1') } } }),
  },
]

describe('Generator: npm-compatible versions', () => {
  for (const s of scenarios) {
    it(s.name, async () => {
      const g = fx.generator({ flattenScopes: false, inputMap: s.lock?.(), packageJson: s.packageJson })
      await s.act(g)
      expect(g.getMap()).toEqual(s.expected())
    })
  }
})
