/**
 * Where built packages live. Keys are `/`-separated paths of non-empty segments (see `assertKey`);
 * values are bytes. A filesystem store is the default (`createFsStorage`); an object store fits the
 * same four methods. "Not found" is `undefined` / `false`, never an exception.
 */
export interface Storage {
  /** The bytes stored under `key`, or `undefined`. */
  get(key: string): Promise<Uint8Array | undefined>
  /** Stores `body` under `key`, replacing any value; readers see the old or the new bytes, never a mix. */
  put(key: string, body: Uint8Array): Promise<void>
  /** Every key that starts with `prefix` (a key prefix ending in `/`, or `''` for all), sorted. */
  list(prefix: string): Promise<string[]>
  /** Removes `key`; `false` when there was nothing to remove. */
  delete(key: string): Promise<boolean>
}
