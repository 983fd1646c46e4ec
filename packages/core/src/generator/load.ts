import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { EsmapError } from '../errors.js'
import type { Session } from './session.js'

/**
 * Module loads in flight by URL, so that concurrent asks share one load. Settled loads are not
 * kept: the trace keeps each module's analysis (and SRI) instead, so its bytes can be freed.
 */
export type ModuleCache = Map<string, Promise<Uint8Array | undefined>>

function decodeDataUrl(url: string): Uint8Array {
  const comma = url.indexOf(',')
  const meta = url.slice(5, comma)
  const body = url.slice(comma + 1)
  return meta.endsWith(';base64') ? Buffer.from(decodeURIComponent(body), 'base64') : Buffer.from(decodeURIComponent(body), 'utf8')
}

/**
 * A local module, read synchronously: local files are small and in the page cache, and a
 * synchronous read costs a few microseconds where an asynchronous one costs four thread-pool
 * round trips (open, stat, read, close); a trace reads hundreds of them.
 */
async function readLocal(url: string): Promise<Uint8Array | undefined> {
  try {
    return readFileSync(fileURLToPath(url))
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined
    throw new EsmapError('ESMAP_LOAD_FAILED', `Cannot read ${url}: ${(err as Error).message}`, { cause: err })
  }
}

async function fetchModule(session: Session, url: string): Promise<Uint8Array | undefined> {
  if (url.startsWith('data:')) return decodeDataUrl(url)
  if (url.startsWith('file:')) return readLocal(url)
  const owner = session.providers.byUrl(url)
  if (owner) return owner.provider.loadModule(url, session.ctx)
  return session.fetcher.bytes(url)
}

/** The bytes that will be served for `url`: from the provider that owns it, the disk, or the network (one load at a time per URL). */
export function loadModule(session: Session, cache: ModuleCache, url: string): Promise<Uint8Array | undefined> {
  let bytes = cache.get(url)
  if (!bytes) {
    bytes = fetchModule(session, url)
    cache.set(url, bytes)
    const settled = bytes
    void settled.then(
      () => cache.get(url) === settled && cache.delete(url),
      () => cache.get(url) === settled && cache.delete(url),
    )
  }
  return bytes
}
