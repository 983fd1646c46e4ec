import { createHash } from 'node:crypto'
import { createServer, STATUS_CODES } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { deliver, pause } from './deliver.js'
import { createFaultTable, DEFAULT_FAULT_LIMITS } from './faults.js'
import type { FaultControls, FaultLimits, FaultPlan, FaultRule, FaultTable } from './faults.js'
import { fixturesDir } from './paths.js'
import { CACHE, CORS, jsonReply, textReply } from './reply.js'
import type { Reply } from './reply.js'
import { createRequestLog } from './request-log.js'
import type { RequestLog, RequestRecorder } from './request-log.js'
import type { FixtureUrls, RouteContext, ServiceName } from './routes/context.js'
import { ROUTES, SERVICES } from './routes/index.js'
import { loadFixtures } from './store.js'
import type { FixtureStore, InlineFixture } from './store.js'
import { packTarball } from './tarball.js'
import type { Tarball } from './tarball.js'

/** Options of `startFixtureServer`. */
export interface StartFixtureServerOptions {
  /** More fixture roots, laid out like `test/fixtures/` (`packages/`, `jsr/`, `deno/`). @default [] */
  roots?: readonly string[]
  /** Serve the built-in fixtures of `test/fixtures/`. @default true */
  builtins?: boolean
  /** Package versions given in code. @default [] */
  packages?: readonly InlineFixture[]
  /** Bounds on the fault knobs. @default DEFAULT_FAULT_LIMITS (5000 ms latency, 5000 ms drip) */
  limits?: Partial<FaultLimits>
  /** Fault rules in effect from the first request. @default [] */
  faults?: readonly FaultRule[]
}

/** A running fixture server. Close it with `close()` or `await using`. */
export interface FixtureServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  readonly port: number
  /** Base URL of every service, each ending with `/`. */
  readonly urls: FixtureUrls
  readonly faults: FaultControls
  readonly log: RequestLog
  /** The fixtures being served (for computing expected values in tests). */
  readonly store: FixtureStore
  /** Stop listening and destroy every open socket. Idempotent. */
  close(): Promise<void>
}

interface ResolvedOptions {
  roots: string[]
  packages: readonly InlineFixture[]
  limits: FaultLimits
  faults: readonly FaultRule[]
}

function resolveOptions(options: StartFixtureServerOptions): ResolvedOptions {
  return {
    roots: [...(options.builtins === false ? [] : [fixturesDir]), ...(options.roots ?? [])],
    packages: options.packages ?? [],
    limits: { ...DEFAULT_FAULT_LIMITS, ...options.limits },
    faults: options.faults ?? [],
  }
}

/** The reply a `status` fault sends instead of the real answer. */
function faultReply(outcome: Extract<FaultPlan['outcome'], { kind: 'status' }>): Reply {
  const retryAfter = outcome.retryAfter ?? (outcome.status === 429 || outcome.status === 503 ? 0 : undefined)
  return jsonReply(
    outcome.status,
    { error: `Fault injected: ${outcome.status} ${STATUS_CODES[outcome.status] ?? ''}`.trim() },
    { ...CORS, 'cache-control': CACHE.none, ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }) },
  )
}

/** Answer 304 when the client already has this exact body. */
function conditional(reply: Reply, ifNoneMatch: string | undefined): Reply {
  if (reply.status !== 200) return reply
  const etag = `"${createHash('sha1').update(reply.body).digest('base64url')}"`
  const headers: Record<string, string> = { ...reply.headers, etag }
  if (ifNoneMatch?.split(',').some((t) => t.trim() === etag)) {
    const { 'content-type': _type, ...rest } = headers
    return { status: 304, headers: rest, body: new Uint8Array() }
  }
  return { ...reply, headers }
}

interface Served {
  ctx: RouteContext
  faults: FaultTable
  log: RequestRecorder
  limits: FaultLimits
}

function answer(req: IncomingMessage, service: ServiceName | undefined, rest: string, served: Served): Reply {
  const method = req.method ?? 'GET'
  if (method === 'OPTIONS') {
    return { status: 204, headers: { ...CORS, 'access-control-allow-methods': 'GET, HEAD', 'access-control-allow-headers': '*' }, body: new Uint8Array() }
  }
  if (method !== 'GET' && method !== 'HEAD') return textReply(405, `Method ${method} not allowed`, { allow: 'GET, HEAD, OPTIONS' })
  if (service === undefined) return textReply(404, `Unknown service; the fixture server serves /${SERVICES.join('/, /')}/`)
  try {
    return conditional(ROUTES[service]({ path: rest, headers: req.headers }, served.ctx), req.headers['if-none-match'])
  } catch (err) {
    if (err instanceof URIError) return textReply(400, `Bad percent-encoding in ${req.url ?? ''}`)
    // A bug in a route or a fixture: report it to the client, never silently.
    return textReply(500, `Fixture server error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, served: Served): Promise<void> {
  const url = req.url ?? '/'
  const path = url.split('?')[0] ?? url
  const m = /^\/([^/]+)\/(.*)$/.exec(path)
  const service = SERVICES.find((s) => s === m?.[1])
  const entry = served.log.begin({ method: req.method ?? 'GET', path, url, service })
  // 'finish' (all bytes handed to the OS) comes first for a complete response; 'close' for any other.
  let ended = false
  const end = (): void => {
    if (!ended) served.log.end(entry, res.writableFinished)
    ended = true
  }
  res.on('finish', end)
  res.on('close', end)
  const plan = served.faults.plan(path, service)
  entry.faults = plan.kinds
  await pause(res, plan.latencyMs)
  if (res.destroyed) return
  if (plan.outcome?.kind === 'drop' && plan.outcome.at === 'before-headers') {
    req.socket.destroy()
    return
  }
  const reply = plan.outcome?.kind === 'status' ? faultReply(plan.outcome) : answer(req, service, m?.[2] ?? '', served)
  entry.status = reply.status
  await deliver(res, reply, plan, served.limits, req.method === 'HEAD')
}

/**
 * Start the loopback fixture registry/CDN on 127.0.0.1 with an ephemeral port. Each service of
 * `urls` is served under its own path prefix of the one origin.
 */
export async function startFixtureServer(options: StartFixtureServerOptions = {}): Promise<FixtureServer> {
  const resolved = resolveOptions(options)
  const store = await loadFixtures(resolved.roots, resolved.packages)
  const faults = createFaultTable(resolved.limits)
  for (const rule of resolved.faults) faults.add(rule)
  const log = createRequestLog()
  const tarballs = new Map<string, Tarball | undefined>()
  // Filled in once the port is known, which is before any request can arrive.
  const urls = {} as FixtureUrls
  const ctx: RouteContext = {
    store,
    urls,
    tarball(name, version) {
      const key = `${name}@${version}`
      if (!tarballs.has(key)) {
        const files = store.get('npm', name)?.versions.get(version)
        tarballs.set(key, files && packTarball(files))
      }
      return tarballs.get(key)
    },
  }
  const served: Served = { ctx, faults, log, limits: resolved.limits }
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    // Writing can only fail when the socket is gone; the log already records it as incomplete.
    handle(req, res, served).catch(() => res.destroy())
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('clientError', (_err, socket) => socket.destroy())
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const origin = `http://127.0.0.1:${port}`
  for (const service of SERVICES) urls[service] = `${origin}/${service}/`
  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
      for (const socket of sockets) socket.destroy()
    })
    return closing
  }
  return { origin, port, urls, faults, log, store, close, [Symbol.asyncDispose]: close }
}
