import { join } from 'node:path'
import { EsmapError } from '../errors.js'
import { createDiskCache, type CacheRead, type DiskCache, type StoredResponse } from './disk-cache.js'
import { createKeyedLimiter } from './limiter.js'
import { fetchWithRetries, type NetworkContext, type NetworkResponse } from './network.js'
import { resolveFetcherOptions, type ResolvedFetcherOptions } from './options.js'
import { cacheKey, isFresh, isImmutable, isStorable } from './policy.js'
import { assertOk, isNotFound, parseJsonBody } from './read.js'
import { createRecordStore } from './records.js'
import type { DeriveSpec, Fetcher, FetcherOptions, FetchRequest, FetchResult, FetchStats } from './types.js'

const textDecoder = new TextDecoder()

/** The fetcher's namespace inside `cacheDir`; bump the version when the entry format changes. */
const cacheFolder = 'fetch-v1'

function lowerCaseHeaders(...sources: (Readonly<Record<string, string>> | undefined)[]): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const source of sources) for (const [name, value] of Object.entries(source ?? {})) headers[name.toLowerCase()] = value
  return headers
}

const fromStored = (url: string, stored: StoredResponse): FetchResult => ({
  url,
  finalUrl: stored.finalUrl,
  status: stored.status,
  headers: stored.headers,
  body: stored.body,
  fromCache: true,
  storedAt: stored.storedAt,
  immutable: stored.immutable,
})

const isSuccess = (status: number): boolean => status >= 200 && status < 300

/** Headers that let the server answer 304 for a stale entry instead of resending the body. */
function conditionalHeaders(stored: StoredResponse | undefined): Record<string, string> {
  if (!stored || !isSuccess(stored.status)) return {}
  const headers: Record<string, string> = {}
  if (stored.headers.etag) headers['if-none-match'] = stored.headers.etag
  if (stored.headers['last-modified']) headers['if-modified-since'] = stored.headers['last-modified']
  return headers
}

function offlineMiss(url: string, cacheDir: string): EsmapError {
  return new EsmapError('ESMAP_OFFLINE_MISS', `${url} is not in the cache at ${cacheDir}, and cache is 'offline', so the network was not used.`, {
    specifier: url,
    fix: 'Run once online with the same options (cache: true, same cacheDir) to fill the cache, then run offline again.',
  })
}

/**
 * The one door to the network: per-origin concurrency, in-flight deduplication, retries within a
 * budget, and a verified disk cache with `true` / `false` / `'offline'` modes. See {@link FetcherOptions}.
 */
