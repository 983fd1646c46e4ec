import type { FetchLike } from '../types.js'

/** `true`: read and write the disk cache; `false`: neither; `'offline'`: cache only, never the network. */
export type CacheMode = boolean | 'offline'

/** Options of {@link createFetcher}. Every field is optional; defaults are resolved once, at creation. */
export interface FetcherOptions {
  /**
   * The `fetch` every request goes through (tests, proxies, custom agents).
   * @default globalThis.fetch (Node's undici)
   */
  fetch?: FetchLike
  /** @default true */
  cache?: CacheMode
  /**
   * Where the disk cache lives. Entries go under `<cacheDir>/fetch-v1/`.
   * @default `$XDG_CACHE_HOME/esmap`, else `~/.cache/esmap` (`%LOCALAPPDATA%\esmap\cache` on Windows,
   * `~/Library/Caches/esmap` on macOS)
   */
  cacheDir?: string
  /**
   * How long a mutable response (version list, packument, 404) is reused without asking again, in ms.
   * Immutable responses are kept forever; with `cache: 'offline'` any entry is used regardless of age.
   * @default 300_000 (5 minutes)
   */
  ttl?: number
  /** Requests in flight at once per origin. @default 16 */
  concurrency?: number
  /** Retries after the first attempt (network errors, timeouts, truncated bodies, 429, 5xx). @default 4 */
  retries?: number
  /** Time limit of one attempt, including reading the body, in ms. @default 30_000 */
  timeout?: number
  /** Time limit of one request over all its attempts and waits, in ms. @default 120_000 */
  budget?: number
  /** Base of the exponential backoff, in ms: attempt n waits between base·2ⁿ⁻¹/2 and base·2ⁿ⁻¹. @default 200 */
  retryDelay?: number
  /** Upper bound of one backoff wait and of an honoured `retry-after`, in ms. @default 30_000 */
  maxRetryDelay?: number
  /** Headers sent with every request (the request's own headers win). @default { 'user-agent': 'esmap' } */
  headers?: Record<string, string>
  /**
   * Write the disk cache in the background: `fetch` answers before the bytes are on disk (this
   * fetcher still sees them), and `flush()` waits for the writes. The Generator does this and
   * flushes at the end of each trace. @default false (each `fetch` ends with its cache write)
   */
  backgroundWrites?: boolean
  /** Progress and diagnostics: every request, retry, cache hit and cache problem. */
  onEvent?: (event: FetchEvent) => void
  /** Environment used to find the default cache dir. @default process.env (read when the fetcher is created) */
  env?: Readonly<Record<string, string | undefined>>
  /** @default os.homedir() */
  homedir?: string
  /** Jitter source in [0, 1). @default Math.random */
  random?: () => number
  /** Clock for cache ages, in ms since the epoch. @default Date.now */
  now?: () => number
}

/** One request. */
export interface FetchRequest {
  /** Request headers (`accept`, `authorization`, ...). `accept` is part of the cache key. */
  headers?: Record<string, string>
  /**
   * The response never changes (an exact version's document, a tarball, a module of a published
   * version): it is cached forever. A response with `cache-control: immutable` is treated the same.
   * @default false
   */
  immutable?: boolean
  /**
   * Checks a 2xx body before it is cached or returned, from the network or the cache; throw to reject
   * it. A rejected body is neither cached nor retried, and the error reaches the caller as thrown.
   */
  validate?: (result: FetchResult) => void
  /** Cancels the request; not retried. */
  signal?: AbortSignal
}

/** A complete response: the body is fully read (and checked against `content-length`). */
export interface FetchResult {
  /** The URL that was asked for. */
  url: string
  /** The URL after redirects. */
  finalUrl: string
  status: number
  /** Lower-case names. Hop-by-hop and volatile headers (`date`, `set-cookie`, `content-length`, ...) are left out. */
  headers: Readonly<Record<string, string>>
  /** The body bytes (decoded from any content-encoding). Shared between deduplicated callers: treat as read-only. */
  body: Uint8Array
  /** True when the body came from the disk cache. */
  fromCache: boolean
  /** When the answer was fetched or last revalidated (ms since the epoch); from the cache entry on a hit. */
  storedAt?: number
  /** Whether the cache treats the answer as never changing (the request's `immutable`, or `cache-control: immutable`). */
  immutable?: boolean
}

