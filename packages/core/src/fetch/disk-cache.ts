import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
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
  /** The body's own file (large bodies); absent when the body follows the record in the index file. */
  sha256?: string
}

/** Bodies up to this size are written into the index file itself: one file per entry, not two. */
const INLINE_LIMIT = 1 << 20

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
 * - `index/cd/<sha256 of key>`: one line with the sha256 of the rest, then the JSON {@link IndexRecord};
 *   bodies up to {@link INLINE_LIMIT} follow it on the next line instead of having their own file.
 * Both are written atomically (body first), and both hashes are checked on every read.
 */
export function createDiskCache(root: string): DiskCache {
  const contentPath = (hash: string): string => join(root, 'content', hash.slice(0, 2), hash)
  const indexPath = (key: string): string => {
    const hash = sha256(key)
    return join(root, 'index', hash.slice(0, 2), hash)
  }

  /**
   * Read synchronously: entries are small or page-cached, and a warm run reads a few hundred of
   * them, where each asynchronous read costs four thread-pool round trips (open, stat, read, close).
   */
  async function readOrUndefined(path: string): Promise<Buffer | undefined> {
    try {
      return readFileSync(path)
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
    const newline = raw.indexOf(0x0a)
    if (newline !== 64 || raw.toString('latin1', 0, 64) !== sha256(raw.subarray(65))) return drop([path], 'index entry checksum mismatch')
    const end = raw.indexOf(0x0a, 65)
    const record = JSON.parse(raw.toString('utf8', 65, end === -1 ? raw.length : end)) as IndexRecord
    if (record.key !== key) return drop([path], 'index entry belongs to another key')
    const { key: _key, size: _size, sha256: hash, ...stored } = record
    if (hash === undefined) {
      const body = end === -1 ? Buffer.alloc(0) : raw.subarray(end + 1)
      if (body.byteLength !== record.size) return drop([path], 'inline body has the wrong size')
      return { kind: 'hit', stored: { ...stored, body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) } }
    }
    const blobPath = contentPath(hash)
    const body = await readOrUndefined(blobPath)
    if (body === undefined) return drop([path], 'body file missing')
    if (body.byteLength !== record.size || sha256(body) !== hash) {
      return drop([path, blobPath], `body checksum mismatch (expected sha256 ${hash})`)
    }
    return { kind: 'hit', stored: { ...stored, body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) } }
  }

  async function write(key: string, response: StoredResponse): Promise<void> {
    const { body, ...rest } = response
    if (body.byteLength <= INLINE_LIMIT) {
      const record = Buffer.from(`${JSON.stringify({ ...rest, key, size: body.byteLength } satisfies IndexRecord)}\n`)
      const checksum = createHash('sha256').update(record).update(body).digest('hex')
      await writeFileAtomic(indexPath(key), [Buffer.from(`${checksum}\n`), record, body])
      return
    }
    const hash = sha256(body)
    await writeFileAtomic(contentPath(hash), body)
    const json = JSON.stringify({ ...rest, key, size: body.byteLength, sha256: hash } satisfies IndexRecord)
    await writeFileAtomic(indexPath(key), `${sha256(json)}\n${json}`)
  }

  return { read, write, clear: () => rm(root, { recursive: true, force: true }) }
}
