import type { ExactPackage } from '../types.js'
import type { UrlContext } from './context.js'
import { convertingMethods } from './converting.js'
import type { PackageUrlMatch, Provider } from './types.js'
import { afterBase, assertRegistry, parsePackageSegment } from './url-layout.js'

/**
 * esm.sh in its `*name@version` form (`https://esm.sh/*react@18.3.1/`): the `*` makes esm.sh leave
 * every dependency as a bare import, so the import map, not the CDN, picks dependency versions.
 */
function esmShUrl(pkg: ExactPackage, _layer: string, ctx: UrlContext): string {
  assertRegistry('esm.sh', pkg, ['npm'])
  return `${ctx.config['esm.sh'].cdnUrl}*${pkg.name}@${pkg.version}/`
}

/** `<base>[vN/][*]name@version/path` (esm.sh's own build URLs carry a `vN/` prefix). */
function parseEsmShUrl(url: string, ctx: UrlContext): PackageUrlMatch | undefined {
  const rest = afterBase(url, ctx.config['esm.sh'].cdnUrl)
  const segment = rest === undefined ? undefined : parsePackageSegment(rest.replace(/^v\d+\//, '').replace(/^\*/, ''))
  if (segment === undefined) return undefined
  return { pkg: { registry: 'npm', name: segment.name, version: segment.version }, layer: 'default', path: segment.path }
}

export const esmSh: Provider = {
  name: 'esm.sh',
  kind: 'converting',
  pkgToUrl: esmShUrl,
  parseUrlPkg: parseEsmShUrl,
  ...convertingMethods({ name: 'esm.sh', pkgToUrl: esmShUrl, parseUrlPkg: parseEsmShUrl }),
}
