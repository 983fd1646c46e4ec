import { describe, expect, it } from 'vitest'
import type { ImportMapJson } from '../types.js'
import type { InstallResult } from './generator.js'
import type { GeneratorOptions } from './options.js'
import { emptyModuleUrl } from './resolve.js'
import type { Install } from './roots.js'
import { useFixture } from './__tests__/fixture.js'

/**
 * How the Generator resolves what packages import: env conditions, the legacy `browser` field,
 * `#imports`, dynamic imports, cycles, JSR and converting CDNs. Scopes are not flattened, so
 * every entry is where the importing package's code reads it.
 */

const fx = useFixture()
const url = fx.url

interface Case {
  name: string
  options?: GeneratorOptions
  install: Install | Install[]
  expected: () => { map: ImportMapJson; staticDeps?: string[]; dynamicDeps?: string[] }
}

const exportsCases: Case[] = [
  {
    name: 'fx-exports, default env (browser, development, module): browser → development',
    install: 'fx-exports',
    expected: () => ({ map: { imports: { 'fx-exports': url('fx-exports@1.0.0', 'dist/browser.development.js') } } }),
  },
  {
    name: 'fx-exports, production browser: browser → production',
    options: { env: ['production', 'browser', 'module'] },
    install: 'fx-exports',
    expected: () => ({ map: { imports: { 'fx-exports': url('fx-exports@1.0.0', 'dist/browser.production.js') } } }),
  },
  {
    name: 'fx-exports, browser without development or production: browser → default',
    options: { env: ['browser', 'module'] },
    install: 'fx-exports',
    expected: () => ({ map: { imports: { 'fx-exports': url('fx-exports@1.0.0', 'dist/browser.js') } } }),
  },
  {
    name: 'fx-exports, not browser, module: the module condition',
    options: { env: ['production', 'module'] },
    install: 'fx-exports',
    expected: () => ({ map: { imports: { 'fx-exports': url('fx-exports@1.0.0', 'dist/index.module.js') } } }),
  },
  {
    name: 'fx-exports, neither browser nor module: import, whose #platform import takes its default (node) target',
    options: { env: ['production'] },
    install: 'fx-exports',
    expected: () => ({
      map: {
        imports: { 'fx-exports': url('fx-exports@1.0.0', 'dist/index.js') },
        scopes: { [url('fx-exports@1.0.0', '')]: { '#platform': url('fx-exports@1.0.0', 'dist/platform.node.js') } },
      },
      staticDeps: [url('fx-exports@1.0.0', 'dist/index.js'), url('fx-exports@1.0.0', 'dist/platform.node.js')],
    }),
  },
  {
    name: 'fx-exports subpaths: a pattern, a fallback array (worker not in env), package.json',
    install: ['fx-exports/features/a', 'fx-exports/fallback', 'fx-exports/package.json'],
    expected: () => ({
      map: {
        imports: {
          'fx-exports/fallback': url('fx-exports@1.0.0', 'dist/fallback.js'),
          'fx-exports/features/a': url('fx-exports@1.0.0', 'dist/features/a.js'),
          'fx-exports/package.json': url('fx-exports@1.0.0', 'package.json'),
        },
      },
    }),
  },
  {
    name: 'fx-exports fallback array with the worker condition: its first target',
    options: { env: ['worker', 'browser'] },
    install: 'fx-exports/fallback',
    expected: () => ({ map: { imports: { 'fx-exports/fallback': url('fx-exports@1.0.0', 'dist/fallback.worker.js') } } }),
  },
]

