import { CACHE, fileReply, notFoundText, redirectReply } from '../reply.js'
import type { Reply, TypeScriptMime } from '../reply.js'
import type { FixtureFiles } from '../store.js'
import type { RouteContext } from './context.js'
import { manifestOf, parseNpmUrlSpec, resolveVersion } from './npm-package.js'
import type { Manifest } from './npm-package.js'

/** How one npm CDN lays out and serves package files. */
export interface NpmCdnLayout {
  /** The URL of `path` in an exact package version on this CDN. */
  url(name: string, version: string, path: string): string
  /** Whether a range or tag in the URL redirects to the exact version (jspm.io: exact only). */
  ranges: boolean
  typescript: TypeScriptMime
  /** The file the package root redirects to, or `undefined` for 404. */
  entry(manifest: Manifest, files: FixtureFiles): string | undefined
  /** The bytes to serve for a file; `undefined` serves the file as published. */
  transform?(path: string, files: FixtureFiles, manifest: Manifest): Uint8Array | undefined
}

function decodePath(path: string): string {
  return path.split('/').map(decodeURIComponent).join('/')
}

/**
 * Serve `name@version/path` from the npm fixtures: 404 for an unknown package, version or file
 * (directories included); 302 from the package root to its entry file in the exact version;
 * 302 from a range or tag to the exact version; otherwise the file with the CDN's content type,
 * CORS and `cache-control: immutable`.
 */
export function serveNpmCdn(spec: string, layout: NpmCdnLayout, ctx: RouteContext): Reply {
  const parsed = parseNpmUrlSpec(spec)
  const pkg = parsed && ctx.store.get('npm', parsed.name)
  if (!parsed || !pkg) return notFoundText(`package ${parsed?.name ?? spec}`)
  const version = resolveVersion(pkg, parsed.version)
  const files = version === undefined ? undefined : pkg.versions.get(version)
  if (version === undefined || !files || (version !== parsed.version && !layout.ranges)) return notFoundText(`${pkg.name}@${parsed.version}`)
  const manifest = manifestOf(files)
  if (parsed.path === '') {
    const entry = layout.entry(manifest, files)
    return entry === undefined ? notFoundText(`${pkg.name}@${version} has no entry file`) : redirectReply(layout.url(pkg.name, version, entry))
  }
  if (version !== parsed.version) return redirectReply(layout.url(pkg.name, version, parsed.path))
  const path = decodePath(parsed.path)
  const raw = files.get(path)
  if (!raw) return notFoundText(`${pkg.name}@${version}/${path}`)
  return fileReply(path, layout.transform?.(path, files, manifest) ?? raw, layout.typescript, CACHE.immutable)
}

/** The file a legacy entry field names, with Node's `.js` and `/index.js` fallbacks. */
export function legacyEntry(field: unknown, files: FixtureFiles): string | undefined {
  const bare = (typeof field === 'string' ? field : 'index.js').replace(/^\.?\//, '')
  return [bare, `${bare}.js`, `${bare}/index.js`].find((f) => files.has(f))
}
