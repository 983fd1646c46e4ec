import { EsmapError } from '../errors.js'
import type { ExactPackage } from '../types.js'
import type { ProviderContext, UrlContext } from './context.js'
import { convertingMethods } from './converting.js'
import type { PackageUrlMatch, Provider } from './types.js'
import { afterBase, packageId, parsePackageSegment } from './url-layout.js'

/**
 * esmap: an `@esmap/server` you run yourself (`esmap serve`), at `<cdnUrl>npm:name@version/`.
 * A converting CDN laid out like jspm.io: its processed package.json enumerates exports and
 * files, and it builds a version on the first request for it, so there is no build to request.
 * There is no public default: set `providerConfig: { esmap: { cdnUrl } }`.
 */
function cdnUrl(ctx: UrlContext): string | undefined {
  const value = (ctx.config.custom.esmap as { cdnUrl?: unknown } | undefined)?.cdnUrl
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !URL.canParse(value)) {
    throw new EsmapError('ESMAP_INVALID_PROVIDER_CONFIG', `providerConfig.esmap.cdnUrl must be an absolute URL, got ${JSON.stringify(value)}`, {
      fix: 'Give the URL your esmap server is reachable at, such as "http://127.0.0.1:8790/".',
    })
  }
  return value.endsWith('/') ? value : `${value}/`
}

function pkgToUrl(pkg: ExactPackage, _layer: string, ctx: UrlContext): string {
  const base = cdnUrl(ctx)
  if (base === undefined) {
    throw new EsmapError('ESMAP_INVALID_PROVIDER_CONFIG', `Provider "esmap" needs the URL of your esmap server to serve ${packageId(pkg)}`, {
      specifier: packageId(pkg),
      fix: 'Set providerConfig: { esmap: { cdnUrl: "http://127.0.0.1:8790/" } } (the URL `esmap serve` prints).',
    })
  }
  return `${base}${packageId(pkg)}/`
}

/** `<cdnUrl>npm:name@version/path`; nothing is owned while no cdnUrl is configured. */
function parseUrlPkg(url: string, ctx: UrlContext): PackageUrlMatch | undefined {
  const base = cdnUrl(ctx)
  const rest = base === undefined ? undefined : afterBase(url, base)
  if (rest === undefined || !rest.startsWith('npm:')) return undefined
  const segment = parsePackageSegment(rest.slice('npm:'.length))
  return segment && { pkg: { registry: 'npm', name: segment.name, version: segment.version }, layer: 'default', path: segment.path }
}

/** The server answers 404 for a package.json only when the version is not published where it reads. */
async function onNotBuilt(pkg: ExactPackage, parentUrl: string, ctx: ProviderContext): Promise<void> {
  const url = `${pkgToUrl(pkg, 'default', ctx)}package.json`
  throw new EsmapError('ESMAP_NOT_BUILT', `The esmap server has no ${packageId(pkg)}: ${url} answered 404`, {
    specifier: packageId(pkg),
    importer: parentUrl || undefined,
    fix: 'Check that the server reads the same npm registry as this project (esmap serve --registry), or pin a version it can serve.',
  })
}

export const esmap: Provider = {
  name: 'esmap',
  kind: 'converting',
  pkgToUrl,
  parseUrlPkg,
  ...convertingMethods({ name: 'esmap', pkgToUrl, parseUrlPkg, onNotBuilt, filesFromPackageJson: true }),
}
