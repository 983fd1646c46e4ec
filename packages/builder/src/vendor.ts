import { mkdir, realpath } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { EsmapError, integrity, type IntegrityAlgorithm, type PackageFiles } from '@esmap/core'
import { writeFileAtomic } from './atomic.js'
import { assertSafeIdentity, assertSafePath, unsafePathError, unsafeReason } from './safe-path.js'
import type { BuildResult } from './types.js'

export interface VendorOptions {
  /** The package version: its files go to `<outDir>/<base>/<name>@<version>/`. */
  pkg: { name: string; version: string }
  /** A build's result, or the package's files as they are (path → bytes). */
  files: BuildResult | PackageFiles
  /**
   * The files to write (package paths): those the app can load. Each one's source map
   * (`<path>.map`) comes along when there is one. @default every file
   */
  reachable?: Iterable<string>
  /** The build output folder. */
  outDir: string
  /** The folder under `outDir` that packages go to. @default '_esm' */
  base?: string
  /** Write `<path>.map` next to each reachable file that has one. @default true */
  sourcemaps?: boolean
  /** @default 'sha384' */
  integrity?: IntegrityAlgorithm
}

/** One written file. */
export interface VendoredFile {
  /** Path inside the package (`lib/x.js`). */
  path: string
  /** Where it was written (absolute). */
  file: string
  /** Its URL path relative to `outDir`, `/`-separated: `_esm/react@18.3.1/index.js`. */
  url: string
  /** Subresource Integrity of the written bytes. */
  integrity: string
  size: number
}

const isBuildResult = (files: BuildResult | PackageFiles): files is BuildResult => !(files instanceof Map) && 'key' in files

/** True when `child` is `parent` or inside it (both absolute, normalised). */
const isInside = (parent: string, child: string): boolean => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep)

/**
 * Writes the reachable files of one package version under `<outDir>/<base>/<name>@<version>/`
 * (the `self` provider's layout), each atomically, and returns them with their integrity, in
 * path order. Nothing can be written outside `outDir`: the name, version, base and every path
 * are checked (ESMAP_UNSAFE_PATH), and so is the real location of each folder written to
 * (a symlinked folder that leads elsewhere is refused). A reachable path that is not among the
 * files is ESMAP_VENDOR_MISSING_FILE.
 */
export async function vendorPackage(options: VendorOptions): Promise<VendoredFile[]> {
  const { name, version } = options.pkg
  const label = `${name}@${version}`
  assertSafeIdentity(name, version)
  const base = options.base ?? '_esm'
  assertSafePath(label, 'vendor base folder', base)
  const files = isBuildResult(options.files) ? options.files.files : options.files
  const wanted = new Set(options.reachable ?? files.keys())
  if (options.sourcemaps ?? true) for (const path of [...wanted]) if (files.has(`${path}.map`)) wanted.add(`${path}.map`)

  const outDir = resolve(options.outDir)
  await mkdir(outDir, { recursive: true })
  const realOut = await realpath(outDir)
  const packageDir = resolve(outDir, base, label)
  const written: VendoredFile[] = []
  for (const path of [...wanted].sort()) {
    const reason = unsafeReason(path) ?? (path === '' ? 'it is empty' : undefined)
    if (reason !== undefined) throw unsafePathError(label, 'file to vendor', path, reason)
    const bytes = files.get(path)
    if (bytes === undefined) {
      throw new EsmapError('ESMAP_VENDOR_MISSING_FILE', `Cannot vendor "${path}" of ${label}: the package has no such file.`, {
        specifier: `${label}/${path}`,
        fix: 'Pass only paths of the package (or of its build) as reachable files.',
      })
    }
    const file = resolve(packageDir, path)
    if (!isInside(outDir, file)) throw unsafePathError(label, 'file to vendor', path, `it would be written outside ${outDir}`)
    await mkdir(dirname(file), { recursive: true })
    if (!isInside(realOut, await realpath(dirname(file)))) throw unsafePathError(label, 'file to vendor', path, `its folder leads outside ${outDir} through a symbolic link`)
    await writeFileAtomic(file, bytes)
    written.push({ path, file, url: relative(outDir, file).split(sep).join('/'), integrity: integrity(bytes, options.integrity), size: bytes.byteLength })
  }
  return written
}

/** The folder a package version is vendored to, relative to `outDir`: `_esm/react@18.3.1/`. */
export function vendorPath(pkg: { name: string; version: string }, base = '_esm'): string {
  return `${join(base, `${pkg.name}@${pkg.version}`).split(sep).join('/')}/`
}
