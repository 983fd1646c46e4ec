import type { ExactPackage, Logger, PackageJson, PackageSource, PackageTarget, Registry } from '../types.js'

/**
 * How existing resolutions (the lock) are treated, as in the JSPM Generator:
 * - `default`: locked versions are kept while the range that reaches them allows them; new
 *   dependencies reuse installed versions, else take the latest in range.
 * - `latest-primaries`: top-level (`imports`) resolutions move to the latest in range; the rest
 *   as `default`.
 * - `latest-all`: every resolution that is visited moves to the latest in range.
 * - `freeze`: no locked version ever changes, even out of range (a warning names it); nothing
 *   is upgraded to dedupe. New dependencies behave as in `default`.
 */
export type InstallMode = 'default' | 'latest-primaries' | 'latest-all' | 'freeze'

/** A package in a local folder (a `resolutions` target such as `file:///repo/packages/a/`). */
export interface LocalPackage {
  /** Absolute URL of the package folder, always ending in `/`. */
  url: string
}

/** What a name resolves to: one exact registry package version, or a local folder. */
export type InstalledPackage = ExactPackage | LocalPackage

/** What a package.json entry, an install request or a resolution asks for. */
export type DependencyTarget = PackageTarget | LocalPackage

/**
 * The resolutions an import map holds, in package terms. The Generator converts a map to this
 * form through its providers (`parseUrlPkg`) and back (`pkgToUrl`).
 * - `primary`: the top-level `imports`, alias → package (`react` → `npm:react@18.3.1`).
 * - `secondary`: the `scopes`, keyed by the parent's package key (`npm:react-dom@18.3.1`), each
 *   alias → package. Every resolved dependency of a package appears here, also when it equals the
 *   primary; the map writer leaves out the entries that the top level already resolves the same way.
 */
export interface InstallLock {
  primary: Map<string, InstalledPackage>
  secondary: Map<string, Map<string, InstalledPackage>>
}

/** The metadata the installer reads: a registry's version lists and package.json files. */
export interface InstallSource {
  versions: PackageSource['versions']
  packageJson: PackageSource['packageJson']
  /**
   * The package.json of a local folder package. Optional: without it a local folder declares no
   * dependencies, so every bare import from it must be covered by `resolutions`.
   */
  folderPackageJson?(folderUrl: string): Promise<PackageJson | undefined>
}

export interface InstallerOptions {
  /** How the lock is treated; each call may override it. @default 'default' */
  mode?: InstallMode
  /**
   * Overrides for every nesting, like package.json `overrides`/`resolutions`: name → version,
   * range, another package (`npm:preact@^10`) or a local folder (`file:`/`http(s):` URL, or a
   * path relative to `baseUrl`). @default {}
   */
  resolutions?: Record<string, string>
  /** Packages that must never be installed in two versions (`['react', 'react-dom']`). @default [] */
  singletons?: readonly string[]
  /**
   * The project's own package.json: the ranges of top-level installs. Its `devDependencies`
   * count too (for no other package). @default undefined (top-level installs without a range take the latest)
   */
  project?: PackageJson
  /** Base URL for relative folder targets (`file:../pkg`, `./packages/a`). @default undefined */
  baseUrl?: string
  /** The registry of a bare range (`^1.2.0`). @default 'npm' */
  defaultRegistry?: Registry
  /** Let every range match prereleases. @default false */
  unstable?: boolean
  /** The input map's resolutions. @default an empty lock */
  lock?: InstallLock
  /** Receives `install` log lines. @default undefined */
  log?: Logger
}

/** Per-call options of `installPrimary`, `resolveDependency` and `update`. */
export interface InstallCallOptions {
  /** @default the installer's `mode` */
  mode?: InstallMode
}

/** A top-level install request for `installPrimaries`. */
export interface PrimaryRequest {
  alias: string
  /** A range (`^18`), a target string (`npm:preact@10`, a folder URL) or a parsed target. @default the project's range, else `*` */
  target?: string | DependencyTarget
}

/** One line of the CLI's summary, per package (registry and name, or folder). */
export type InstallChange =
  | { kind: 'added'; package: InstalledPackage }
  | { kind: 'removed'; package: InstalledPackage }
  | { kind: 'upgraded' | 'downgraded'; from: ExactPackage; to: ExactPackage }

/**
 * Something the user should know that is not an error:
 * - `ESMAP_PEER_CONFLICT`: a peer dependency resolved to the importer's copy outside its range.
 * - `ESMAP_LOCK_OUT_OF_RANGE`: `freeze` kept a locked version that its range no longer allows.
 * - `ESMAP_RESOLUTION_OVERRIDE`: `resolutions` replaced an explicitly requested target.
 * - `ESMAP_NOT_INSTALLED`: `uninstall` or `update` named a package that is not installed.
 */
export interface InstallWarning {
  code: 'ESMAP_PEER_CONFLICT' | 'ESMAP_LOCK_OUT_OF_RANGE' | 'ESMAP_RESOLUTION_OVERRIDE' | 'ESMAP_NOT_INSTALLED'
  message: string
}

/** The installer's state machine (see the rules in `installer.ts`). */
export interface Installer {
  /** Installs `alias` at the top level; `target` is a range, a target string or a parsed target. */
  installPrimary(alias: string, target?: string | DependencyTarget, options?: InstallCallOptions): Promise<InstalledPackage>
  /** `installPrimary` for each request, decided in alias order. */
  installPrimaries(requests: readonly PrimaryRequest[], options?: InstallCallOptions): Promise<Map<string, InstalledPackage>>
  /** What `name` resolves to for code inside `parent`, by the range `parent` declares. */
  resolveDependency(parent: InstalledPackage, name: string, options?: InstallCallOptions): Promise<InstalledPackage>
  /** `resolveDependency` for each name, decided in name order. */
  resolveDependencies(parent: InstalledPackage, names: readonly string[], options?: InstallCallOptions): Promise<Map<string, InstalledPackage>>
  /** Moves every installed edge of these packages (aliases or names; all when omitted) to the latest in its range. */
  update(names?: readonly string[]): Promise<void>
  /** Drops these top-level installs. Their dependencies stay until `prune`. */
  uninstall(names: readonly string[]): void
  /** Drops every scope whose package key is not in `reachable` (default: not reachable from the top level). */
  prune(reachable?: Iterable<string>): void
  /** The resolution of `alias` in `parent`'s scope (`null`: the top level), without import-map fallback. */
  get(parent: InstalledPackage | null, alias: string): InstalledPackage | undefined
  /** The current resolutions, in the lock form, sorted. */
  toLock(): InstallLock
  /** What changed since the input lock, per package. */
  changes(): InstallChange[]
  /** Warnings so far, each once, in the order they arose; then the peer conflicts of the current state. */
  readonly warnings: readonly InstallWarning[]
}
