/**
 * Unpacked package files held in memory between a tarball's unpacking and the reads of a trace,
 * within a byte budget:
 * - each file is handed out once (`take`): a trace reads a module once and keeps its analysis, so
 *   holding the bytes after that only costs memory;
 * - past the budget, the packages used least recently are dropped whole.
 * A file that is no longer held is read by unpacking the tarball again (from the disk cache).
 */
export interface KeptFiles {
  /**
   * Holds the files of `key` (replacing what was held for it). `bytes`: the memory they keep alive
   * (views into one unpacked buffer keep all of it), by default the sum of their sizes.
   */
  add(key: string, files: Map<string, Uint8Array>, bytes?: number): void
  /** The file, handed out and no longer held; `undefined` when it is not held. */
  take(key: string, path: string): Uint8Array | undefined
  /** Drops everything held; returns the bytes that were. */
  clear(): number
  /** Bytes held now. */
  readonly size: number
}

export function createKeptFiles(budget: number): KeptFiles {
  // Map order is the recency order: a package is moved to the end when it is used.
  const held = new Map<string, { files: Map<string, Uint8Array>; bytes: number; shared: boolean }>()
  let total = 0

  const drop = (key: string): void => {
    const entry = held.get(key)
    if (!entry) return
    total -= entry.bytes
    held.delete(key)
  }

  return {
    add(key, files, size) {
      drop(key)
      let bytes = size ?? 0
      if (size === undefined) for (const data of files.values()) bytes += data.byteLength
      held.set(key, { files, bytes, shared: size !== undefined })
      total += bytes
      for (const oldest of held.keys()) {
        if (total <= budget || oldest === key) break
        drop(oldest)
      }
    },
    take(key, path) {
      const entry = held.get(key)
      const data = entry?.files.get(path)
      if (!entry || !data) return undefined
      entry.files.delete(path)
      held.delete(key)
      if (entry.files.size === 0) {
        total -= entry.bytes
        return data
      }
      // Views into a shared buffer free nothing until the last one goes.
      if (!entry.shared) {
        entry.bytes -= data.byteLength
        total -= data.byteLength
      }
      held.set(key, entry)
      return data
    },
    clear() {
      const was = total
      held.clear()
      total = 0
      return was
    },
    get size() {
      return total
    },
  }
}
