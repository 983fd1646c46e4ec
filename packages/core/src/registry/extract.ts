import { promisify } from 'node:util'
import { gunzip, gunzipSync } from 'node:zlib'
import { EsmapError } from '../errors.js'
import type { PackageFiles } from '../types.js'
import { readTar, type TarEntry } from './tar.js'

/** The segments of an archive path, or why it may not be extracted. `\` counts as a separator too. */
export function pathSegments(path: string): string[] | { unsafe: string } {
  if (/^([/\\]|[a-zA-Z]:)/.test(path)) return { unsafe: 'absolute path' }
  const segments = path.split(/[/\\]/).filter((s) => s !== '' && s !== '.')
  if (segments.includes('..')) return { unsafe: '".." path segment' }
  return segments
}

/**
 * Where a symlink at `linkDir` (segments inside the package) pointing to `target` lands, as package
 * segments; or why it is unsafe (absolute, or climbing above the package root).
 */
export function symlinkTarget(linkDir: readonly string[], target: string): string[] | { unsafe: string } {
  if (/^([/\\]|[a-zA-Z]:)/.test(target)) return { unsafe: `symlink to the absolute path "${target}"` }
  const out = [...linkDir]
  for (const segment of target.split(/[/\\]/)) {
    if (segment === '' || segment === '.') continue
    if (segment !== '..') out.push(segment)
    else if (out.pop() === undefined) return { unsafe: `symlink to "${target}" leaves the package` }
  }
  return out
}

export interface ExtractContext {
  /** The package, for messages: `npm:react@18.3.1`. */
  label: string
  /** Where the tarball came from, for messages. */
  url: string
}

function unsafe(ctx: ExtractContext, entry: TarEntry, reason: string): EsmapError {
  return new EsmapError('ESMAP_UNSAFE_PATH', `The tarball of ${ctx.label} (${ctx.url}) has an unsafe entry "${entry.path}": ${reason}.`, {
    specifier: ctx.label,
    fix: 'Do not use this package version: its tarball points outside the package. Report it to the package maintainers or the registry.',
  })
}

/**
 * The files of a package tarball, extracted in memory: the first path segment (usually `package/`)
 * is stripped, directories and special files are skipped, and absolute paths, `..` segments and
 * links that leave the package are rejected with `ESMAP_UNSAFE_PATH`. Links inside the package are
 * replaced by the bytes they point to (dangling links are left out).
 */
export function extractPackage(tgz: Uint8Array, ctx: ExtractContext): PackageFiles {
  let tar: Uint8Array
  try {
    tar = gunzipSync(tgz, { chunkSize: chunkFor(tgz) })
  } catch (err) {
    throw invalidTarball(ctx, err)
  }
  return filesOfTar(tar, ctx)
}

const gunzipAsync = promisify(gunzip)

/**
 * Output chunk size for gunzip: the unpacked size when the trailer gives it, else large enough
 * that a package unpacks in a few chunks (zlib's 16 kB default means one main-thread callback and
 * one copy per 16 kB), bounded so that small tarballs do not allocate megabytes.
 */
const chunkFor = (tgz: Uint8Array): number => {
  // gzip's trailer holds the unpacked size (mod 2^32): with it as the chunk size the whole tar
  // comes out as one buffer, with no copy to join chunks. A bogus size only costs more chunks.
  const n = tgz.byteLength
  const size = n >= 18 ? (tgz[n - 4]! | (tgz[n - 3]! << 8) | (tgz[n - 2]! << 16) | (tgz[n - 1]! << 24)) >>> 0 : 0
  if (size >= 64 && size <= 256 << 20 && size >= n) return size + 1
  return Math.min(4 << 20, Math.max(64 << 10, 2 ** Math.ceil(Math.log2(n * 4))))
}

/**
 * {@link extractPackage} with the gunzip done on libuv's thread pool, so a large tarball does not
 * hold up the main thread (the trace goes on analysing other modules meanwhile).
 */
export async function extractPackageAsync(tgz: Uint8Array, ctx: ExtractContext): Promise<PackageFiles> {
  let tar: Uint8Array
  try {
    tar = await gunzipAsync(tgz, { chunkSize: chunkFor(tgz) })
  } catch (err) {
    throw invalidTarball(ctx, err)
  }
  return filesOfTar(tar, ctx)
}

function invalidTarball(ctx: ExtractContext, err: unknown): EsmapError {
  return new EsmapError('ESMAP_INVALID_TARBALL', `The tarball of ${ctx.label} (${ctx.url}) is not a valid gzipped tar: ${(err as Error).message}.`, {
    specifier: ctx.label,
    cause: err,
    fix: 'Clear the cache (clearCache()) and retry; if it persists, the registry serves a broken tarball.',
  })
}

/** The files of an uncompressed tar (views into `tar`: copy what must outlive it). */
function filesOfTar(tar: Uint8Array, ctx: ExtractContext): Map<string, Uint8Array> {
  let entries: TarEntry[]
  try {
    entries = readTar(tar)
  } catch (err) {
    throw invalidTarball(ctx, err)
  }

  const files = new Map<string, Uint8Array>()
  const links: [from: string, to: string][] = []
  for (const entry of entries) {
    const segments = pathSegments(entry.path)
    if (!Array.isArray(segments)) throw unsafe(ctx, entry, segments.unsafe)
    const inPackage = segments.slice(1)
    if (inPackage.length === 0 || entry.type === 'directory' || entry.type === 'other') continue
    const path = inPackage.join('/')
    if (entry.type === 'file') {
      files.set(path, entry.data ?? new Uint8Array())
    } else if (entry.type === 'symlink') {
      const target = symlinkTarget(inPackage.slice(0, -1), entry.linkpath ?? '')
      if (!Array.isArray(target)) throw unsafe(ctx, entry, target.unsafe)
      links.push([path, target.join('/')])
    } else {
      // Hardlink targets are archive paths, root segment included.
      const target = pathSegments(entry.linkpath ?? '')
      if (!Array.isArray(target) || target.length < 2) throw unsafe(ctx, entry, `hardlink to "${entry.linkpath ?? ''}" leaves the package`)
      links.push([path, target.slice(1).join('/')])
    }
  }

  // Links to links resolve in a few rounds; links to directories copy the files under them.
  for (let round = 0; round < 8 && links.length > 0; round++) {
    for (let i = links.length - 1; i >= 0; i--) {
      const [from, to] = links[i] as [string, string]
      const data = files.get(to)
      const under = [...files].filter(([p]) => p.startsWith(`${to}/`))
      if (data === undefined && under.length === 0) continue
      if (data !== undefined) files.set(from, data)
      for (const [p, bytes] of under) files.set(`${from}/${p.slice(to.length + 1)}`, bytes)
      links.splice(i, 1)
    }
  }
  return files
}
