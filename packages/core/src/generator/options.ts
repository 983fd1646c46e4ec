import { pathToFileURL } from 'node:url'
import type { CacheMode } from '../fetch/index.js'
import type { InstallMode } from '../install/index.js'
import type { ImportMapJson, FetchLike, PackageJson, Logger } from '../types.js'
import type { CustomProvider, Provider, ProviderConfig } from '../providers/index.js'
import type { IntegrityAlgorithm } from '../sri.js'
import type { NpmConfig } from '../registry/index.js'

/**
 * The Generator's options. Names and defaults follow the JSPM Generator, so switching is a
 * change of import; the additions are marked.
 */
export interface GeneratorOptions {
  /** The URL of the import map itself: output URLs on its origin are written relative to it. @default the current directory (file URL) */
  mapUrl?: string | URL
  /** When set, same-origin URLs are written root-relative (`/x.js`) against this URL; takes precedence over `mapUrl`. @default undefined */
  rootUrl?: string | URL
  /** Environment conditions; `import` (or `require` for CommonJS importers) and `default` always apply. @default ['browser', 'development', 'module'] */
  env?: readonly string[]
  /** The provider for new installs: a name, `name#layer`, or `auto`. @default 'jspm.io' */
  defaultProvider?: string
  /** Routes from package names, `@scope`s or `registry:` to providers. @default {} */
  providers?: Record<string, string>
  /** Extra providers by name. @default {} */
  customProviders?: Record<string, CustomProvider | Provider>
  /** Per-provider options, such as `{ jsdelivr: { cdnUrl } }`. @default {} */
  providerConfig?: ProviderConfig
  /** Versions, ranges, other packages or local folders that override every nesting. @default {} */
  resolutions?: Record<string, string>
  /**
   * The map to extend: its package resolutions are the lock, its top-level package entries the pins
   * (traced again by every call), its other entries (custom mappings, `ignore`d specifiers, folder
   * prefixes) kept as they are and not traced. HTML source works too. @default {}
   */
  inputMap?: ImportMapJson | string
  /** Specifiers never traced (kept as the input map maps them). @default [] */
  ignore?: readonly string[]
  /** The disk cache: `true`, `false`, or `'offline'` (never the network). @default true */
  cache?: CacheMode
  /** Where the disk cache lives. @default `$XDG_CACHE_HOME/esmap` or `~/.cache/esmap` */
  cacheDir?: string
  /** Write an `integrity` entry for every traced module. @default false */
  integrity?: boolean | IntegrityAlgorithm
  /** Merge package scopes into per-origin scopes where that changes no resolution. @default true */
  flattenScopes?: boolean
  /** Collapse subpath entries of a package into one `pkg/` entry where lossless. @default true */
  combineSubpaths?: boolean
  /** Your own fetch (tests, proxies, auth). @default globalThis.fetch */
  fetch?: FetchLike
  /**
   * (esmap) How the lock is treated: `default`, `latest-primaries`, `latest-all`, `freeze`. Packages
   * named in `install(targets)` take the latest in range (as `npm install <pkg>` does) except in `freeze`.
   * @default 'default'
   */
  installMode?: InstallMode
  /** (esmap) Packages that must never be split into two versions. @default [] */
  singletons?: readonly string[]
  /**
   * (esmap) The project's package.json: the ranges of top-level installs (`devDependencies` too), and,
   * for the app's modules under `cwd`, its `imports` (`#name`) and its own name through `exports`.
   * @default undefined
   */
  packageJson?: PackageJson
  /** (esmap) npm registry configuration; by default read from `.npmrc` and the environment as npm does. @default undefined */
  npm?: NpmConfig
  /** (esmap) The npm registry URL, instead of the one `.npmrc` names (then no `.npmrc` is read). @default undefined */
  registry?: string
  /** (esmap) Where `.npmrc` and the project live (the folder `packageJson` describes). @default process.cwd() */
  cwd?: string
  /** (esmap) Let ranges match prereleases. @default false */
  unstable?: boolean
  /** (esmap) Receives log lines (`trace`, `install`, `fetch`, ...), besides `logStream()`. @default undefined */
  log?: Logger
  /** (esmap) Concurrent module loads while tracing. @default 32 */
  concurrency?: number
}

export interface ResolvedGeneratorOptions {
  mapUrl: URL
  rootUrl: URL | undefined
  /** The env conditions without `import` / `require` / `default`. */
  env: string[]
  defaultProvider: string
  providers: Record<string, string>
  customProviders: Record<string, CustomProvider | Provider>
  providerConfig: ProviderConfig
  resolutions: Record<string, string>
  inputMap: ImportMapJson | string | undefined
  ignore: Set<string>
  cache: CacheMode
  cacheDir: string | undefined
  integrity: IntegrityAlgorithm | false
  flattenScopes: boolean
  combineSubpaths: boolean
  fetch: FetchLike | undefined
  installMode: InstallMode
  singletons: readonly string[]
  packageJson: PackageJson | undefined
  npm: NpmConfig | undefined
  cwd: string
  unstable: boolean
  log: Logger | undefined
  concurrency: number
}

export const defaultEnv: readonly string[] = ['browser', 'development', 'module']

function toUrl(value: string | URL, cwd: string): URL {
  if (value instanceof URL) return value
  if (/^[a-zA-Z][a-zA-Z\d+.-]*:/.test(value) && !/^[a-zA-Z]:[\\/]/.test(value)) return new URL(value)
  return new URL(value, pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`))
}

/** Options → resolved options, every default applied in one place. */
export function resolveGeneratorOptions(options: GeneratorOptions = {}): ResolvedGeneratorOptions {
  const cwd = options.cwd ?? process.cwd()
  const mapUrl = toUrl(options.mapUrl ?? pathToFileURL(`${cwd}/`), cwd)
  const rootUrl = options.rootUrl === undefined ? undefined : toUrl(options.rootUrl, cwd)
  const env = [...new Set(options.env ?? defaultEnv)].filter((c) => c !== 'import' && c !== 'require' && c !== 'default')
  const integrity = options.integrity === true ? 'sha384' : options.integrity === false || options.integrity === undefined ? false : options.integrity
  return {
    mapUrl,
    rootUrl,
    env,
    defaultProvider: options.defaultProvider ?? 'jspm.io',
    providers: options.providers ?? {},
    customProviders: options.customProviders ?? {},
    providerConfig: options.providerConfig ?? {},
    resolutions: options.resolutions ?? {},
    inputMap: options.inputMap,
    ignore: new Set(options.ignore ?? []),
    cache: options.cache ?? true,
    cacheDir: options.cacheDir,
    integrity,
    flattenScopes: options.flattenScopes ?? true,
    combineSubpaths: options.combineSubpaths ?? true,
    fetch: options.fetch,
    installMode: options.installMode ?? 'default',
    singletons: options.singletons ?? [],
    packageJson: options.packageJson,
    npm: options.npm ?? (options.registry ? { registry: options.registry.endsWith('/') ? options.registry : `${options.registry}/`, scopes: {}, credentials: {} } : undefined),
    cwd,
    unstable: options.unstable ?? false,
    log: options.log,
    concurrency: options.concurrency ?? 32,
  }
}

/** The conditions for a module: env plus `import` (ESM importer) or `require` (CommonJS importer), plus `default`. */
export function conditionsFor(env: readonly string[], format: 'esm' | 'cjs'): string[] {
  return [...env, format === 'cjs' ? 'require' : 'import', 'default']
}
