import { CACHE, CORS, fileReply, jsonReply, notFoundText, redirectReply } from '../reply.js'
import type { Reply } from '../reply.js'
import { compareVersions, highestVersion } from '../semver.js'
import type { RouteContext, RouteRequest } from './context.js'

/**
 * deno.land/x: `/x/name@version/path` serves a file (TypeScript as `application/typescript`);
 * `/x/name/path` without a version redirects to the latest version.
 */
export function denoRoute(req: RouteRequest, ctx: RouteContext): Reply {
  const m = /^x\/([^/@]+)(?:@([^/]+))?\/(.*)$/.exec(req.path)
  const pkg = m?.[1] === undefined ? undefined : ctx.store.get('deno', m[1])
  if (!m || !pkg) return notFoundText(`deno.land/x module ${m?.[1] ?? req.path}`)
  const [, name, version, rawPath = ''] = m
  if (version === undefined) {
    const latest = highestVersion([...pkg.versions.keys()])
    return latest === undefined ? notFoundText(`${name}`) : redirectReply(`${ctx.urls.deno}x/${name}@${latest}/${rawPath}`)
  }
  const path = decodeURIComponent(rawPath)
  const bytes = pkg.versions.get(version)?.get(path)
  return bytes ? fileReply(path, bytes, 'typescript') : notFoundText(`${name}@${version}/${path}`)
}

/** apiland.deno.dev: `/v2/modules/name` with `versions` (newest first) and `latest_version`. */
export function apilandRoute(req: RouteRequest, ctx: RouteContext): Reply {
  const name = /^v2\/modules\/([^/]+)$/.exec(req.path)?.[1]
  const pkg = name === undefined ? undefined : ctx.store.get('deno', name)
  if (!pkg) return jsonReply(404, { error: 'Not found' }, { ...CORS, 'cache-control': CACHE.none })
  const versions = [...pkg.versions.keys()].sort(compareVersions).reverse()
  return jsonReply(
    200,
    { name: pkg.name, description: pkg.meta.description ?? '', versions, latest_version: highestVersion(versions) ?? null },
    { ...CORS, 'cache-control': CACHE.short },
  )
}
