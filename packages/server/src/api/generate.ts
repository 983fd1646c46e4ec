import { Generator, isEsmapError, parseTarget, type FetchLike, type ImportMapJson, type Logger, type ProviderConfig } from '@esmap/core'
import type { PackageService } from '../build/service.js'
import type { PackageStore } from '../build/store.js'
import { CACHE, errorReply, jsonReply, type Reply } from '../http/reply.js'
import { createGuardedFetch, type GuardedFetch } from '../upstream/guard.js'
import type { RegistryAccess } from '../upstream/registry.js'
import type { GenerateArgs } from './args.js'
import { createBudget, type RequestBudget } from './budget.js'
import { flattenToImports } from './flatten.js'
import { packageGraph, type PackageGraph } from './graph.js'
import { createServerProvider } from './provider.js'
import { argsProblem } from './validate.js'

/** What `/generate` answers on success (no `error` field, ever). */
export interface GenerateResult {
  /** Every module the installs reach through static imports (what to preload). */
  staticDeps: string[]
  /** Modules reached only through dynamic `import()`. */
  dynamicDeps: string[]
  map: ImportMapJson
  /** With `graph: true`: package base URL → path → dependencies. */
  graph?: PackageGraph
}

/** The per-request limits of `/generate`. */
export interface GenerateLimits {
  maxInstalls: number
  maxGraphModules: number
  requestTimeoutMs: number
  /** Requests one `/generate` may send upstream (registry and providers). */
  maxUpstreamRequests: number
}

export interface GenerateContext {
  /** The server's public base URL, ending in `/`. */
  baseUrl: string
  registry: RegistryAccess
  packages: PackageService
  store: PackageStore
  /** The shared (cached) fetch to the registry and providers; each request guards it again. */
  upstream: FetchLike
  /** Origins a Generator may fetch from: the registry and the configured providers' CDNs. */
  allowedOrigins: readonly string[]
  /** Provider names `provider` may name; `esmap` is this server. */
  providers: readonly string[]
  providerConfig: ProviderConfig
  limits: GenerateLimits
  log: Logger
}

/**
 * The map URL the Generator works against. It is on an origin of its own (`.invalid` is reserved,
 * RFC 6761), so no output URL is ever written relative to it.
 */
export const MAP_URL = 'https://generate.esmap.invalid/'

const isForeign = (ctx: GenerateContext, address: string | null | undefined): boolean => {
  if (typeof address !== 'string' || !/^https?:/.test(address)) return false
  return !address.startsWith(ctx.baseUrl) && !ctx.allowedOrigins.includes(new URL(address).origin)
}

/** The bare specifiers the installs map (`lit`, `lit/decorators.js`), plus the input map's pins. */
function rootsOf(args: GenerateArgs, pins: readonly string[]): string[] {
  const roots = new Set(pins)
  for (const input of args.install) {
    const target = parseTarget(input)
    if (target.kind !== 'package') continue
    for (const subpath of target.subpaths) roots.add(subpath === '.' ? target.alias : `${target.alias}${subpath.slice(1)}`)
  }
  return [...roots]
}

/** A module from an allowed provider's CDN, through the request's guard. */
async function fetchBytes(guard: GuardedFetch, url: string): Promise<Uint8Array | undefined> {
  const response = await guard.fetch(url)
  return response.ok ? new Uint8Array(await response.arrayBuffer()) : undefined
}