const legacyCases: Case[] = [
  {
    name: 'fx-legacy, browser + module: module, remapped by the browser field',
    install: 'fx-legacy',
    expected: () => ({ map: { imports: { 'fx-legacy': url('fx-legacy@1.0.0', 'es/main.browser.js') } } }),
  },
  {
    name: 'fx-legacy, module without browser: module as published',
    options: { env: ['module'] },
    install: 'fx-legacy',
    expected: () => ({ map: { imports: { 'fx-legacy': url('fx-legacy@1.0.0', 'es/main.js') } } }),
  },
  {
    name: 'fx-legacy, browser without module: main remapped; its extensionless require of ./env probed and remapped (a URL entry)',
    options: { env: ['browser'] },
    install: 'fx-legacy',
    expected: () => ({
      map: {
        imports: { 'fx-legacy': url('fx-legacy@1.0.0', 'lib/main.browser.js') },
        scopes: { [url('fx-legacy@1.0.0', '')]: { [url('fx-legacy@1.0.0', 'lib/env')]: url('fx-legacy@1.0.0', 'lib/env.browser.js') } },
      },
      staticDeps: [url('fx-legacy@1.0.0', 'lib/main.browser.js'), url('fx-legacy@1.0.0', 'lib/env.browser.js')],
    }),
  },
  {
    name: 'fx-legacy, neither: main, its require of ./env probed to env.js (a URL entry)',
    options: { env: ['production'] },
    install: 'fx-legacy',
    expected: () => ({
      map: {
        imports: { 'fx-legacy': url('fx-legacy@1.0.0', 'lib/main.js') },
        scopes: { [url('fx-legacy@1.0.0', '')]: { [url('fx-legacy@1.0.0', 'lib/env')]: url('fx-legacy@1.0.0', 'lib/env.js') } },
      },
    }),
  },
  {
    name: 'fx-legacy/lib/node-only.js, browser: false in the browser field → the empty module',
    install: 'fx-legacy/lib/node-only.js',
    expected: () => ({ map: { imports: { 'fx-legacy/lib/node-only.js': emptyModuleUrl } }, staticDeps: [emptyModuleUrl] }),
  },
  {
    name: 'fx-browser-string: the browser string replaces main',
    install: 'fx-browser-string',
    expected: () => ({ map: { imports: { 'fx-browser-string': url('fx-browser-string@1.0.0', 'browser.js') } } }),
  },
  {
    name: 'fx-browser-string without browser: main',
    options: { env: ['module'] },
    install: 'fx-browser-string',
    expected: () => ({ map: { imports: { 'fx-browser-string': url('fx-browser-string@1.0.0', 'index.js') } } }),
  },
]

const graphCases: Case[] = [
  {
    name: 'fx-dynamic: literal dynamic imports are traced (relative and bare), as dynamic dependencies',
    install: 'fx-dynamic',
    expected: () => ({
      map: { imports: { 'fx-dynamic': url('fx-dynamic@1.0.0') }, scopes: { [url('fx-dynamic@1.0.0', '')]: { 'fx-dep': url('fx-dep@2.1.0') } } },
      staticDeps: [url('fx-dynamic@1.0.0')],
      dynamicDeps: [url('fx-dynamic@1.0.0', 'lazy.js'), url('fx-dep@2.1.0')],
    }),
  },
  {
    name: 'fx-cycle-a ⇄ fx-cycle-b: each once; b reads a from the top level',
    install: 'fx-cycle-a',
    expected: () => ({
      map: { imports: { 'fx-cycle-a': url('fx-cycle-a@1.0.0') }, scopes: { [url('fx-cycle-a@1.0.0', '')]: { 'fx-cycle-b': url('fx-cycle-b@1.0.0') } } },
      staticDeps: [url('fx-cycle-a@1.0.0'), url('fx-cycle-b@1.0.0')],
    }),
  },
  {
    name: 'fx-assets: CSS, WebAssembly and JSON subpaths',
    install: ['fx-assets/style.css', 'fx-assets/add.wasm', 'fx-assets/data.json'],
    expected: () => ({
      map: {
        imports: {
          'fx-assets/add.wasm': url('fx-assets@1.0.0', 'add.wasm'),
          'fx-assets/data.json': url('fx-assets@1.0.0', 'data.json'),
          'fx-assets/style.css': url('fx-assets@1.0.0', 'style.css'),
        },
      },
    }),
  },
  {
    name: 'JSR through the jsr provider: the latest (yanked and prereleases skipped), its jsr: import in its scope',
    install: 'jsr:@fxjsr/util',
    expected: () => {
      const jsr = fx.server.urls.jsr
      return {
        map: {
          imports: { '@fxjsr/util': `${jsr}@fxjsr/util/1.1.0/mod.ts` },
          scopes: { [`${jsr}@fxjsr/util/1.1.0/`]: { 'jsr:@fxjsr/base@^1.0.0': `${jsr}@fxjsr/base/1.0.0/mod.ts` } },
        },
        staticDeps: [`${jsr}@fxjsr/util/1.1.0/mod.ts`, `${jsr}@fxjsr/base/1.0.0/mod.ts`, `${jsr}@fxjsr/util/1.1.0/strings.ts`],
      }
    },
  },
  {
    name: 'JSR subpath at an exact version',
    install: 'jsr:@fxjsr/util@1.0.0/strings',
    expected: () => ({ map: { imports: { '@fxjsr/util/strings': `${fx.server.urls.jsr}@fxjsr/util/1.0.0/strings.ts` } } }),
  },
  {
    name: 'jspm.io (converting): CommonJS served as ES modules, package.json and modules from the CDN',
    options: { defaultProvider: 'jspm.io' },
    install: 'fx-cjs',
    expected: () => {
      const jspm = fx.server.urls.jspm
      return {
        map: { imports: { 'fx-cjs': `${jspm}npm:fx-cjs@1.0.0/index.js` }, scopes: { [`${jspm}npm:fx-cjs@1.0.0/`]: { 'fx-cjs-util': `${jspm}npm:fx-cjs-util@1.0.0/index.js` } } },
        staticDeps: [`${jspm}npm:fx-cjs@1.0.0/index.js`, `${jspm}npm:fx-cjs-util@1.0.0/index.js`, `${jspm}npm:fx-cjs@1.0.0/lib/helper.js`],
      }
    },
  },
  {
    name: 'esm.sh (converting, *name@version: dependencies left to the map)',
    options: { defaultProvider: 'esm.sh' },
    install: ['fx-cjs', 'fx-uses-dep2'],
    expected: (): { map: ImportMapJson } => {
      const esm = fx.server.urls.esmsh
      return {
        map: {
          imports: { 'fx-cjs': `${esm}*fx-cjs@1.0.0/index.js`, 'fx-uses-dep2': `${esm}*fx-uses-dep2@1.0.0/index.js` },
          scopes: {
            [`${esm}*fx-cjs@1.0.0/`]: { 'fx-cjs-util': `${esm}*fx-cjs-util@1.0.0/index.js` },
            [`${esm}*fx-uses-dep2@1.0.0/`]: { 'fx-dep': `${esm}*fx-dep@2.1.0/index.js`, 'fx-dep/extra': `${esm}*fx-dep@2.1.0/extra.js` },
          },
        },
      }
    },
  },
]

