import { createHash } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import { readTar, writeTar } from './tar.js'
import type { TarEntry } from './tar.js'

/** `npm pack` stamps every entry with this time (1985-10-26T08:15:00Z), so tarballs are reproducible. */
export const NPM_PACK_MTIME: number = Date.UTC(1985, 9, 26, 8, 15, 0) / 1000

/** A packed tarball and the digests the registry advertises for it in `dist`. */
export interface Tarball {
  bytes: Uint8Array
  /** `sha512-<base64>` of the gzipped bytes (Subresource Integrity form). */
  integrity: string
  /** Hex sha1 of the gzipped bytes. */
  shasum: string
  fileCount: number
  /** Sum of the file sizes before packing. */
  unpackedSize: number
}

/**
 * Pack files like `npm pack`: every path under `package/`, sorted by path (code unit order),
 * mode 0644, the fixed npm mtime, then gzip (level 9; Node writes a zero gzip timestamp), so the
 * same files always give the same bytes and digests.
 */
export function packTarball(files: ReadonlyMap<string, Uint8Array>): Tarball {
  const paths = [...files.keys()].sort()
  const tar = writeTar(paths.map((path) => ({ path: `package/${path}`, data: files.get(path) ?? new Uint8Array(), mode: 0o644, mtime: NPM_PACK_MTIME })))
  const bytes = new Uint8Array(gzipSync(tar, { level: 9 }))
  return {
    bytes,
    integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
    shasum: createHash('sha1').update(bytes).digest('hex'),
    fileCount: paths.length,
    unpackedSize: paths.reduce((n, p) => n + (files.get(p)?.length ?? 0), 0),
  }
}

/** Gunzip and read a tarball (for tests that check what the registry served). */
export function readTarball(gzipped: Uint8Array): TarEntry[] {
  return readTar(new Uint8Array(gunzipSync(gzipped)))
}
