import { EsmapError } from '../errors.js'
import type { Registry } from '../types.js'

/**
 * Remembers `fn`'s promise per argument list for the life of one client, so that a packument or a
 * tarball is fetched once per run however many callers ask. A rejected call is forgotten, so a
 * later call may try again.
 */
export function memoize<A extends string[], T>(fn: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  const memo = new Map<string, Promise<T>>()
  return (...args: A): Promise<T> => {
    const key = args.join('\0')
    let promise = memo.get(key)
    if (!promise) {
      promise = fn(...args)
      memo.set(key, promise)
      promise.catch(() => memo.delete(key))
    }
    return promise
  }
}

/** Throws when a client is asked about a registry it does not serve (a routing mistake, not "not found"). */
export function requireRegistry(served: readonly Registry[], registry: Registry, client: string): void {
  if (!served.includes(registry)) throw unsupportedRegistry(served, registry, client)
}

export function unsupportedRegistry(served: readonly Registry[], registry: Registry, client: string): EsmapError {
  return new EsmapError('ESMAP_UNSUPPORTED_REGISTRY', `The ${client} client cannot look up packages of the "${registry}" registry.`, {
    specifier: `${registry}:`,
    fix: `Route "${registry}:" packages to a source that serves them (${served.map((r) => `"${r}"`).join(', ')} are served here).`,
  })
}
