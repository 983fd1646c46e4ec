/** A value of package.json `exports` / `imports`, or one of its targets. */
export type ExportsTarget = string | null | ExportsTarget[] | { [conditionOrSubpath: string]: ExportsTarget }

/** The package.json fields esmap reads. Unknown fields are kept. */
export interface PackageJson {
  name?: string
  version?: string
  type?: 'module' | 'commonjs' | string
  main?: string
  module?: string
  browser?: string | Record<string, string | false>
  exports?: ExportsTarget
  imports?: Record<string, ExportsTarget>
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  optionalDependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  files?: string[]
  [field: string]: unknown
}

/** A registry: `npm` (default), `jsr`, `deno`, `github`, or a custom one. */
export type Registry = 'npm' | 'jsr' | 'deno' | 'github' | (string & {})

/** One exact package version: the identity that versions are deduped on (`npm:react@18.3.1`). */
export interface ExactPackage {
  registry: Registry
  name: string
  version: string
}

/** A package and a version range (an sver range string such as `^1.2.0`, `1`, `*`, or a dist-tag). */
export interface PackageTarget {
  registry: Registry
  name: string
  range: string
}

/** `fetch` as Node and browsers define it; callers may pass their own (tests, proxies, auth). */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>

/** Log lines: `type` is a namespace such as `trace`, `install`, `fetch`. */
export interface LogEntry {
  type: string
  message: string
}

export type Logger = (type: string, message: string) => void

/** The versions a registry knows for a package. */
export interface VersionList {
  /** Every published version (exact semver strings). */
  versions: string[]
  /** dist-tags (`latest`, `next`, ...) → version. A registry may report only `latest`. */
  tags: Record<string, string>
  /** Versions that must not be chosen unless asked for exactly (JSR `yanked`, npm `deprecated` is NOT yanked). */
  yanked?: string[]
}

/** The files of one package version: path inside the package (no leading `./` or `/`, `/`-separated) → bytes. */
export type PackageFiles = ReadonlyMap<string, Uint8Array>

/**
 * Where package metadata and sources come from (npm registry, JSR, deno.land, a local node_modules).
 * Implemented by the registry clients; used by providers and the installer.
 * Every method returns `undefined` for "not found" and throws EsmapError for real failures.
 */
export interface PackageSource {
  versions(registry: Registry, name: string): Promise<VersionList | undefined>
  packageJson(pkg: ExactPackage): Promise<PackageJson | undefined>
  files(pkg: ExactPackage): Promise<PackageFiles | undefined>
}

/** An import map as JSON: `imports`, `scopes` and `integrity` (the sections the HTML spec reads). */
export interface ImportMapJson {
  imports?: Record<string, string | null>
  scopes?: Record<string, Record<string, string | null>>
  integrity?: Record<string, string>
}
