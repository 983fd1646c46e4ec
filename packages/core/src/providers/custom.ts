import { SemverRange } from 'sver'
import { EsmapError } from '../errors.js'
import type { ExactPackage, PackageJson } from '../types.js'
import { convertingMethods } from './converting.js'
import { npmRegistryMethods } from './registry-first.js'
import type { PackageUrlMatch, Provider } from './types.js'
import { assertPackageUrl, decodePath, stripQuery } from './url-layout.js'

type Awaitable<T> = T | Promise<T>

/** What a custom `parseUrlPkg` may return: a package, or a package with its layer (and file). */
export type CustomUrlMatch = ExactPackage | { pkg: ExactPackage; layer?: string; subpath?: string | null; path?: string }

/**
 * A custom provider in the reference's shape (003 "customProviders"): hooks without a context.
 * - `pkgToUrl(pkg, layer)` returns the package base URL, ending in `/` (an error otherwise).
 * - `parseUrlPkg(url)` (also accepted under the reference's other spelling `parsePkgUrl`) returns
 *   `undefined`/`null` for URLs it does not own.
 * - `resolveLatestTarget(target, unstable, layer, parentUrl)` receives `target.range` as an sver
 *   `SemverRange` and returns the exact package, or `null` for "not found". When omitted, versions
 *   come from the npm registry.
 * - `getPackageConfig(pkgUrl, pkg)` / `getFileList(pkgUrl, pkg)` are optional. Without them the
 *   package.json is fetched from `<pkgUrl>package.json` (`kind: 'converting'`, the default) or
 *   read from the npm registry (`kind: 'raw'`, for mirrors of npm files).
 */
export interface CustomProvider {
  kind?: 'raw' | 'converting'
  pkgToUrl(pkg: ExactPackage, layer: string): string
  parseUrlPkg?(url: string): CustomUrlMatch | null | undefined
  parsePkgUrl?(url: string): CustomUrlMatch | null | undefined
  resolveLatestTarget?(
    target: { registry: string; name: string; range: SemverRange },
    unstable: boolean,
    layer: string,
    parentUrl: string,
  ): Awaitable<ExactPackage | null | undefined>
  getPackageConfig?(pkgUrl: string, pkg: ExactPackage): Awaitable<PackageJson | null | undefined>
  getFileList?(pkgUrl: string, pkg: ExactPackage): Awaitable<Iterable<string> | null | undefined>
}

/** A custom provider as a `Provider`: the context-free hooks wrapped, their results checked. */
export function toProvider(name: string, custom: CustomProvider): Provider {
  const parse = custom.parseUrlPkg ?? custom.parsePkgUrl
  if (typeof custom.pkgToUrl !== 'function' || typeof parse !== 'function') {
    throw new EsmapError('ESMAP_INVALID_PROVIDER', `Custom provider "${name}" needs the functions pkgToUrl and parseUrlPkg`, {
      fix: `Define customProviders["${name}"] with pkgToUrl(pkg, layer) and parseUrlPkg(url).`,
    })
  }
  const pkgToUrl = (pkg: ExactPackage, layer: string): string => assertPackageUrl(name, pkg, custom.pkgToUrl(pkg, layer))
  const parseUrlPkg = (url: string): PackageUrlMatch | undefined => normaliseMatch(url, pkgToUrl, parse.call(custom, url))
  const kind = custom.kind ?? 'converting'
  const fallback =
    kind === 'raw'
      ? npmRegistryMethods(name, parseUrlPkg)
      : convertingMethods({ name, pkgToUrl, parseUrlPkg, onNotBuilt: async () => {} })
  return {
    name,
    kind,
    pkgToUrl,
    parseUrlPkg,
    resolveLatestTarget: custom.resolveLatestTarget
      ? async (target, unstable, layer, parentUrl) => {
          const range = new SemverRange(target.range.trim() === '' ? '*' : target.range)
          return (await custom.resolveLatestTarget!.call(custom, { ...target, range }, unstable, layer, parentUrl)) ?? undefined
        }
      : fallback.resolveLatestTarget,
    getPackageConfig: custom.getPackageConfig
      ? async (pkg) => (await custom.getPackageConfig!.call(custom, pkgToUrl(pkg, 'default'), pkg)) ?? undefined
      : fallback.getPackageConfig,
    getFileList: custom.getFileList
      ? async (pkg) => {
          const files = await custom.getFileList!.call(custom, pkgToUrl(pkg, 'default'), pkg)
          return files ? new Set(files) : undefined
        }
      : fallback.getFileList,
    loadModule: fallback.loadModule,
    ...(kind === 'raw' ? { contentId: (fallback as Pick<Provider, 'contentId'>).contentId } : {}),
  }
}

/** Either return shape → `PackageUrlMatch`, the file path taken from the URL relative to the package base. */
function normaliseMatch(
  url: string,
  pkgToUrl: (pkg: ExactPackage, layer: string) => string,
  result: CustomUrlMatch | null | undefined,
): PackageUrlMatch | undefined {
  if (!result) return undefined
  const pkg = 'pkg' in result ? result.pkg : result
  const layer = ('pkg' in result && result.layer) || 'default'
  if (!pkg?.name || !pkg.version) return undefined
  const base = pkgToUrl({ registry: pkg.registry ?? 'npm', name: pkg.name, version: pkg.version }, layer)
  const path = url.startsWith(base) ? decodePath(stripQuery(url.slice(base.length))) : ''
  return { pkg: { registry: pkg.registry ?? 'npm', name: pkg.name, version: pkg.version }, layer, path: path ?? '' }
}
