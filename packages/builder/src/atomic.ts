import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * Writes `data` to `path` so that readers see the old file or the whole new one, never a part:
 * the bytes go to a temp file in the same folder (unique per process and call), which is then
 * renamed over `path` (rename is atomic on one file system). The temp file is always removed.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await writeFile(temp, data)
    await rename(temp, path)
  } finally {
    await rm(temp, { force: true })
  }
}
