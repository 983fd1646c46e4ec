import { CACHE, CORS, jsonReply } from '../reply.js'
import type { Reply } from '../reply.js'
import type { FixturePackage } from '../store.js'
import type { RouteContext, RouteRequest } from './context.js'
import { distTags, manifestOf } from './npm-package.js'

/** Media type of npm's abbreviated ("corgi") packument, sent when the client asks for it. */
export const ABBREVIATED_PACKUMENT = 'application/vnd.npm.install-v1+json'

/** Publish times are synthetic: the oldest version on 2020-01-01, each later one a day after. */
const EPOCH = Date.UTC(2020, 0, 1)
const DAY = 86_400_000

const notFound = (error = 'Not found'): Reply => jsonReply(404, { error }, { ...CORS, 'cache-control': CACHE.none })

/** The tarball file name npm uses: the unscoped name, a dash, the version. */
export function tarballFile(name: string, version: string): string {
  return `${name.slice(name.lastIndexOf('/') + 1)}-${version}.tgz`
}

function versionDocument(pkg: FixturePackage, version: string, ctx: RouteContext): Record<string, unknown> | undefined {
  const files = pkg.versions.get(version)
  const tarball = ctx.tarball(pkg.name, version)
  if (!files || !tarball) return undefined
  const deprecated = pkg.meta.deprecated?.[version]
  return {
    ...manifestOf(files),
    name: pkg.name,
    version,
    _id: `${pkg.name}@${version}`,
    ...(deprecated === undefined ? {} : { deprecated }),
    dist: {
      tarball: `${ctx.urls.registry}${pkg.name}/-/${tarballFile(pkg.name, version)}`,
      integrity: tarball.integrity,
      shasum: tarball.shasum,
      fileCount: tarball.fileCount,
      unpackedSize: tarball.unpackedSize,
    },
  }
}

function times(pkg: FixturePackage): Record<string, string> {
  const versions = [...pkg.versions.keys()]
  const at = (i: number): string => new Date(EPOCH + i * DAY).toISOString()
  return { created: at(0), modified: at(versions.length - 1), ...Object.fromEntries(versions.map((v, i) => [v, at(i)])) }
}

/** Fields npm keeps in the abbreviated packument's version entries. */
const ABBREVIATED_FIELDS = ['name', 'version', 'deprecated', 'dependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta', 'bin', 'engines', 'dist'] as const

function packument(pkg: FixturePackage, ctx: RouteContext, abbreviated: boolean): Reply {
  const versions = Object.fromEntries([...pkg.versions.keys()].map((v) => [v, versionDocument(pkg, v, ctx) ?? {}]))
  const headers = { ...CORS, 'cache-control': CACHE.packument }
  const time = times(pkg)
  if (abbreviated) {
    const slim = Object.fromEntries(
      Object.entries(versions).map(([v, doc]) => [v, Object.fromEntries(ABBREVIATED_FIELDS.filter((f) => f in doc).map((f) => [f, doc[f]]))]),
    )
    return jsonReply(200, { name: pkg.name, 'dist-tags': distTags(pkg), modified: time.modified, versions: slim }, headers, ABBREVIATED_PACKUMENT)
  }
  // Like npm, the packument's description is the latest version's unless registry.json sets one.
  const latest = distTags(pkg).latest
  const latestFiles = latest === undefined ? undefined : pkg.versions.get(latest)
  const description = pkg.meta.description ?? (latestFiles && manifestOf(latestFiles).description)
  return jsonReply(200, { _id: pkg.name, name: pkg.name, ...(description === undefined ? {} : { description }), 'dist-tags': distTags(pkg), versions, time }, headers)
}

/**
 * The npm registry API: `GET /:name` (packument; abbreviated with
 * `accept: application/vnd.npm.install-v1+json`), `GET /:name/:version|:tag`, and tarballs at
 * `/:name/-/:file.tgz`. Scoped names work as `@scope/name` and `@scope%2fname`.
 */
export function registryRoute(req: RouteRequest, ctx: RouteContext): Reply {
  const segments = req.path.replace(/%2f/gi, '/').split('/').map(decodeURIComponent)
  const nameLength = segments[0]?.startsWith('@') ? 2 : 1
  const name = segments.slice(0, nameLength).join('/')
  const rest = segments.slice(nameLength).filter((s, i, all) => s !== '' || i < all.length - 1)
  const pkg = ctx.store.get('npm', name)
  if (!pkg) return notFound()
  if (rest.length === 0) return packument(pkg, ctx, (req.headers.accept ?? '').includes(ABBREVIATED_PACKUMENT))
  const [first, second] = rest
  if (rest.length === 1 && first !== undefined) {
    const version = pkg.versions.has(first) ? first : distTags(pkg)[first]
    const doc = version === undefined ? undefined : versionDocument(pkg, version, ctx)
    return doc ? jsonReply(200, doc, { ...CORS, 'cache-control': CACHE.packument }) : notFound(`version not found: ${first}`)
  }
  if (rest.length === 2 && first === '-' && second !== undefined) {
    const version = [...pkg.versions.keys()].find((v) => tarballFile(name, v) === second)
    const tarball = version === undefined ? undefined : ctx.tarball(name, version)
    if (!tarball) return notFound()
    return { status: 200, headers: { 'content-type': 'application/octet-stream', ...CORS, 'cache-control': CACHE.immutable }, body: tarball.bytes }
  }
  return notFound()
}
