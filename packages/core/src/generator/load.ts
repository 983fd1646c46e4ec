import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { EsmapError } from '../errors.js'
import type { Session } from './session.js'

/** Module bytes by URL, loaded once per session (tracing again after an edit costs nothing). */
export type ModuleCache = Map<string, Promise<Uint8Array | undefined>>

function decodeDataUrl(url: string): Uint8Array {
  const comma = url.indexOf(',')
  const meta = url.slice(5, comma)
  const body = url.slice(comma + 1)
  return meta.endsWith(';base64') ? Buffer.from(decodeURIComponent(body), 'base64') : Buffer.from(decodeURIComponent(body), 'utf8')
}

async function readLocal(url: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(fileURLToPath(url))
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

/** The bytes that will be served for `url`: from the provider that owns it, the disk, or the network. */
export function loadModule(session: Session, cache: ModuleCache, url: string): Promise<Uint8Array | undefined> {
  let bytes = cache.get(url)
  if (!bytes) {
    bytes = fetchModule(session, url)
    cache.set(url, bytes)
    bytes.catch(() => cache.delete(url))
  }
  return bytes
}
