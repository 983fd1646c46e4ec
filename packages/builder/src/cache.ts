import { createHash } from 'node:crypto'
import { access, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from './atomic.js'
import type { BuildCache, BuildResult } from './types.js'

/** A build as its manifest stores it: the result without bytes, and each file by the sha256 of its bytes. */
interface Manifest extends Omit<BuildResult, 'files'> {
  format: 1
  files: [path: string, sha256: string][]
}

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex')

async function readOrUndefined(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw err
  }
}

/**
 * A build cache in a folder, content-addressed:
 * - `content/ab/<sha256>`: file bytes, named by their hash (shared between builds);
 * - `builds/cd/<key>.json`: the manifest of one build ({@link buildKey}).
 * Files are written before the manifest, each atomically; on read, every file's hash is checked,
 * and a manifest whose files are missing or changed counts as a miss (and is removed).
 */
export function createDiskBuildCache(dir: string): BuildCache {
  const contentPath = (hash: string): string => join(dir, 'content', hash.slice(0, 2), hash)
  const manifestPath = (key: string): string => join(dir, 'builds', key.slice(0, 2), `${key}.json`)
  return {
    async get(key) {
      const text = await readOrUndefined(manifestPath(key))
      if (text === undefined) return undefined
      const manifest = JSON.parse(text.toString('utf8')) as Manifest
      const files = new Map<string, Uint8Array>()
      for (const [path, hash] of manifest.files) {
        const bytes = await readOrUndefined(contentPath(hash))
        if (bytes === undefined || sha256(bytes) !== hash) {
          await rm(manifestPath(key), { force: true })
          return undefined
        }
        files.set(path, new Uint8Array(bytes))
      }
      const { format: _format, files: _files, ...rest } = manifest
      return { ...rest, files }
    },
    async set(key, result) {
      const listed: [string, string][] = []
      for (const [path, bytes] of result.files) {
        const hash = sha256(bytes)
        if (!(await exists(contentPath(hash)))) await writeFileAtomic(contentPath(hash), bytes)
        listed.push([path, hash])
      }
      const manifest: Manifest = { ...result, format: 1, files: listed }
      await writeFileAtomic(manifestPath(key), JSON.stringify(manifest))
    },
  }
}
