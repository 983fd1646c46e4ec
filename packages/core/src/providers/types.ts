import type { ExactPackage, PackageJson, PackageTarget } from '../types.js'
import type { ProviderContext, UrlContext } from './context.js'

/**
 * How a provider's files relate to the published package:
 * - `raw`: the files are the package's own files (jsdelivr, unpkg, self, jsr, deno). Metadata and
 *   module sources come from the registry, never from the CDN.
 * - `converting`: the CDN rewrites the files (CommonJS → ESM, bundling: jspm.io, esm.sh, skypack), so
 *   its processed package.json and modules are fetched from the CDN.
 * - `local`: files on disk (nodemodules).
 */
export type ProviderKind = 'raw' | 'converting' | 'local'

/** What a package URL says: the package, the layer it is served from, and the file inside it. */
export interface PackageUrlMatch {
  pkg: ExactPackage
  /** `default` unless the provider serves layers (`system` for `jspm.io#system`). */
  layer: string
  /**
   * The file inside the package: `/`-separated, percent-decoded, without a leading `./` or `/`
   * (`''` for the package base itself). The same form as the keys of `PackageFiles`.
   */
  path: string
}

/**
 * A provider: where the versions of a package live and how to read them. A plain object whose
 * methods take every input as an argument (`ctx` carries config, fetching and registry sources).
 * "Not found" is `undefined`; real failures throw `EsmapError`.
 */
export interface Provider {
  readonly name: string
  readonly kind: ProviderKind
  /** Layers besides `default` (`['system']` for jspm.io). */
  readonly layers?: readonly string[]
  /** The base URL of a package version, always ending in `/`. */
  pkgToUrl(pkg: ExactPackage, layer: string, ctx: UrlContext): string
  /** The converse of `pkgToUrl`; `undefined` for URLs this provider does not own. */
  parseUrlPkg(url: string, ctx: UrlContext): PackageUrlMatch | undefined
  /** The exact version to use for a target; `undefined` when the package or a matching version does not exist. */
  resolveLatestTarget(
    target: PackageTarget,
    unstable: boolean,
    layer: string,
    parentUrl: string,
    ctx: ProviderContext,
  ): Promise<ExactPackage | undefined>
  /** The package.json the provider serves the package with (processed, for converting CDNs). */
  getPackageConfig?(pkg: ExactPackage, ctx: ProviderContext): Promise<PackageJson | undefined>
  /** Every file path of the package (same form as `PackageUrlMatch.path`), when the provider can list them. */
  getFileList?(pkg: ExactPackage, ctx: ProviderContext): Promise<Set<string> | undefined>
  /** The bytes of one module URL owned by this provider (for tracing). */
  loadModule(url: string, ctx: ProviderContext): Promise<Uint8Array | undefined>
  /**
   * A name for the exact bytes `loadModule` gives for `url` that can never name other bytes
   * (registry-first providers: the tarball's integrity and the path), so that what is derived from
   * them (the module's analysis, its SRI) is cached for good. `undefined`: do not cache.
   */
  contentId?(url: string, ctx: ProviderContext): Promise<ContentId | undefined>
}

/**
 * What names a module's bytes for caching: the record `id` (one per package version) and the
 * `path` in it. A `stamp`, when given, must match the one stored with a cached entry (local files:
 * size, modification time and inode, taken just before the bytes are read).
 */
export interface ContentId {
  id: string
  path: string
  stamp?: string
}

/** The provider chosen for a package, with the layer to serve it from. */
export interface ProviderChoice {
  provider: Provider
  layer: string
}

/** `byUrl`: the provider owning a URL and what the URL says. */
export interface UrlOwner extends PackageUrlMatch {
  provider: Provider
}
