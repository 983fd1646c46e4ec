/** A least-recently-used cache bounded by a total weight (bytes, or 1 per entry). */
export interface Lru<V> {
  get(key: string): V | undefined
  set(key: string, value: V): void
  delete(key: string): void
  /** Removes every key that starts with `prefix`. */
  deletePrefix(prefix: string): void
  readonly size: number
  readonly weight: number
}

/** An LRU holding at most `maxWeight` of total weight; a value heavier than that is not kept. */
export function createLru<V>(maxWeight: number, weigh: (value: V) => number = () => 1): Lru<V> {
  // A Map iterates in insertion order: re-inserting on read keeps the oldest entry first.
  const entries = new Map<string, { value: V; weight: number }>()
  let total = 0
  const remove = (key: string): void => {
    const entry = entries.get(key)
    if (!entry) return
    entries.delete(key)
    total -= entry.weight
  }
  return {
    get(key) {
      const entry = entries.get(key)
      if (!entry) return undefined
      entries.delete(key)
      entries.set(key, entry)
      return entry.value
    },
    set(key, value) {
      remove(key)
      const weight = weigh(value)
      if (weight > maxWeight) return
      entries.set(key, { value, weight })
      total += weight
      for (const oldest of entries.keys()) {
        if (total <= maxWeight) break
        remove(oldest)
      }
    },
    delete: remove,
    deletePrefix(prefix) {
      for (const key of [...entries.keys()]) if (key.startsWith(prefix)) remove(key)
    },
    get size() {
      return entries.size
    },
    get weight() {
      return total
    },
  }
}
