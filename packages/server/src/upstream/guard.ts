import type { FetchLike } from '@esmap/core'

/** A `fetch` that reaches only the origins it was given, and reports what it refused. */
export interface GuardedFetch {
  fetch: FetchLike
  /** URLs refused so far (not on an allowed origin, or not http/https), in order; the first 100. */
  readonly blocked: readonly string[]
  /** Requests let through so far (each redirect hop counts). */
  readonly requests: number
}

export interface GuardOptions {
  /** Origins (`https://registry.npmjs.org`) that may be fetched. */
  allow: Iterable<string>
  /** The fetch requests go through once allowed. */
  fetch: FetchLike
  /** Aborts every request (the per-request time limit). */
  signal?: AbortSignal
  /** Requests allowed in total; later ones are refused like a foreign origin. @default Infinity */
  maxRequests?: number
  /** Redirect hops followed per request, each checked against `allow`. @default 5 */
  maxRedirects?: number
}

const forbidden = (url: string, why: string): Response =>
  new Response(JSON.stringify({ error: `esmap server: ${why}: ${url}` }), {
    status: 403,
    statusText: 'Forbidden',
    headers: { 'content-type': 'application/json' },
  })

/**
 * Guards the server's outgoing requests (SSRF): a URL is fetched only when its origin is
 * allowed, and redirects are followed by hand so that every hop is checked too. A refused request
 * answers `403` (which the fetch layer does not retry) and is recorded in `blocked`.
 */
export function createGuardedFetch(options: GuardOptions): GuardedFetch {
  const allow = new Set([...options.allow].map((o) => new URL(o).origin))
  const maxRequests = options.maxRequests ?? Infinity
  const maxRedirects = options.maxRedirects ?? 5
  const blocked: string[] = []
  let requests = 0

  const refuse = (url: string, why: string): Response => {
    // Only the first refusals are kept: enough to report, bounded for a long-lived guard.
    if (blocked.length < 100) blocked.push(url)
    return forbidden(url, why)
  }

  const fetch: FetchLike = async (input, init = {}) => {
    let url = String(input instanceof URL ? input.href : input)
    const signal = options.signal && init.signal ? AbortSignal.any([options.signal, init.signal]) : (options.signal ?? init.signal ?? undefined)
    for (let hop = 0; ; hop++) {
      const parsed = URL.canParse(url) ? new URL(url) : undefined
      if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !allow.has(parsed.origin)) {
        return refuse(url, 'this server fetches only from its registry and configured providers, not')
      }
      if (requests >= maxRequests) return refuse(url, `the request limit of ${maxRequests} upstream requests is reached at`)
      requests++
      const response = await options.fetch(url, { ...init, signal, redirect: 'manual' })
      const location = response.headers.get('location')
      if (response.status < 300 || response.status > 399 || location === null) return response
      if (hop >= maxRedirects) return refuse(url, `more than ${maxRedirects} redirects at`)
      await response.body?.cancel()
      url = new URL(location, url).href
    }
  }

  return {
    fetch,
    get blocked() {
      return blocked
    },
    get requests() {
      return requests
    },
  }
}
