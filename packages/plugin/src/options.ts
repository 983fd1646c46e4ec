import type { GeneratorOptions } from '@esmap/core'
import type { PackageOverrides } from '@esmap/builder'
import type { Pattern } from './externals.js'

/** The plugin's options: every Generator option, plus how the app's imports become the map. */
export interface Options extends Omit<GeneratorOptions, 'inputMap' | 'mapUrl' | 'rootUrl' | 'cwd' | 'packageJson' | 'integrity'> {
  /** Packages to externalize: names, globs (`@lit/*`), RegExps over the specifier, or a predicate. @default the package.json `dependencies` */
  include?: Pattern | Pattern[]
  /** Packages never externalized (left to the bundler), checked first. @default [] */
  exclude?: Pattern | Pattern[]
  /** `installed`: pin each package to the version in node_modules (what you tested is what you ship); `range`: the newest in the declared range. @default 'installed' */
  versions?: 'installed' | 'range'
  /** The lockfile (an import map with integrity), relative to the project root, or `false` for none. @default 'importmap.lock.json' */
  lock?: string | false
  /** Fail the build, with a diff, when resolution would change the lock. @default true when the CI environment variable is set */
  frozen?: boolean
  /** Vite dev server: dependencies from the provider through the map (`cdn`), or from node_modules as usual (`local`). @default 'cdn' */
  dev?: 'cdn' | 'local'
  /** Conditions besides `production` (build) or `development` (dev), which the plugin adds. @default ['browser', 'module'] */
  env?: string[]
  /** `integrity` for every module the page loads: dependencies and the app's own chunks. @default true */
  integrity?: boolean
  /** `<link rel="modulepreload">` for the static graph of dependencies, every traced module, or none. @default 'static' */
  preload?: boolean | 'static' | 'all'
  /** Pinned es-module-shims (a URL or `{ url, integrity }`), for browsers without import maps. @default undefined */
  esModuleShims?: string | { url: string; integrity?: string }
  /** CSP nonce for the map, preloads and es-module-shims. @default undefined */
  nonce?: string
  /** `crossorigin` on preloads (and es-module-shims). @default cross-origin URLs and integrity only */
  crossorigin?: boolean | 'anonymous' | 'use-credentials'
  /** Rollup and esbuild: an HTML file to write the map into (Vite uses its own HTML entries). @default undefined */
  html?: string
  /** The file name of the emitted map. @default 'importmap.json' */
  fileName?: string
  /** With the `self` provider: the folder of the output that vendored packages are written to. @default '_esm' */
  vendorDir?: string
  /** With the `self` provider: package overrides for the builder (`exports`, `cjsNamedExports`, `main`, `format`, `shim`, `map`, ...), by `name` or `name@range`. @default {} */
  overrides?: PackageOverrides
}

export interface ResolvedOptions {
  include: Pattern[] | undefined
  exclude: Pattern[]
  versions: 'installed' | 'range'
  lock: string | false
  frozen: boolean
  dev: 'cdn' | 'local'
  env: string[]
  integrity: boolean
  preload: false | 'static' | 'all'
  esModuleShims: string | { url: string; integrity?: string } | undefined
  nonce: string | undefined
  crossorigin: boolean | 'anonymous' | 'use-credentials' | undefined
  html: string | undefined
  fileName: string
  vendorDir: string
  overrides: PackageOverrides
  /** Options passed on to the Generator as they are. */
  generator: Omit<GeneratorOptions, 'inputMap' | 'mapUrl' | 'rootUrl' | 'cwd' | 'packageJson' | 'integrity' | 'env'>
}

const list = <T>(value: T | T[] | undefined): T[] | undefined => (value === undefined ? undefined : Array.isArray(value) ? value : [value])

/** Options → resolved options, with every default in one place. `env` is the process environment, read once by the caller. */
export function resolveOptions(options: Options = {}, env: Readonly<Record<string, string | undefined>> = {}): ResolvedOptions {
  const { include, exclude, versions, lock, frozen, dev, env: conditions, integrity, preload, esModuleShims, nonce, crossorigin, html, fileName, vendorDir, overrides, ...generator } = options
  return {
    include: list(include),
    exclude: list(exclude) ?? [],
    versions: versions ?? 'installed',
    lock: lock ?? 'importmap.lock.json',
    frozen: frozen ?? Boolean(env.CI && env.CI !== 'false' && env.CI !== '0'),
    dev: dev ?? 'cdn',
    env: conditions ?? ['browser', 'module'],
    integrity: integrity ?? true,
    preload: preload === true || preload === undefined ? 'static' : preload,
    esModuleShims,
    nonce,
    crossorigin,
    html,
    fileName: fileName ?? 'importmap.json',
    vendorDir: (vendorDir ?? '_esm').replace(/^\/+|\/+$/g, ''),
    overrides: overrides ?? {},
    generator: { defaultProvider: 'jspm.io', ...generator },
  }
}