/** Counters since the fetcher was created. */
export interface FetchStats {
  /** Network attempts started (a retried request counts once per attempt). */
  requests: number
  /** Body bytes received from the network. */
  bytes: number
  /** Requests answered from the disk cache without the network (304 revalidations included). */
  cacheHits: number
  /** Requests that found no usable cache entry. */
  cacheMisses: number
  /** Attempts that were retried. */
  retries: number
  /** Calls that joined a request already in flight for the same URL. */
  deduped: number
}

export type FetchEvent =
  | { type: 'request'; url: string; attempt: number }
  | { type: 'response'; url: string; status: number; bytes: number; attempt: number }
  | { type: 'retry'; url: string; attempt: number; delay: number; reason: string }
  | { type: 'cache-hit'; url: string }
  | { type: 'cache-miss'; url: string }
  | { type: 'cache-corrupt'; url: string; reason: string }
  | { type: 'cache-write-failed'; url: string; reason: string }

/** What {@link createFetcher} returns. All state (cache handle, in-flight map, counters) lives here. */
export interface Fetcher {
  /**
   * Fetches `url` (GET). Any final HTTP status is a result, 404 included; only network failures after
   * the retries, and `'offline'` cache misses, throw (`ESMAP_FETCH_FAILED`, `ESMAP_OFFLINE_MISS`).
   */
  fetch(url: string, request?: FetchRequest): Promise<FetchResult>
  /** The parsed JSON body; `undefined` for 404/410; throws `ESMAP_FETCH_FAILED` for another non-2xx status. */
  json(url: string, request?: FetchRequest): Promise<unknown>
  /** The body bytes; `undefined` for 404/410; throws `ESMAP_FETCH_FAILED` for another non-2xx status. */
  bytes(url: string, request?: FetchRequest): Promise<Uint8Array | undefined>
  /**
   * What `spec.derive` makes of the answer for `url`, kept in the cache beside the answer and just as
   * fresh: while the answer may be reused, the derived value is read instead of the answer (a compact
   * packument instead of megabytes of JSON). Not cached for answers that are not 2xx.
   */
  derived<T>(url: string, request: FetchRequest, spec: DeriveSpec<T>): Promise<T>
  /** Immutable derived records (JSON) by content-addressed key, kept in the same cache (memory only with `cache: false`). */
  readonly records: RecordStore
  /** Waits until every cache write started so far is on disk (writes run in the background). */
  flush(): Promise<void>
  /** A snapshot of the counters. */
  stats(): FetchStats
  /** Removes every entry of this fetcher's disk cache. */
  clearCache(): Promise<void>
  /** The resolved cache directory (even when `cache: false`). */
  readonly cacheDir: string
  readonly cacheMode: CacheMode
}

/** How {@link Fetcher.derived} turns an answer into a value worth caching. */
export interface DeriveSpec<T> {
  /** Names the derivation and its format: change it when `derive` changes what it returns. */
  name: string
  derive(result: FetchResult): T
}

/**
 * JSON values by key, kept in the fetcher's cache: mostly under keys that name their content
 * (`npm-index-v1 npm sha512-…`, written once and never stale); a record may also be rewritten
 * (entries stamped by their caller). Reads are verified; a corrupt record reads as missing.
 * Writes never throw (a full disk is not a failure).
 */
export interface RecordStore {
  get<T>(key: string): Promise<T | undefined>
  /** Resolves once written, or at once with `backgroundWrites` ({@link Fetcher.flush} waits then). */
  put(key: string, value: unknown): Promise<void>
}
