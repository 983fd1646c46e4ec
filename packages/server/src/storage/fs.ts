import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { mkdir, open, readdir, realpath, rename, rm, unlink, writeFile } from 'node:fs/promises'
import { dirname, join, sep } from 'node:path'
import { EsmapError } from '@esmap/core'
import { assertKey, assertPrefix } from './key.js'
import type { Storage } from './types.js'

const missing = (err: unknown): boolean => ['ENOENT', 'ENOTDIR', 'EISDIR'].includes((err as NodeJS.ErrnoException).code ?? '')

/**
 * A {@link Storage} on the filesystem under `root`. Every key is checked (`assertKey`), and every
 * path is checked again after the filesystem resolved it: a symlink inside the root that points
 * elsewhere is never followed (the file itself is opened with `O_NOFOLLOW`, its folder must
 * resolve inside the root). Writes are atomic: a temp file under `<root>/.tmp/` renamed into place.
 */
export function createFsStorage(root: string): Storage {
  let realRoot: Promise<string> | undefined
  const rootPath = (): Promise<string> =>
    (realRoot ??= (async () => {
      await mkdir(join(root, '.tmp'), { recursive: true })
      return realpath(root)
    })())

  /** The file for `key`, after checking that its folder resolves inside the root. */
  async function fileFor(key: string, create: boolean): Promise<string | undefined> {
    const base = await rootPath()
    const file = join(base, ...assertKey(key).split('/'))
    const folder = dirname(file)
    if (create) await mkdir(folder, { recursive: true })
    let real: string
    try {
      real = await realpath(folder)
    } catch (err) {
      if (missing(err)) return undefined
      throw err
    }
    if (real === base || real.startsWith(base + sep)) return join(real, file.slice(folder.length + 1))
    if (!create) return undefined
    throw new EsmapError('ESMAP_STORAGE_ESCAPE', `Storage key "${key}" resolves outside the storage root ${base} (a symlink)`, {
      specifier: key,
      fix: `Remove the symlink under ${base}; the storage root must hold plain folders and files only.`,
    })
  }

  async function walk(folder: string, prefix: string, out: string[]): Promise<void> {
    let entries
    try {
      entries = await readdir(folder, { withFileTypes: true })
    } catch (err) {
      if (missing(err)) return
      throw err
    }
    for (const entry of entries) {
      if (prefix === '' && entry.name === '.tmp') continue
      // Symlinks are neither followed nor listed: the store only ever writes plain files.
      if (entry.isDirectory()) await walk(join(folder, entry.name), `${prefix}${entry.name}/`, out)
      else if (entry.isFile()) out.push(`${prefix}${entry.name}`)
    }
  }

  return {
    async get(key) {
      const file = await fileFor(key, false)
      if (file === undefined) return undefined
      let handle
      try {
        handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW)
      } catch (err) {
        // ELOOP: the file itself is a symlink.
        if (missing(err) || (err as NodeJS.ErrnoException).code === 'ELOOP') return undefined
        throw err
      }
      try {
        if (!(await handle.stat()).isFile()) return undefined
        return new Uint8Array(await handle.readFile())
      } finally {
        await handle.close()
      }
    },
    async put(key, body) {
      const file = (await fileFor(key, true))!
      const temp = join(await rootPath(), '.tmp', `${process.pid}-${randomBytes(8).toString('hex')}`)
      try {
        await writeFile(temp, body, { flag: 'wx' })
        await rename(temp, file)
      } finally {
        await rm(temp, { force: true })
      }
    },
    async list(prefix) {
      assertPrefix(prefix)
      const base = await rootPath()
      // Walk from the deepest folder the prefix names, then keep the keys that start with it.
      const folderPart = prefix.slice(0, prefix.lastIndexOf('/') + 1)
      const start = folderPart === '' ? base : await fileFor(`${folderPart}x`, false).then((f) => f && dirname(f))
      if (start === undefined) return []
      const out: string[] = []
      await walk(start, folderPart, out)
      return out.filter((k) => k.startsWith(prefix)).sort()
    },
    async delete(key) {
      const file = await fileFor(key, false)
      if (file === undefined) return false
      try {
        await unlink(file)
        return true
      } catch (err) {
        if (missing(err)) return false
        throw err
      }
    },
  }
}