/** The HTTP status and message for a failed generation. */
function failure(ctx: GenerateContext, err: unknown, budget: RequestBudget, guard: GuardedFetch): Reply {
  if (budget.exceeded === 'time') return errorReply(504, (budget.signal.reason as Error).message)
  if (budget.exceeded === 'graph') return errorReply(400, (budget.signal.reason as Error).message)
  if (guard.blocked.length > 0) {
    return errorReply(400, `This server does not fetch ${guard.blocked[0]}: it fetches only from its registry (${ctx.registry.url}) and its configured providers, never from URLs a request names.`)
  }
  if (!isEsmapError(err)) {
    ctx.log('generate', `internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
    return errorReply(500, 'Internal error while generating the map')
  }
  const code = err.code
  const status = /NOT_FOUND|NOT_EXPORTED|NO_MATCH/.test(code)
    ? 404
    : /^ESMAP_BUILD_(?!QUEUE)|^ESMAP_PACKAGE_TOO_LARGE$|^ESMAP_INVALID_PACKAGE_JSON$/.test(code)
      ? 422
      : code === 'ESMAP_BUILD_QUEUE_FULL'
        ? 503
        : /^ESMAP_(FETCH_FAILED|INVALID_RESPONSE|INTEGRITY_MISMATCH)$/.test(code)
          ? 502
          : 400
  return errorReply(status, err.message)
}

/** Runs the Generator for one request, within its limits; every answer is JSON. */
export async function generate(ctx: GenerateContext, args: GenerateArgs): Promise<Reply> {
  const problem = argsProblem(args, ctx.limits)
  if (problem) return errorReply(400, problem)
  const provider = args.provider ?? 'esmap'
  if (!ctx.providers.includes(provider.split('#')[0]!)) {
    return errorReply(400, `Unknown provider ${JSON.stringify(provider)}; this server offers ${ctx.providers.map((p) => JSON.stringify(p)).join(', ')}`)
  }
  const budget = createBudget({ timeoutMs: ctx.limits.requestTimeoutMs, maxModules: ctx.limits.maxGraphModules })
  const guard = createGuardedFetch({ allow: ctx.allowedOrigins, fetch: ctx.upstream, signal: budget.signal, maxRequests: ctx.limits.maxUpstreamRequests })
  const esmap = createServerProvider({ baseUrl: ctx.baseUrl, registry: ctx.registry, packages: ctx.packages, store: ctx.store, budget })
  // Input map entries on other origins are kept as given and never traced, so never fetched.
  const foreignPins = Object.entries(args.inputMap?.imports ?? {}).filter(([, address]) => isForeign(ctx, address)).map(([key]) => key)
  const stopped = new Promise<never>((_, reject) => budget.signal.addEventListener('abort', () => reject(budget.signal.reason), { once: true }))
  stopped.catch(() => {})
  try {
    const generator = new Generator({
      env: args.env,
      defaultProvider: provider,
      customProviders: { esmap },
      providerConfig: ctx.providerConfig,
      inputMap: args.inputMap,
      ignore: foreignPins,
      registry: ctx.registry.url,
      fetch: guard.fetch,
      cache: false,
      mapUrl: MAP_URL,
      cwd: '/',
    })
    const result = await Promise.race([generator.install(args.install.length > 0 ? args.install : undefined), stopped])
    const map = args.flattenScope ? flattenToImports(generator.getMap()) : generator.getMap()
    const body: GenerateResult = { staticDeps: result.staticDeps, dynamicDeps: result.dynamicDeps, map }
    if (args.graph) {
      const pins = Object.keys(args.inputMap?.imports ?? {}).filter((k) => !foreignPins.includes(k))
      body.graph = await Promise.race([
        packageGraph(rootsOf(args, pins), MAP_URL, {
          resolve: (specifier, parent) => generator.resolve(specifier, parent),
          load: (url) => (esmap.match(url) ? esmap.load(url) : isForeign(ctx, url) ? Promise.resolve(undefined) : fetchBytes(guard, url)),
          packageBase: (url) => {
            const owner = esmap.match(url)
            return owner ? esmap.base(owner.pkg) : new URL('./', url).href
          },
        }),
        stopped,
      ])
    }
    return jsonReply(200, body, CACHE.short)
  } catch (err) {
    return failure(ctx, err, budget, guard)
  } finally {
    budget.dispose()
  }
}
