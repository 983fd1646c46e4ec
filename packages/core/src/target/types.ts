import type { Subpath } from '../exports/exports.js'
import type { PackageTarget } from '../types.js'

/**
 * What to install, parsed from `parseTarget`. The `kind` says where the package comes from:
 *
 * - `package`: a registry package at a version range (`react@18`, `npm:lit@^3/decorators.js`,
 *   `jsr:@std/path@1`, `github:owner/repo@main`, `deno:oak@12`, `react16@npm:react@16`);
 * - `url`: a package (or module) at a URL (`https:`, `http:`, `file:`, `data:`);
 * - `path`: a package in a local folder (`./`, `../`, `/`), relative to the project.
 *
 * `subpaths` lists the package subpaths to map (`.` for the main entry, `./feature`); it is never
 * empty. `alias` is the bare specifier the import map gives the package.
 */
export type InstallTarget = PackageInstallTarget | UrlInstallTarget | PathInstallTarget

export interface PackageInstallTarget {
  kind: 'package'
  /** The specifier to map: the package name, an alias (`react16`), or for `github:` the repository name. */
  alias: string
  /**
   * Registry, name and range. The range is as written: an npm range (`^18`, `>=1.2 <2`), a
   * dist-tag (`next`), for `github:` a ref or a range over the repository's version tags (a ref
   * ends at the first `/`, so write `feature%2Fx` for the branch `feature/x`); `*` when none was
   * given.
   */
  target: PackageTarget
  subpaths: Subpath[]
  /** Prereleases may be chosen: `pkg@` (an empty range) asks for the newest version including prereleases. */
  unstable: boolean
}

export interface UrlInstallTarget {
  kind: 'url'
  /** The specifier to map, when given; otherwise the installer takes the `name` of the package.json found there. */
  alias: string | undefined
  /** The URL as written. */
  url: string
  subpaths: Subpath[]
}

export interface PathInstallTarget {
  kind: 'path'
  /** The specifier to map, when given; otherwise the installer takes the `name` of the package.json found there. */
  alias: string | undefined
  /** The folder as written (`./packages/ui`, `../lib`, `/abs/pkg`), to resolve against the project root. */
  path: string
  subpaths: Subpath[]
}

/** The object form of an install target (as in `generator.install({ target, alias, subpath })`). */
export interface InstallTargetInput {
  /** Any string form: `react@18`, `jsr:@std/path`, `https://...`, `./local-pkg`. */
  target: string
  /** The specifier to map the package to, instead of its name. */
  alias?: string
  /** One subpath to install (`.` or `./feature`); the same as `subpaths: [subpath]`. */
  subpath?: string
  /** Subpaths to install (`['./a', './b']`). */
  subpaths?: string[]
}
