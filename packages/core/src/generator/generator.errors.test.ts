import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Generator } from './generator.js'
import type { GeneratorOptions } from './options.js'
import { rejection, useFixture } from './__tests__/fixture.js'

/** Errors name the specifier, the importer and the fix; the exact messages and codes. */

const pkg = (name: string, packageJson: object, files: Record<string, string>) => ({ name, version: '1.0.0', files: { 'package.json': JSON.stringify({ name, version: '1.0.0', type: 'module', ...packageJson }), ...files } })
const fx = useFixture({
  packages: [
    pkg('fx-undeclared', { main: 'index.js' }, { 'index.js': "import 'fx-dep'\n" }),
    pkg('fx-broken', { exports: './missing.js' }, { 'index.js': '' }),
    pkg('fx-node', { main: 'index.js' }, { 'index.js': "import { readFile } from 'node:fs'\n" }),
    pkg('fx-uses-broken', { main: 'index.js', dependencies: { 'fx-broken': '1' } }, { 'index.js': "import 'fx-broken'\n" }),
  ],
})

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esmap-gen-errors-'))
  await writeFile(join(dir, 'app.js'), "import 'fx-dep'\nimport 'fx-missing'\n")
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

interface ErrorCase {
  name: string
  options?: () => GeneratorOptions
  act: (g: Generator) => Promise<unknown>
  code: string
  message: () => string
}

const cases: ErrorCase[] = [
  {
    name: 'a package that does not exist',
    act: (g) => g.install('fx-nope'),
    code: 'ESMAP_PACKAGE_NOT_FOUND',
    message: () => 'Package npm:fx-nope was not found (imported by the project)\n  Fix: check the spelling of "fx-nope", or map it to another package or a folder with resolutions',
  },
  {
    name: 'a package that does not exist, imported by a linked module',
    options: () => ({ mapUrl: pathToFileURL(`${dir}/`).href }),
    act: (g) => g.link('./app.js'),
    code: 'ESMAP_PACKAGE_NOT_FOUND',
    message: () =>
      `Could not resolve "fx-missing" from ${pathToFileURL(join(dir, 'app.js')).href}:2:1: Package npm:fx-missing was not found\n  Fix: check the spelling of "fx-missing", or map it to another package or a folder with resolutions`,
  },
  {
    name: 'a subpath the package does not export',
    act: (g) => g.install('fx-dep/nope'),
    code: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    message: () =>
      'Could not resolve entry "fx-dep/nope" from https://app.example/: Package subpath "./nope" is not defined by "exports" in package "fx-dep" for the conditions [browser, development, module, import, default]\n  Fix: import a subpath that "fx-dep" exports, or add "./nope" to its "exports" (a package override)',
  },
  {
    name: 'a subpath exports maps to null',
    act: (g) => g.install('fx-exports/internal'),
    code: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    message: () =>
      'Could not resolve entry "fx-exports/internal" from https://app.example/: Package subpath "./internal" is not defined by "exports" in package "fx-exports" for the conditions [browser, development, module, import, default]\n  Fix: import a subpath that "fx-exports" exports, or add "./internal" to its "exports" (a package override)',
  },
  {
    name: 'a dependency the importing package does not declare',
    act: (g) => g.install('fx-undeclared'),
    code: 'ESMAP_UNDECLARED_DEPENDENCY',
    message: () =>
      `Could not resolve "fx-dep" from ${fx.url('fx-undeclared@1.0.0')}:1:1: "fx-dep" is not declared as a dependency\n  Fix: add "fx-dep" to "dependencies" (or "peerDependencies") in the package.json of npm:fx-undeclared@1.0.0, or pin it for every package with resolutions: { "fx-dep": "<version>" }`,
  },
  {
    name: 'a file the package does not contain, with the import chain',
    act: (g) => g.install('fx-uses-broken'),
    code: 'ESMAP_MODULE_NOT_FOUND',
    message: () =>
      `Module not found: ${fx.url('fx-broken@1.0.0', 'missing.js')}\n  Import chain: ${fx.url('fx-uses-broken@1.0.0')} → ${fx.url('fx-broken@1.0.0', 'missing.js')}\n  Fix: Check that the file is published in the package (package.json "files") and that the importer's specifier is right, or leave the specifier out with \`ignore\`.`,
  },
  {
    name: 'a Node builtin imported by a package',
    act: (g) => g.install('fx-node'),
    code: 'ESMAP_NODE_BUILTIN',
    message: () =>
      `Could not resolve "node:fs" from ${fx.url('fx-node@1.0.0')}:1:1: "node:fs" is a Node.js builtin, which browsers do not have\n  Fix: Map "node:fs" to a browser implementation in the input map, or leave it out of the trace with ignore: ["node:fs"].`,
  },
  {
    name: 'a bare Node builtin required by a package that does not declare it',
    options: () => ({ env: ['production'] }),
    act: (g) => g.install('fx-legacy/lib/node-only.js'),
    code: 'ESMAP_NODE_BUILTIN',
    message: () =>
      `Could not resolve "fs" from ${fx.url('fx-legacy@1.0.0', 'lib/node-only.js')}:2:12: "fs" is a Node.js builtin, which browsers do not have\n  Fix: Map "fs" to a browser implementation in the input map, or leave it out of the trace with ignore: ["fs"].`,
  },
  {
    name: 'singletons: a split of a singleton lists who wants which range',
    options: () => ({ singletons: ['fx-dep'] }),
    act: (g) => g.install(['fx-uses-dep1', 'fx-uses-dep2']),
    code: 'ESMAP_SINGLETON_CONFLICT',
    message: () =>
      `Could not resolve "fx-dep" from ${fx.url('fx-uses-dep2@1.0.0')}:1:1: "fx-dep" is a singleton but would be installed in 2 versions:\n  npm:fx-uses-dep1@1.0.0 wants fx-dep@^1.0.0 → 1.2.0\n  npm:fx-uses-dep2@1.0.0 wants fx-dep@^2.0.0 → 2.1.0\n  Fix: make these ranges overlap, or pin one version for every package with resolutions: { "fx-dep": "<version>" }`,
  },
  {
    name: 'uninstall of something not installed',
    act: async (g) => (await g.install('fx-dep'), g.uninstall(['fx-dep', 'fx-nope'])),
    code: 'ESMAP_NOT_INSTALLED',
    message: () => 'Cannot uninstall "fx-nope": not installed\n  Fix: Installed: fx-dep.',
  },
  {
    name: 'update of something not installed',
    act: async (g) => (await g.install('fx-uses-dep2'), g.update('fx-nope')),
    code: 'ESMAP_NOT_INSTALLED',
    message: () => 'Cannot update "fx-nope": not installed\n  Fix: Installed: fx-dep, fx-uses-dep2.',
  },
]

