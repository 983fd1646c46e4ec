/** What is kept in the cache and for how long. Pure functions of the response and the clock. */

/** Statuses stored: successes, and "not found" (so an offline run sees the same 404s as the warm run). */
const storedStatuses: ReadonlySet<number> = new Set([200, 203, 404, 410])

function directives(headers: Readonly<Record<string, string>>): string[] {
  return (headers['cache-control'] ?? '').toLowerCase().split(',').map((d) => d.trim())
}

/**
 * Whether a response may be written to the cache at all. `cache-control: no-store` is honoured for
 * successes; a 404/410 is stored regardless (with the TTL), since it carries nothing private and an
 * offline run must see the same "not found" as the warm run did.
 */
export function isStorable(status: number, headers: Readonly<Record<string, string>>): boolean {
  if (status === 404 || status === 410) return true
  return storedStatuses.has(status) && !directives(headers).includes('no-store')
}

/**
 * Whether a response never changes: the caller says so (exact versions, tarballs), or the server does
 * with `cache-control: immutable`. Only successes are immutable; a 404 may turn into a publish later.
 */
export function isImmutable(status: number, headers: Readonly<Record<string, string>>, requested: boolean): boolean {
  return status >= 200 && status < 300 && (requested || directives(headers).includes('immutable'))
}

/** Whether a stored response may be reused without asking the server again. */
export function isFresh(stored: { immutable: boolean; storedAt: number }, now: number, ttl: number): boolean {
  return stored.immutable || now - stored.storedAt < ttl
}

/**
 * The cache key: the URL and the `accept` header, since one URL may serve several representations
 * (the npm registry's full and abbreviated documents).
 */
export function cacheKey(url: string, headers: Readonly<Record<string, string>>): string {
  return `GET ${url}\naccept: ${headers.accept ?? ''}`
}
