import type { ExactPackage } from '../types.js'
import type { UrlContext } from './context.js'
import { npmRegistryMethods } from './registry-first.js'
import type { PackageUrlMatch, Provider } from './types.js'
import { afterBase, assertRegistry, parsePackageSegment } from './url-layout.js'

/**
 * Raw-file CDNs for npm packages: `<cdnUrl>name@version/` serves the package's files as published.
 * Registry-first: everything but the URL comes from the npm registry and the tarball.
 */
function npmRawCdn(name: 'jsdelivr' | 'unpkg' | 'self'): Provider {
  const base = (ctx: UrlContext): string => ctx.config[name].cdnUrl
  const parseUrlPkg = (url: string, ctx: UrlContext): PackageUrlMatch | undefined => npmPackageUrl(url, base(ctx))
  return {
    name,
    kind: 'raw',
    pkgToUrl(pkg: ExactPackage, _layer: string, ctx: UrlContext): string {
      assertRegistry(name, pkg, ['npm'])
      return `${base(ctx)}${pkg.name}@${pkg.version}/`
    },
    parseUrlPkg,
    ...npmRegistryMethods(name, parseUrlPkg),
  }
}

/** `<base>name@version/path` → the npm package and file; `undefined` for other URLs. */
export function npmPackageUrl(url: string, base: string): PackageUrlMatch | undefined {
  const rest = afterBase(url, base)
  const segment = rest === undefined ? undefined : parsePackageSegment(rest)
  if (segment === undefined) return undefined
  return { pkg: { registry: 'npm', name: segment.name, version: segment.version }, layer: 'default', path: segment.path }
}

/** `https://cdn.jsdelivr.net/npm/name@version/`. */
export const jsdelivr: Provider = npmRawCdn('jsdelivr')

/** `https://unpkg.com/name@version/`. */
export const unpkg: Provider = npmRawCdn('unpkg')

/**
 * `/_esm/name@version/`: files served from the app's own origin (vendored; the vendoring itself is
 * a separate step). The URLs are root-relative unless `providerConfig.self.cdnUrl` is absolute.
 */
export const self: Provider = npmRawCdn('self')
