import type { IncomingMessage, ServerResponse } from 'node:http'
import { isEsmapError } from '@esmap/core'
import { isProblem, queryToBody, readGenerateArgs, type GenerateArgs } from './api/args.js'
import { buildRoute } from './api/build.js'
import { generate, type GenerateContext } from './api/generate.js'
import { createBuildQueue, type BuildQueue } from './build/queue.js'
import { createLru } from './build/lru.js'
import { createPackageService, type PackageService } from './build/service.js'
import { createPackageStore, type PackageStore } from './build/store.js'
import { cdnRoute, type CdnContext } from './cdn/route.js'
import { readBody } from './http/body.js'
import { CORS, errorReply, jsonReply, type Reply } from './http/reply.js'
import { writeReply } from './http/write.js'
import type { ResolvedServerOptions } from './options.js'
import { createFsStorage } from './storage/fs.js'
import type { Storage } from './storage/types.js'
import { createTokenCheck } from './token.js'
import { createGuardedFetch } from './upstream/guard.js'
import { createMemoFetch } from './upstream/memo-fetch.js'
import { createSanitizingFetch } from './upstream/sanitize.js'
import { createRegistryAccess, type RegistryAccess } from './upstream/registry.js'

/** The server's parts, wired once per server: no module-level state. */
export interface App {
  /** The `node:http` request listener. */
  listener(req: IncomingMessage, res: ServerResponse): void
  /** The base URL module URLs and maps use, ending in `/`. */
  readonly baseUrl: string
  readonly storage: Storage
  readonly store: PackageStore
  readonly packages: PackageService
  readonly registry: RegistryAccess
  readonly buildQueue: BuildQueue
}

const PREFLIGHT: Record<string, string> = {
  ...CORS,
  'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization, if-none-match',
  'access-control-max-age': '86400',
}

/** What `GET /` answers: the endpoints, for a person or a health check. */
const INDEX = {
  name: '@esmap/server',
  endpoints: ['GET /npm:<name>@<version>/<path>', 'GET /npm:<name>@<range>[/<path>]', 'GET|POST /generate', 'GET /build/<name>@<version>[?token=]'],
}

function methodNotAllowed(allow: string): Reply {
  const reply = errorReply(405, `Method not allowed; use ${allow}`)
  reply.headers.allow = allow
  return reply
}

