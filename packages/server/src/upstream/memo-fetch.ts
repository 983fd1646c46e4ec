import type { FetchLike } from '@esmap/core'
import { createLru } from '../build/lru.js'

export interface MemoFetchOptions {
  fetch: FetchLike
  /** How long a packument (or a 404) is reused, in ms; tarballs are kept until evicted. */
  ttl: number
  /** Bytes of bodies kept. @default 64 MiB */
  maxBytes?: number
  now?: () => number
}

interface Stored {
  status: number
  statusText: string
  headers: [string, string][]
  body: Uint8Array
  expires: number
}

/**
 * A shared in-memory cache in front of the registry, so that many `/generate` requests (each
 * with its own Generator) ask the registry once per `ttl`: GET answers `200` and `404` are kept,
 * anything else (5xx, 429) never is. Concurrent identical requests share one upstream request.
 * Requests with an `authorization` header bypass it.
 */
export function createMemoFetch(options: MemoFetchOptions): FetchLike {
  const now = options.now ?? Date.now
  const cache = createLru<Stored>(options.maxBytes ?? 64 * 1024 * 1024, (s) => s.body.byteLength + 512)
  const inflight = new Map<string, Promise<Stored>>()
  const toResponse = (s: Stored, url: string): Response => {
    const empty = s.status === 204 || s.status === 304 || (s.status >= 300 && s.status < 400 && s.body.byteLength === 0)
    const response = new Response(empty ? null : s.body.slice(), { status: s.status, statusText: s.statusText, headers: s.headers })
    Object.defineProperty(response, 'url', { value: url })
    return response
  }

  return async (input, init = {}) => {
    const url = String(input instanceof URL ? input.href : input)
    const headers = new Headers(init.headers)
    if ((init.method ?? 'GET') !== 'GET' || headers.has('authorization')) return options.fetch(input, init)
    const key = `${init.redirect ?? 'follow'} ${headers.get('accept') ?? ''} ${url}`
    const hit = cache.get(key)
    if (hit && hit.expires > now()) return toResponse(hit, url)
    let pending = inflight.get(key)
    if (!pending) {
      // No caller's signal: the shared request finishes for whoever still waits.
      pending = (async (): Promise<Stored> => {
        const response = await options.fetch(url, { ...init, signal: undefined })
        const stored: Stored = {
          status: response.status,
          statusText: response.statusText,
          // The body is decoded here: its transfer headers no longer describe it.
          headers: [...response.headers].filter(([name]) => name !== 'content-encoding' && name !== 'content-length'),
          body: new Uint8Array(await response.arrayBuffer()),
          expires: now() + (/\.tgz$/.test(new URL(url).pathname) ? 365 * 24 * 3600_000 : options.ttl),
        }
        // Only answers that will not change soon are kept: 200 and 404, never 5xx or 429.
        if (stored.status === 200 || stored.status === 404) cache.set(key, stored)
        return stored
      })()
      inflight.set(key, pending)
      const forget = (): void => void inflight.delete(key)
      pending.then(forget, forget)
    }
    const signal = init.signal ?? undefined
    const stored = await (signal
      ? Promise.race([
          pending,
          new Promise<never>((_, reject) => {
            if (signal.aborted) reject(signal.reason)
            signal.addEventListener('abort', () => reject(signal.reason), { once: true })
          }),
        ])
      : pending)
    return toResponse(stored, url)
  }
}