export function createFetcher(options: FetcherOptions = {}): Fetcher {
  const opts: ResolvedFetcherOptions = resolveFetcherOptions(options)
  const emit = opts.onEvent
  const stats: FetchStats = { requests: 0, bytes: 0, cacheHits: 0, cacheMisses: 0, retries: 0, deduped: 0 }
  const network: NetworkContext = { options: opts, limiter: createKeyedLimiter(opts.concurrency), stats }
  const cacheRoot = join(opts.cacheDir, cacheFolder)
  const cache: DiskCache | undefined =
    opts.cache === false ? undefined : createDiskCache(cacheRoot)
  const inflight = new Map<string, Promise<FetchResult>>()

  /**
   * Cache writes run in the background (a response is returned before its bytes are on disk);
   * until a write ends, its entry is answered from here. `flush()` waits for all of them.
   */
  const background = options.backgroundWrites ?? false
  const writing = new Map<string, StoredResponse>()
  const writes = new Set<Promise<void>>()

  async function readCache(url: string, key: string): Promise<StoredResponse | undefined> {
    if (!cache) return undefined
    const pending = writing.get(key)
    if (pending) return pending
    let read: CacheRead
    try {
      read = await cache.read(key)
    } catch (err) {
      read = { kind: 'corrupt', reason: (err as Error).message }
    }
    if (read.kind === 'hit') return read.stored
    // A corrupt entry has been removed; it is reported and then treated as a miss, never returned.
    if (read.kind === 'corrupt') emit?.({ type: 'cache-corrupt', url, reason: read.reason })
    return undefined
  }

  /** Runs a cache write in the background; `flush()` waits for it. Never rejects. */
  function track(write: Promise<void>): Promise<void> {
    const done = write.finally(() => writes.delete(done))
    writes.add(done)
    return done
  }

  async function flush(): Promise<void> {
    while (writes.size > 0) await Promise.all([...writes])
  }

  /** A cached answer that may be used now, validated like a network one; `undefined` if there is none. */
  function usable(url: string, stored: StoredResponse | undefined, request: FetchRequest): FetchResult | undefined {
    if (!stored) return undefined
    if (opts.cache !== 'offline' && !isFresh(stored, opts.now(), opts.ttl)) return undefined
    const result = fromStored(url, stored)
    if (isSuccess(result.status)) request.validate?.(result)
    stats.cacheHits++
    emit?.({ type: 'cache-hit', url })
    return result
  }

  /** Writes an entry: in the background with `backgroundWrites`, else before the answer is returned. */
  async function store(key: string, url: string, response: StoredResponse): Promise<void> {
    if (!cache || !isStorable(response.status, response.headers)) return
    writing.set(key, response)
    const done = track(
      cache.write(key, response).then(
        () => undefined,
        // The response is still good; a full or read-only disk must not fail the build. Reported, not thrown.
        (err: unknown) => emit?.({ type: 'cache-write-failed', url, reason: (err as Error).message }),
      ).finally(() => {
        if (writing.get(key) === response) writing.delete(key)
      }),
    )
    if (!background) await done
  }

  async function load(url: string, key: string, headers: Record<string, string>, request: FetchRequest): Promise<FetchResult> {
    const stored = await readCache(url, key)
    const hit = usable(url, stored, request)
    if (hit) return hit
    if (opts.cache === 'offline') throw offlineMiss(url, cacheRoot)
    emit?.({ type: 'cache-miss', url })

    const res: NetworkResponse = await fetchWithRetries(network, url, { ...headers, ...conditionalHeaders(stored) }, request.signal)
    if (res.status === 304 && stored) {
      // Revalidated: the stored body is current again.
      const refreshed = { ...stored, storedAt: opts.now() }
      const result = fromStored(url, refreshed)
      request.validate?.(result)
      stats.cacheHits++
      emit?.({ type: 'cache-hit', url })
      await store(key, url, refreshed)
      return result
    }
    if (cache) stats.cacheMisses++
    const immutable = isImmutable(res.status, res.headers, request.immutable ?? false)
    const storedAt = opts.now()
    const result: FetchResult = { url, finalUrl: res.finalUrl, status: res.status, headers: res.headers, body: res.body, fromCache: false, storedAt, immutable }
    if (isSuccess(res.status)) request.validate?.(result)
    await store(key, url, { url, finalUrl: res.finalUrl, status: res.status, headers: res.headers, body: res.body, storedAt, immutable })
    return result
  }

  function fetchOne(url: string, request: FetchRequest = {}): Promise<FetchResult> {
    const headers = lowerCaseHeaders(opts.headers, request.headers)
    const key = cacheKey(url, headers)
    const running = inflight.get(key)
    if (running) {
      stats.deduped++
      return running
    }
    const promise = load(url, key, headers, request).finally(() => inflight.delete(key))
    inflight.set(key, promise)
    return promise
  }

  async function json(url: string, request: FetchRequest = {}): Promise<unknown> {
    const result = await fetchOne(url, { ...request, headers: { accept: 'application/json', ...request.headers } })
    if (isNotFound(result)) return undefined
    assertOk(result)
    return parseJsonBody(result)
  }

  async function bytes(url: string, request?: FetchRequest): Promise<Uint8Array | undefined> {
    const result = await fetchOne(url, request)
    if (isNotFound(result)) return undefined
    assertOk(result)
    return result.body
  }

  /**
   * Only the derived value is cached, not the answer it came from: it carries the answer's headers
   * (freshness, `etag`), so a stale one is revalidated like any entry and a 304 keeps it.
   */
  async function derived<T>(url: string, request: FetchRequest, spec: DeriveSpec<T>): Promise<T> {
    const headers = lowerCaseHeaders(opts.headers, request.headers)
    const key = `derived ${spec.name}\n${cacheKey(url, headers)}`
    const running = inflight.get(key)
    if (running) stats.deduped++
    const result = await ((running as Promise<FetchResult & { value: unknown }> | undefined) ?? startDerived(url, key, headers, request, spec))
    return result.value as T
  }

  function startDerived<T>(url: string, key: string, headers: Record<string, string>, request: FetchRequest, spec: DeriveSpec<T>): Promise<FetchResult & { value: unknown }> {
    const run = loadDerived(url, key, headers, request, spec).finally(() => inflight.delete(key))
    inflight.set(key, run)
    return run
  }

  async function loadDerived<T>(url: string, key: string, headers: Record<string, string>, request: FetchRequest, spec: DeriveSpec<T>): Promise<FetchResult & { value: unknown }> {
    const stored = await readCache(url, key)
    const parse = (entry: StoredResponse): { value: unknown } | undefined => {
      try {
        // `{ value }`: an `undefined` value (a 404) is stored as `{}`.
        const parsed = JSON.parse(textDecoder.decode(entry.body)) as { value?: unknown }
        return typeof parsed === 'object' && parsed !== null ? { value: parsed.value } : undefined
      } catch {
        return undefined
      }
    }
    const hit = stored && (opts.cache === 'offline' || isFresh(stored, opts.now(), opts.ttl)) ? parse(stored) : undefined
    if (stored && hit) {
      stats.cacheHits++
      emit?.({ type: 'cache-hit', url })
      return { ...fromStored(url, stored), ...hit }
    }
    if (opts.cache === 'offline') throw offlineMiss(url, cacheRoot)
    emit?.({ type: 'cache-miss', url })
    const res: NetworkResponse = await fetchWithRetries(network, url, { ...headers, ...conditionalHeaders(stored) }, request.signal)
    const previous = res.status === 304 && stored ? parse(stored) : undefined
    if (stored && previous) {
      const refreshed = { ...stored, storedAt: opts.now() }
      stats.cacheHits++
      emit?.({ type: 'cache-hit', url })
      await store(key, url, refreshed)
      return { ...fromStored(url, refreshed), ...previous }
    }
    if (cache) stats.cacheMisses++
    const immutable = isImmutable(res.status, res.headers, request.immutable ?? false)
    const storedAt = opts.now()
    const result: FetchResult = { url, finalUrl: res.finalUrl, status: res.status, headers: res.headers, body: res.body, fromCache: false, storedAt, immutable }
    if (isSuccess(res.status)) request.validate?.(result)
    const value = spec.derive(result)
    if (isSuccess(res.status) || value === undefined) {
      const body = new TextEncoder().encode(JSON.stringify({ value }))
      await store(key, url, { url, finalUrl: res.finalUrl, status: res.status, headers: res.headers, body, storedAt, immutable })
    }
    return { ...result, value }
  }

  return {
    fetch: fetchOne,
    json,
    bytes,
    derived,
    records: createRecordStore(cache, background ? (write) => void track(write) : undefined),
    flush,
    stats: () => ({ ...stats }),
    clearCache: () => createDiskCache(cacheRoot).clear(),
    cacheDir: opts.cacheDir,
    cacheMode: opts.cache,
  }
}

/** Removes esmap's fetch cache (the default location, or `cacheDir`) without creating a fetcher's other state. */
export async function clearCache(options: Pick<FetcherOptions, 'cacheDir' | 'env' | 'homedir'> = {}): Promise<void> {
  const { cacheDir } = resolveFetcherOptions({ ...options, fetch: globalThis.fetch })
  await createDiskCache(join(cacheDir, cacheFolder)).clear()
}
