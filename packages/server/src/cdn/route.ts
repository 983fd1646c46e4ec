import { lookupPackageEntry, type ExactPackage, type PackageJson } from '@esmap/core'
import type { PackageService, PackageState } from '../build/service.js'
import type { PackageStore } from '../build/store.js'
import type { BuildFailure } from '../build/types.js'
import { CACHE, CORS, errorReply, fileReply, redirectReply, type Reply } from '../http/reply.js'
import type { RegistryAccess } from '../upstream/registry.js'
import { canonicalPath, parseCdnPath, type CdnPath } from './path.js'

/** What the CDN routes read from. */
export interface CdnContext {
  registry: RegistryAccess
  packages: PackageService
  store: PackageStore
}

/** The conditions a package root (`/npm:name@1.2.3`) is redirected with: a browser loading an ES module. */
export const ROOT_CONDITIONS: readonly string[] = ['browser', 'module', 'import', 'default']

/** The reserved file that answers a version's build error (as the reference CDN's `_error.log`). */
export const ERROR_FILE = '_error.log'

/** The text of a version's error file: stable for as long as the failure is stored. */
export function errorLog(failure: BuildFailure): string {
  return `esmap could not build npm:${failure.name}@${failure.version}\n${failure.code}: ${failure.message}\n`
}

/** Every request for a version that failed to build: its error file, with the failure's status, never cached. */
function failedReply(failure: BuildFailure): Reply {
  return {
    status: failure.status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': CACHE.none, ...CORS },
    body: new TextEncoder().encode(errorLog(failure)),
  }
}

const notFound = (what: string): Reply => errorReply(404, `Not found: ${what}`)

/** `/npm:name@range/path`: 302 to the exact version the registry resolves it to (short cache). */
async function redirectRange(ctx: CdnContext, request: CdnPath): Promise<Reply> {
  const version = await ctx.registry.resolve(request.name, request.spec)
  if (version === undefined) {
    const what = request.spec === '' ? `npm:${request.name}` : `npm:${request.name}@${request.spec}`
    return notFound(`${what} (no such package, or no published version matches)`)
  }
  return redirectReply(canonicalPath(request.name, version, request.path), CACHE.short)
}

/** `/npm:name@1.2.3` or `/npm:name@1.2.3/`: 302 to the file the package's `.` entry names for a browser. */
function redirectRoot(pkg: ExactPackage, config: PackageJson, files: ReadonlySet<string>): Reply {
  let entry: string | null | undefined
  try {
    entry = lookupPackageEntry(config, '.', ROOT_CONDITIONS, files)
  } catch {
    entry = undefined // An invalid `exports` has no entry to redirect to.
  }
  if (typeof entry !== 'string' || !entry.startsWith('./')) return notFound(`npm:${pkg.name}@${pkg.version} has no browser entry point`)
  return redirectReply(canonicalPath(pkg.name, pkg.version, entry.slice(2)), CACHE.immutable)
}

/** An exact version: build on first request, then serve the file. */
async function serveFile(ctx: CdnContext, request: CdnPath): Promise<Reply> {
  const pkg: ExactPackage = { registry: 'npm', name: request.name, version: request.spec }
  const state: PackageState = await ctx.packages.ensure(pkg)
  if (state.kind === 'missing') return notFound(`npm:${pkg.name}@${pkg.version} (not published)`)
  if (state.kind === 'failed') return failedReply(state.failure)
  const { manifest } = state
  if (request.path === undefined || request.path === '') {
    const config = await ctx.store.file(pkg, 'package.json')
    if (config === undefined) return notFound(`npm:${pkg.name}@${pkg.version}/package.json`)
    return redirectRoot(pkg, JSON.parse(new TextDecoder().decode(config)) as PackageJson, new Set(Object.keys(manifest.files)))
  }
  const listed = Object.hasOwn(manifest.files, request.path) ? manifest.files[request.path] : undefined
  const body = listed && (await ctx.store.file(pkg, request.path))
  if (!listed || !body) return notFound(`npm:${pkg.name}@${pkg.version}/${request.path}`)
  return fileReply(request.path, body, listed.etag)
}

/**
 * The CDN: `/npm:<name>@<version>/<path>` serves the built file; a range, a tag or no version
 * redirects to the exact version. `undefined` when the path is not a CDN path.
 */
export async function cdnRoute(ctx: CdnContext, pathname: string): Promise<Reply | undefined> {
  const request = parseCdnPath(pathname)
  if (request === undefined) return undefined
  if ('problem' in request) return errorReply(400, `Invalid package path ${JSON.stringify(pathname.slice(0, 300))}: ${request.problem}`)
  if (!request.exact) return redirectRange(ctx, request)
  return serveFile(ctx, request)
}
