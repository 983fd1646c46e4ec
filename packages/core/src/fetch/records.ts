import type { DiskCache } from './disk-cache.js'
import type { RecordStore } from './types.js'

const keyOf = (key: string): string => `record ${key}`

/**
 * {@link RecordStore} over the fetcher's disk cache (its entries are checksummed and written
 * atomically), with the values also kept in memory for the life of the fetcher. Without a disk
 * cache (`cache: false`) records live in memory only.
 */
export function createRecordStore(cache: DiskCache | undefined, track?: (write: Promise<void>) => void): RecordStore {
  const memory = new Map<string, Promise<unknown>>()
  const decoder = new TextDecoder()

  async function read(key: string): Promise<unknown> {
    if (!cache) return undefined
    try {
      const entry = await cache.read(keyOf(key))
      return entry.kind === 'hit' ? JSON.parse(decoder.decode(entry.stored.body)) : undefined
    } catch {
      return undefined
    }
  }

  return {
    get<T>(key: string): Promise<T | undefined> {
      let value = memory.get(key)
      if (!value) memory.set(key, (value = read(key)))
      return value as Promise<T | undefined>
    },
    put(key: string, value: unknown): Promise<void> {
      memory.set(key, Promise.resolve(value))
      if (!cache) return Promise.resolve()
      const body = new TextEncoder().encode(JSON.stringify(value))
      // A full or read-only disk only means the record is made again next time.
      const write = cache.write(keyOf(key), { url: key, finalUrl: key, status: 200, headers: {}, body, storedAt: Date.now(), immutable: true }).catch(() => undefined)
      // In the background when the fetcher writes so (its `flush()` waits for it).
      if (!track) return write
      track(write)
      return Promise.resolve()
    },
  }
}