describe('Generator errors', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const err = await rejection(c.act(fx.generator(c.options?.())))
      expect({ code: err.code, message: err.message }).toEqual({ code: c.code, message: c.message() })
    })
  }

  it('a failed install leaves the map and the roots as they were', async () => {
    const g = fx.generator()
    await g.install('fx-dep@^1')
    const before = JSON.stringify(g.getMap())
    await rejection(g.install(['fx-tagged', 'fx-uses-broken']))
    expect(JSON.stringify(g.getMap())).toBe(before)
    await g.reinstall()
    expect(JSON.stringify(g.getMap())).toBe(before)
  })

  it('an undeclared import falls back to the top-level install, as the browser would, with a warning', async () => {
    const g = fx.generator()
    const lines: string[] = []
    const log = g.logStream()
    void (async () => {
      for await (const line of log) lines.push(`${line.type}: ${line.message}`)
    })()
    await g.install(['fx-dep@^1', 'fx-undeclared'])
    expect(g.getMap().imports).toEqual({ 'fx-dep': fx.url('fx-dep@1.2.0', 'index.js'), 'fx-undeclared': fx.url('fx-undeclared@1.0.0') })
    expect(g.resolve('fx-dep', fx.url('fx-undeclared@1.0.0'))).toBe(fx.url('fx-dep@1.2.0', 'index.js'))
    expect(lines).toContain('install: warning: npm:fx-undeclared@1.0.0 imports "fx-dep" without declaring it; it gets the top-level npm:fx-dep@1.2.0. Fix: ask its maintainers to add "fx-dep" to its dependencies, or pin it with resolutions.')
  })

  it('ignore: an ignored specifier is not traced, and the input map keeps its mapping', async () => {
    const g = fx.generator({ ignore: ['fx-dep'], inputMap: { imports: { 'fx-dep': 'https://elsewhere.example/dep.js' } } })
    const { staticDeps } = await g.install('fx-undeclared')
    expect(g.getMap()).toEqual({ imports: { 'fx-dep': 'https://elsewhere.example/dep.js', 'fx-undeclared': fx.url('fx-undeclared@1.0.0') } })
    expect(staticDeps).toEqual([fx.url('fx-undeclared@1.0.0')])
  })
})
