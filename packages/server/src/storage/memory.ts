import { assertKey, assertPrefix } from './key.js'
import type { Storage } from './types.js'

/** A {@link Storage} in memory: for tests, benchmarks and throwaway servers. Same key rules as the filesystem store. */
export function createMemoryStorage(): Storage {
  const entries = new Map<string, Uint8Array>()
  return {
    get: async (key) => entries.get(assertKey(key)),
    put: async (key, body) => {
      entries.set(assertKey(key), new Uint8Array(body))
    },
    list: async (prefix) => {
      assertPrefix(prefix)
      return [...entries.keys()].filter((k) => k.startsWith(prefix)).sort()
    },
    delete: async (key) => entries.delete(assertKey(key)),
  }
}