async function run(c: Case): Promise<{ map: ImportMapJson } & Partial<InstallResult>> {
  const g = fx.generator({ flattenScopes: false, ...c.options })
  const result = await g.install(c.install)
  const expected = c.expected()
  return { map: g.getMap(), ...(expected.staticDeps ? { staticDeps: result.staticDeps } : {}), ...(expected.dynamicDeps ? { dynamicDeps: result.dynamicDeps } : {}) }
}

describe('Generator: env conditions and exports', () => {
  for (const c of exportsCases) it(c.name, async () => expect(await run(c)).toEqual(c.expected()))
})

describe('Generator: legacy main, module and browser fields', () => {
  for (const c of legacyCases) it(c.name, async () => expect(await run(c)).toEqual(c.expected()))
})

describe('Generator: graphs, JSR and converting CDNs', () => {
  for (const c of graphCases) it(c.name, async () => expect(await run(c)).toEqual(c.expected()))
})

describe('Generator: what cannot be traced is logged, never lost', () => {
  it('non-literal dynamic imports of fx-dynamic are logged with the importer, line, column and pattern, once', async () => {
    const lines: string[] = []
    const g = fx.generator({ log: (type, message) => type === 'trace' && lines.push(message) })
    await g.install('fx-dynamic')
    await g.install('fx-dep')
    const index = url('fx-dynamic@1.0.0')
    expect(lines).toEqual([
      `Non-literal dynamic import in ${index}:3:37 was not traced: import(\`./locales/\${name}.js\`) (matches ./locales/*.js). Add the modules it can load as entries so the map includes them.`,
      `Non-literal dynamic import in ${index}:4:39 was not traced: import(specifier). Add the modules it can load as entries so the map includes them.`,
    ])
  })

  it('logStream yields the same lines, in order', async () => {
    const g = fx.generator()
    await g.install('fx-dynamic')
    const seen: string[] = []
    for await (const entry of g.logStream()) {
      if (entry.type === 'trace') seen.push(entry.message.slice(0, 34))
      if (seen.length === 2) break
    }
    expect(seen).toEqual(['Non-literal dynamic import in http', 'Non-literal dynamic import in http'])
  })
})