/** An error no route turned into a reply: registry trouble is 502, a full queue 503, the rest 500. */
function unexpected(err: unknown, log: ResolvedServerOptions['log']): Reply {
  if (isEsmapError(err, 'ESMAP_BUILD_QUEUE_FULL')) return errorReply(503, err.message, { 'retry-after': '5' })
  if (isEsmapError(err) && /^ESMAP_(FETCH_FAILED|INVALID_RESPONSE|INTEGRITY_MISMATCH|UNSUPPORTED_REGISTRY)$/.test(err.code)) {
    return errorReply(502, `The registry could not be read: ${err.message}`)
  }
  log('http', `internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
  return errorReply(500, 'Internal server error')
}

/** The bearer token of `authorization`, else the `token` query parameter. */
function tokenOf(req: IncomingMessage, url: URL): string | undefined {
  const header = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]
  return header ?? url.searchParams.get('token') ?? undefined
}

/** Wires storage, registry, build queue and routes for one server at `baseUrl`. */
export function createApp(options: ResolvedServerOptions, baseUrl: string): App {
  const { limits, log } = options
  const storage = options.storage ?? createFsStorage(options.storageDir)
  const store = createPackageStore(storage, { memoryBytes: options.memoryCacheBytes })
  // Every outgoing request: guarded to the allowed origins, shared through one memory cache, and
  // registry documents stripped of folder and URL dependencies (see sanitize.ts).
  const sanitized = createSanitizingFetch(options.fetch, new URL(options.registry).origin)
  const upstream = createMemoFetch({ fetch: sanitized, ttl: options.metadataTtl, maxBytes: options.memoryCacheBytes })
  const registryFetch = createGuardedFetch({ allow: [new URL(options.registry).origin], fetch: upstream }).fetch
  const registry = createRegistryAccess({ registry: options.registry, fetch: registryFetch, ttl: options.metadataTtl })
  const buildQueue = createBuildQueue({ concurrency: options.buildConcurrency, maxPending: limits.maxPendingBuilds })
  const packages = createPackageService({ store, registry, builder: options.builder, queue: buildQueue, maxPackageBytes: limits.maxPackageBytes, log })
  const cdn: CdnContext = { registry, packages, store }
  const token = createTokenCheck(options.token)
  const generateContext: GenerateContext = {
    baseUrl,
    registry,
    packages,
    store,
    upstream,
    allowedOrigins: options.allowedOrigins,
    providers: options.providers,
    providerConfig: options.providerConfig,
    limits,
    log,
  }
  // Identical concurrent /generate requests share one run; answers are reused for metadataTtl.
  const generations = createBuildQueue({
    concurrency: limits.maxConcurrentGenerates,
    maxPending: limits.maxPendingGenerates,
    name: '/generate',
    limitOptions: 'limits.maxPendingGenerates or limits.maxConcurrentGenerates',
  })
  const generated = createLru<{ reply: Reply; expires: number }>(512)

  async function runGenerate(args: GenerateArgs): Promise<Reply> {
    const key = JSON.stringify(args)
    const hit = generated.get(key)
    if (hit && hit.expires > Date.now()) return hit.reply
    const reply = await generations.run(key, () => generate(generateContext, args))
    if (reply.status === 200) generated.set(key, { reply, expires: Date.now() + options.metadataTtl })
    return reply
  }

  async function generateRoute(req: IncomingMessage, url: URL): Promise<Reply> {
    let body: unknown
    if (req.method === 'POST') {
      const read = await readBody(req, limits.maxBodyBytes)
      if (read.kind === 'too-large') return errorReply(413, `The request body is larger than this server's limit of ${read.limit} bytes`)
      if (read.kind === 'aborted') return errorReply(400, 'The request body was cut off')
      try {
        body = JSON.parse(new TextDecoder().decode(read.bytes))
      } catch (err) {
        return errorReply(400, `The request body is not JSON: ${(err as Error).message}`)
      }
    } else {
      body = queryToBody(url.searchParams)
      if (isProblem(body)) return errorReply(400, body.error)
    }
    const args = readGenerateArgs(body)
    return isProblem(args) ? errorReply(400, args.error) : runGenerate(args)
  }

  /** A CDN request waits for a build at most `requestTimeoutMs`; the build goes on after a 504. */
  async function cdnWithin(pathname: string): Promise<Reply | undefined> {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<Reply>((resolve) => {
      timer = setTimeout(() => resolve(errorReply(504, `The package is still building after ${limits.requestTimeoutMs} ms; try again shortly`, { 'retry-after': '5' })), limits.requestTimeoutMs)
    })
    const work = cdnRoute(cdn, pathname)
    work.catch(() => {})
    try {
      return await Promise.race([work, late])
    } finally {
      clearTimeout(timer)
    }
  }

  async function route(req: IncomingMessage): Promise<Reply> {
    const raw = req.url ?? '/'
    if (raw.length > limits.maxUrlLength) return errorReply(414, `The request URL is longer than this server's limit of ${limits.maxUrlLength} characters`)
    if (!raw.startsWith('/')) return errorReply(400, 'The request target must be a path')
    const url = new URL(raw, 'http://esmap.invalid')
    const method = req.method ?? 'GET'
    if (method === 'OPTIONS') return { status: 204, headers: { ...PREFLIGHT }, body: new Uint8Array() }
    const pathname = raw.split('?')[0]!
    if (pathname === '/generate') return method === 'GET' || method === 'HEAD' || method === 'POST' ? generateRoute(req, url) : methodNotAllowed('GET, HEAD, POST')
    if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed('GET, HEAD')
    if (pathname === '/') return jsonReply(200, INDEX)
    if (pathname.startsWith('/build/')) return buildRoute({ packages, token, waitMs: limits.requestTimeoutMs }, pathname.slice('/build/'.length), tokenOf(req, url))
    return (await cdnWithin(pathname)) ?? errorReply(404, `Not found: ${pathname.slice(0, 300)}; package files are at /npm:<name>@<version>/<path>`)
  }

  return {
    listener(req, res) {
      const started = performance.now()
      route(req)
        .catch((err: unknown) => unexpected(err, log))
        .then((reply) => {
          const status = writeReply(req, res, reply)
          // The path only: a query may carry a token.
          log('http', `${req.method} ${(req.url ?? '/').split('?')[0]!.slice(0, 300)} ${status} ${Math.round(performance.now() - started)}ms`)
        })
        .catch(() => res.destroy())
    },
    baseUrl,
    storage,
    store,
    packages,
    registry,
    buildQueue,
  }
}
