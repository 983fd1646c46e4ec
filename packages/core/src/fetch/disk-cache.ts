import { createHash } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from './atomic.js'

/** A response as the cache keeps it. */
export interface StoredResponse {
  url: string
  finalUrl: string
  status: number
  headers: Record<string, string>
  body: Uint8Array
  /** When it was fetched or last revalidated, in ms since the epoch. */
  storedAt: number
  immutable: boolean
}

/** What an index file records besides the body: the body is found by its own hash. */
interface IndexRecord extends Omit<StoredResponse, 'body'> {
  key: string
  size: number
  sha256: string
}

/** A verified entry, no entry, or an entry that failed verification (and has been removed). */
export type CacheRead = { kind: 'hit'; stored: StoredResponse } | { kind: 'miss' } | { kind: 'corrupt'; reason: string }

export interface DiskCache {
  read(key: string): Promise<CacheRead>
  write(key: string, response: StoredResponse): Promise<void>
  clear(): Promise<void>
}

const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex')

/**
 * A content-addressed cache under `root`:
 * - `content/ab/<sha256 of body>`: bodies, named by their hash, so equal bodies are stored once and
 *   concurrent writers of one name always write the same bytes;
 * - `index/cd/<sha256 of key>`: one line with the sha256 of the rest, then the JSON {@link IndexRecord}.
 * Both are written atomically (body first), and both hashes are checked on every read.
 */
export function createDiskCache(root: string): DiskCache {
  const contentPath = (hash: string): string => join(root, 'content', hash.slice(0, 2), hash)
  const indexPath = (key: string): string => {
    const hash = sha256(key)
    return join(root, 'index', hash.slice(0, 2), hash)
  }

  async function readOrUndefined(path: string): Promise<Buffer | undefined> {
    try {
      return await readFile(path)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
  }

  async function drop(paths: string[], reason: string): Promise<CacheRead> {
    await Promise.all(paths.map((path) => rm(path, { force: true })))
    return { kind: 'corrupt', reason }
  }

  async function read(key: string): Promise<CacheRead> {
    const path = indexPath(key)
    const raw = await readOrUndefined(path)
    if (raw === undefined) return { kind: 'miss' }
    const text = raw.toString('utf8')
    const newline = text.indexOf('\n')
    const json = text.slice(newline + 1)
    if (newline !== 64 || text.slice(0, 64) !== sha256(json)) return drop([path], 'index entry checksum mismatch')
    const record = JSON.parse(json) as IndexRecord
    if (record.key !== key) return drop([path], 'index entry belongs to another key')
    const blobPath = contentPath(record.sha256)
    const body = await readOrUndefined(blobPath)
    if (body === undefined) return drop([path], 'body file missing')
    if (body.byteLength !== record.size || sha256(body) !== record.sha256) {
      return drop([path, blobPath], `body checksum mismatch (expected sha256 ${record.sha256})`)
    }
    const { key: _key, size: _size, sha256: _sha, ...stored } = record
    return { kind: 'hit', stored: { ...stored, body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) } }
  }

  async function write(key: string, response: StoredResponse): Promise<void> {
    const { body, ...rest } = response
    const hash = sha256(body)
    await writeFileAtomic(contentPath(hash), body)
    const json = JSON.stringify({ ...rest, key, size: body.byteLength, sha256: hash } satisfies IndexRecord)
    await writeFileAtomic(indexPath(key), `${sha256(json)}\n${json}`)
  }

  return { read, write, clear: () => rm(root, { recursive: true, force: true }) }
}
