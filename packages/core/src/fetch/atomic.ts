import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { threadId } from 'node:worker_threads'

const transient: ReadonlySet<string> = new Set(['EPERM', 'EACCES', 'EBUSY'])

/** Writes a file from one buffer or string, or from several buffers in order (no joined copy). */
async function writeAll(path: string, data: Uint8Array | string | readonly Uint8Array[]): Promise<void> {
  if (!Array.isArray(data)) return writeFile(path, data as Uint8Array | string)
  const file = await open(path, 'w')
  try {
    let parts = (data as readonly Uint8Array[]).filter((part) => part.byteLength > 0)
    while (parts.length > 0) {
      let { bytesWritten } = await file.writev(parts)
      // A short write: go on from where it stopped.
      while (parts.length > 0 && bytesWritten >= parts[0]!.byteLength) bytesWritten -= parts.shift()!.byteLength
      if (parts.length > 0 && bytesWritten > 0) parts = [parts[0]!.subarray(bytesWritten), ...parts.slice(1)]
    }
  } finally {
    await file.close()
  }
}

/**
 * Writes `data` (one buffer or string, or several buffers one after the other) to `path` so that readers see either the old file or the whole new one, even with
 * several processes writing the same path: the bytes go to a temp file unique to this process,
 * thread and call, in the same directory (same file system), which is then renamed over `path`
 * (rename(2) is atomic). Windows may refuse to replace a file another process has open
 * (EPERM/EBUSY); the rename is retried a few times, and the temp file is always removed.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string | readonly Uint8Array[]): Promise<void> {
  const temp = `${path}.${process.pid}.${threadId}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await writeAll(temp, data)
  } catch (err) {
    // The directory is made on first use only (a cache writes thousands of files into a few hundred).
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    await mkdir(dirname(path), { recursive: true })
    await writeAll(temp, data)
  }
  try {
    for (let tries = 0; ; tries++) {
      try {
        await rename(temp, path)
        return
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? ''
        if (!transient.has(code) || tries >= 5) throw err
        await new Promise((resolve) => setTimeout(resolve, 20 * (tries + 1)))
      }
    }
  } catch (err) {
    await rm(temp, { force: true })
    throw err
  }
}
