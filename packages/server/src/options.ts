import { join } from 'node:path'
import { resolveProviderConfig, type FetchLike, type Logger, type ProviderConfig } from '@esmap/core'
import type { BuildOptions } from '@esmap/builder'
import type { PackageBuilder } from './build/types.js'
import { esmapBuilder } from './build/esmap-builder.js'
import type { Storage } from './storage/types.js'

/** Per-request and per-package limits. Every one answers with a clear JSON error when reached. */
export interface ServerLimits {
  /** Largest request body, in bytes (413). @default 1_000_000 */
  maxBodyBytes: number
  /** Longest request URL, in characters (414). @default 8192 */
  maxUrlLength: number
  /** Install targets per `/generate` (400). @default 64 */
  maxInstalls: number
  /** Modules one `/generate` may trace (400). @default 10_000 */
  maxGraphModules: number
  /** Time one `/generate` may take, and a CDN request may wait for a build, in ms (504). @default 60_000 */
  requestTimeoutMs: number
  /** Requests one `/generate` may send to the registry and providers. @default 2_000 */
  maxUpstreamRequests: number
  /** `/generate` runs at once; identical concurrent requests share one run. @default 8 */
  maxConcurrentGenerates: number
  /** `/generate` runs waiting for a slot before new ones get 503. @default 64 */
  maxPendingGenerates: number
  /** Largest unpacked package a build accepts, in bytes (its error file says so). @default 268_435_456 (256 MiB) */
  maxPackageBytes: number
  /** Builds waiting for a slot before new ones get 503. @default 256 */
  maxPendingBuilds: number
}

/** Options of `createServer` / `startServer`. */
export interface ServerOptions {
  /** The interface to listen on. @default '127.0.0.1' */
  host?: string
  /** The port; `0` picks a free one. @default 8790 (DEFAULT_PORT) */
  port?: number
  /**
   * The URL browsers reach the server at (behind a proxy, a CDN): module URLs, redirects and
   * generated maps use it. Ends in `/`. @default `http://<host>:<port>/`
   */
  publicUrl?: string
  /** The npm registry packages come from. @default 'https://registry.npmjs.org/' */
  registry?: string
  /** Where built packages are stored (the filesystem store). @default '<cwd>/.esmap-server' */
  storageDir?: string
  /** Another store (an object store): takes the place of `storageDir`. @default a filesystem store in storageDir */
  storage?: Storage
  /** Turns a package into browser ES modules. `rawBuilder` serves ES module packages as published. @default `@esmap/builder` with `buildOptions` */
  builder?: PackageBuilder
  /**
   * Options of the default builder: `conditions` (one build per version, so one condition set per
   * server), `overrides`, `minify`, `sourcemap`, `polyfills`.
   * @default @esmap/builder's defaults: conditions ['browser', 'production', 'module'], source maps, no minification
   */
  buildOptions?: BuildOptions
  /** Builds at once. @default 4 */
  buildConcurrency?: number
  /** The rebuild token of `/build?token=` (compared in constant time, never logged). @default undefined (rebuilds disabled) */
  token?: string
  /** Providers `/generate` may use (`provider` argument); `esmap` is this server. Others are fetched from their `providerConfig` URLs. @default ['esmap'] */
  providers?: readonly string[]
  /** Options of the other providers (`{ 'jspm.io': { cdnUrl } }`); their base URLs' origins become fetchable. @default {} */
  providerConfig?: ProviderConfig
  /** How long version lists and packuments are reused, in ms. @default 60_000 */
  metadataTtl?: number
  /** Bytes of built files and registry answers kept in memory (each). @default 67_108_864 (64 MiB) */
  memoryCacheBytes?: number
  limits?: Partial<ServerLimits>
  /** The fetch used for the registry and providers. @default globalThis.fetch */
  fetch?: FetchLike
  /** Receives log lines (`http`, `build`, `generate`). Tokens and query strings are never logged. @default no logging */
  log?: Logger
}

/** The port `startServer` listens on by default (`esmap serve`). */
export const DEFAULT_PORT = 8790

export const DEFAULT_LIMITS: Readonly<ServerLimits> = {
  maxBodyBytes: 1_000_000,
  maxUrlLength: 8192,
  maxInstalls: 64,
  maxGraphModules: 10_000,
  requestTimeoutMs: 60_000,
  maxUpstreamRequests: 2_000,
  maxConcurrentGenerates: 8,
  maxPendingGenerates: 64,
  maxPackageBytes: 256 * 1024 * 1024,
  maxPendingBuilds: 256,
}

/** {@link ServerOptions} with every default applied (except `publicUrl`, known once listening). */
export interface ResolvedServerOptions {
  host: string
  port: number
  publicUrl: string | undefined
  registry: string
  storageDir: string
  storage: Storage | undefined
  builder: PackageBuilder
  buildConcurrency: number
  token: string | undefined
  providers: readonly string[]
  providerConfig: ProviderConfig
  /** The origins `/generate` may fetch: the registry and the allowed providers' CDNs. */
  allowedOrigins: string[]
  metadataTtl: number
  memoryCacheBytes: number
  limits: ServerLimits
  fetch: FetchLike
  log: Logger
}

const withSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`)

/** The CDN origin of an allowed provider (from providerConfig, or the provider's default). */
function providerOrigins(providers: readonly string[], config: ProviderConfig): string[] {
  const resolved = resolveProviderConfig(config) as unknown as Record<string, { cdnUrl?: string; systemCdnUrl?: string } | undefined>
  const custom = resolved.custom as Record<string, { cdnUrl?: unknown } | undefined>
  const origins: string[] = []
  for (const name of providers) {
    if (name === 'esmap') continue
    const entry = resolved[name] ?? custom[name]
    for (const url of [entry?.cdnUrl, (entry as { systemCdnUrl?: string } | undefined)?.systemCdnUrl]) {
      if (typeof url === 'string' && URL.canParse(url)) origins.push(new URL(url).origin)
    }
  }
  return origins
}

/** Options → resolved options, every default in one place. Reads `process.cwd()` only for the default storageDir. */
export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  const registry = withSlash(options.registry ?? 'https://registry.npmjs.org/')
  const providers = options.providers ?? ['esmap']
  const providerConfig = options.providerConfig ?? {}
  const log = options.log ?? ((): void => {})
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? DEFAULT_PORT,
    publicUrl: options.publicUrl === undefined ? undefined : withSlash(options.publicUrl),
    registry,
    storageDir: options.storageDir ?? join(process.cwd(), '.esmap-server'),
    storage: options.storage,
    builder: options.builder ?? esmapBuilder(options.buildOptions, (message) => log('build', message)),
    buildConcurrency: options.buildConcurrency ?? 4,
    token: options.token,
    providers,
    providerConfig,
    allowedOrigins: [...new Set([new URL(registry).origin, ...providerOrigins(providers, providerConfig)])],
    metadataTtl: options.metadataTtl ?? 60_000,
    memoryCacheBytes: options.memoryCacheBytes ?? 64 * 1024 * 1024,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    fetch: options.fetch ?? globalThis.fetch,
    log,
  }
}
