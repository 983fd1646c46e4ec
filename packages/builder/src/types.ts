import type { ExactPackage, ExportsTarget, PackageFiles, PackageJson } from '@esmap/core'

/** How a package's JavaScript files are written: detected per file unless an override forces it. */
export type ModuleFormat = 'esm' | 'cjs' | 'amd' | 'global'

/**
 * A script that writes globals (reference 001, "Shim Configuration"): the modules to load
 * first, and the global (a dotted path such as `jQuery.fn`) that becomes its default export.
 */
export interface ShimConfig {
  deps?: string[]
  exports?: string
}

/**
 * Package configuration that replaces what the package's own package.json says (reference 002,
 * "Overrides", and the legacy configuration of reference 001). Paths are package paths, with or
 * without a leading `./`; after `directories.lib`, they are relative to the lib folder.
 */
export interface PackageOverride {
  /** Replaces `exports`: the entry points, exactly as in package.json. */
  exports?: ExportsTarget
  /** Named exports of CommonJS files, bypassing cjs-module-lexer: `{ "./index.js": ["a", "b"] }`. */
  cjsNamedExports?: Record<string, string[]>
  /** Replaces `dependencies` in the processed package.json. */
  dependencies?: Record<string, string>
  /** Replaces `browser`. */
  browser?: PackageJson['browser']
  /** The main entry of a package without `exports` (`lib/index`, extension and `./` optional). */
  main?: string
  /** Forces the module format of every `.js` file (`.mjs` stays ESM, `.cjs` CommonJS). */
  format?: ModuleFormat
  /** Global scripts: file (`some/global`, extension optional) → its dependencies and exported global. */
  shim?: Record<string, ShimConfig | string[]>
  /** Rewrites imports: bare name → `./path` in the package, another specifier, or `@empty`. */
  map?: Record<string, string>
  /** `lib`: only this folder is the package; every path becomes relative to it. */
  directories?: { lib?: string }
  /** Only these files (globs; a folder includes everything under it) are part of the package. */
  files?: string[]
  /** These files (globs) are left out. */
  ignore?: string[]
  /** The same fields, applied over the ones above (reference 001, "Prefixing Configuration"). */
  jspm?: Omit<PackageOverride, 'jspm'>
}

/** Overrides by package: `name` (every version) or `name@range` → override. */
export type PackageOverrides = Readonly<Record<string, PackageOverride>>

/** One package version to build: what the registry client's `packageJson(pkg)` and `files(pkg)` give. */
export interface BuildInput {
  pkg: ExactPackage
  packageJson: PackageJson
  /** Path inside the package (`lib/x.js`) → bytes. */
  files: PackageFiles
}

/** Where `process` and `Buffer` come from: a package target `name@range`, or `false` to leave the global alone. */
export interface PolyfillOptions {
  /** @default 'process@^0.11.10' (the Browserify package) */
  process?: string | false
  /** @default 'buffer@^6.0.3' (the Browserify package) */
  buffer?: string | false
}

/** A cache of finished builds, keyed by {@link buildKey}. */
export interface BuildCache {
  get(key: string): Promise<BuildResult | undefined>
  set(key: string, result: BuildResult): Promise<void>
}

export interface BuildOptions {
  /** The environment conditions of the build (`import`/`require`/`default` are added per importer). @default ['browser', 'production', 'module'] */
  conditions?: readonly string[]
  /** Package overrides; the first key matching the package (`name@range` before `name`) applies. @default {} */
  overrides?: PackageOverrides
  /** Minify the output. @default false */
  minify?: boolean
  /** Write `.map` files next to every module and chunk. @default true */
  sourcemap?: boolean
  /** @default { process: 'process@^0.11.10', buffer: 'buffer@^6.0.3' } */
  polyfills?: PolyfillOptions
  /** Reuse and store builds here. @default undefined (always build) */
  cache?: BuildCache
}

/** Something the build could not do as the package asked, with where it happened. */
export interface BuildWarning {
  code: string
  message: string
  /** Package path of the module, when the warning is about one. */
  file?: string
  /** 1-based. */
  line?: number
  /** 1-based. */
  column?: number
}

/** A finished build: browser ES modules at the package's own file locations. */
export interface BuildResult {
  pkg: ExactPackage
  /** {@link buildKey} of the input and options. */
  key: string
  /** The conditions the build resolved with. */
  conditions: readonly string[]
  /** Every output file (package path → bytes), in path order: modules, chunks, maps, assets, `package.json`. */
  files: PackageFiles
  /** The processed package.json (also in `files`): enumerated `exports` and the `files` listing. */
  packageJson: PackageJson
  /** Entry modules (package path → the format its source had), one per exported module file. */
  entries: Record<string, ModuleFormat>
  /** Shared chunks (package paths under the chunk folder). */
  chunks: string[]
  /** Files copied as they are (exported non-JavaScript files, readme, license, typings). */
  assets: string[]
  warnings: BuildWarning[]
  /** What the build did, one line per step. */
  log: string[]
}
