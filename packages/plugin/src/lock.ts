import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { diffMaps, EsmapError, formatMapDiff, type ImportMapJson } from '@esmap/core'

/** The lock as it is on disk; undefined when there is none. A broken lock is an error, never ignored. */
export async function readLock(file: string): Promise<ImportMapJson | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  try {
    const json: unknown = JSON.parse(text)
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new TypeError('not a JSON object')
    return json as ImportMapJson
  } catch (err) {
    throw new EsmapError('ESMAP_INVALID_LOCK', `The lockfile ${file} is not a valid import map: ${(err as Error).message}`, {
      fix: 'Fix or delete it; a build without `frozen` writes a new one.',
      cause: err,
    })
  }
}

/** Writes the lock atomically (temp file + rename), so an interrupted build never leaves half a lock. */
export async function writeLock(file: string, map: ImportMapJson): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await writeFile(temp, `${JSON.stringify(map, null, 2)}\n`)
    await rename(temp, file)
  } catch (err) {
    await rm(temp, { force: true })
    throw err
  }
}

/**
 * Compares the resolution a build arrived at with the lock. Frozen: any change fails with the
 * diff. Otherwise the lock is rewritten when it changed. Returns whether it changed.
 */
export async function settleLock(file: string, before: ImportMapJson | undefined, after: ImportMapJson, frozen: boolean): Promise<boolean> {
  const changes = diffMaps(before ?? {}, after)
  if (before !== undefined && changes.length === 0) return false
  if (frozen) {
    const what = before === undefined ? `there is no lockfile at ${file}` : `resolution differs from ${file}:\n${formatMapDiff(changes)}`
    throw new EsmapError('ESMAP_FROZEN_LOCK', `The import map lock is frozen, but ${what}`, {
      fix: 'Run the build once without `frozen` (or without the CI environment variable) and commit the updated lockfile.',
    })
  }
  await writeLock(file, after)
  return true
}
