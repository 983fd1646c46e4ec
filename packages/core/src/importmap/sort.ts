/**
 * The spec's order for specifier maps and scopes: "sorting in descending order, with an entry a
 * being less than an entry b if a's key is code unit less than b's key". A key therefore comes
 * before every key that is a prefix of it, so the most specific match is met first.
 */
export function codeUnitDescending(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0
}

/** The entries of `map` sorted by key, code-unit descending. */
export function sortedEntries<V>(map: ReadonlyMap<string, V>): [string, V][] {
  return [...map].sort(([a], [b]) => codeUnitDescending(a, b))
}

/** A copy of `map` with its entries sorted by key, code-unit descending. */
export function sortMap<V>(map: ReadonlyMap<string, V>): Map<string, V> {
  return new Map(sortedEntries(map))
}

/**
 * A plain object from entries, keeping every key as an own data property (`__proto__` included).
 * JavaScript lists integer-like keys (`"1"`) first whatever the insertion order; other keys keep it.
 */
export function toRecord<V>(entries: Iterable<[string, V]>): Record<string, V> {
  const out: Record<string, V> = {}
  for (const [key, value] of entries) {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
  }
  return out
}
