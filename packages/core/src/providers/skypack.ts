import type { ExactPackage } from '../types.js'
import type { UrlContext } from './context.js'
import { convertingMethods } from './converting.js'
import { npmPackageUrl } from './raw-cdns.js'
import type { PackageUrlMatch, Provider } from './types.js'
import { assertRegistry } from './url-layout.js'

/** skypack: `https://cdn.skypack.dev/name@version/`, a converting CDN. */
function skypackUrl(pkg: ExactPackage, _layer: string, ctx: UrlContext): string {
  assertRegistry('skypack', pkg, ['npm'])
  return `${ctx.config.skypack.cdnUrl}${pkg.name}@${pkg.version}/`
}

function parseSkypackUrl(url: string, ctx: UrlContext): PackageUrlMatch | undefined {
  return npmPackageUrl(url, ctx.config.skypack.cdnUrl)
}

export const skypack: Provider = {
  name: 'skypack',
  kind: 'converting',
  pkgToUrl: skypackUrl,
  parseUrlPkg: parseSkypackUrl,
  ...convertingMethods({ name: 'skypack', pkgToUrl: skypackUrl, parseUrlPkg: parseSkypackUrl }),
}
