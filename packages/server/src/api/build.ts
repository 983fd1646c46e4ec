import type { ExactPackage } from '@esmap/core'
import type { PackageService, PackageState } from '../build/service.js'
import { parseCdnPath } from '../cdn/path.js'
import { errorLog } from '../cdn/route.js'
import { errorReply, jsonReply, type Reply } from '../http/reply.js'
import type { TokenCheck } from '../token.js'

/** What `/build/<name>@<version>` answers on success. */
export interface BuildResult {
  /** `npm:<name>@<version>` */
  package: string
  /** `built`: stored and served now; `queued`: still building when the answer was sent. */
  status: 'built' | 'queued'
  /** True when a valid token cleared the stored output first. */
  rebuilt: boolean
}

export interface BuildRouteContext {
  packages: PackageService
  token: TokenCheck
  /** How long to wait for the build before answering `queued`. */
  waitMs: number
}

/**
 * `/build/<name>@<version>` (reference 000, "Build Queue Request"): queues a build of an exact
 * version and waits for it up to `waitMs`. With a valid `token` (query parameter, or
 * `authorization: Bearer <token>`) the version's stored output and error are cleared and it is
 * built again. Answers `{ package, status, rebuilt }`, or `{ error }` with 400/403/404/422.
 */
export async function buildRoute(ctx: BuildRouteContext, rest: string, token: string | undefined): Promise<Reply> {
  const request = parseCdnPath(`/npm:${rest}`)
  if (request === undefined || 'problem' in request) {
    return errorReply(400, `Invalid build request "${rest.slice(0, 200)}": ${request && 'problem' in request ? request.problem : 'write /build/<name>@<version>'}`)
  }
  if (!request.exact || request.path !== undefined) {
    return errorReply(400, `Give an exact version to build: /build/${request.name}@<version> such as /build/${request.name}@1.0.0 (ranges, tags and file paths are not built)`)
  }
  if (token !== undefined) {
    if (!ctx.token.enabled) return errorReply(403, 'Rebuilds are disabled on this server: it has no rebuild token configured')
    if (!ctx.token.matches(token)) return errorReply(403, 'Invalid rebuild token')
  }
  const pkg: ExactPackage = { registry: 'npm', name: request.name, version: request.spec }
  const id = `npm:${pkg.name}@${pkg.version}`
  const rebuilt = token !== undefined
  const work = rebuilt ? ctx.packages.rebuild(pkg) : ctx.packages.ensure(pkg)
  work.catch(() => {}) // Answered below, or left to finish after a `queued` answer.
  let timer: NodeJS.Timeout | undefined
  const waited = new Promise<'queued'>((resolve) => (timer = setTimeout(() => resolve('queued'), ctx.waitMs)))
  try {
    const state: PackageState | 'queued' = await Promise.race([work, waited])
    if (state === 'queued') return jsonReply(202, { package: id, status: 'queued', rebuilt } satisfies BuildResult)
    if (state.kind === 'missing') return errorReply(404, `${id} is not published on the registry`)
    if (state.kind === 'failed') return errorReply(state.failure.status, errorLog(state.failure).trimEnd())
    return jsonReply(200, { package: id, status: 'built', rebuilt } satisfies BuildResult)
  } finally {
    clearTimeout(timer)
  }
}
