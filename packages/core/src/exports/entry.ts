import type { PackageJson } from '../types.js'
import { invalidSpecifier, UNNAMED_PACKAGE } from './errors.js'
import { hasExports, lookupExports, resolveExports } from './exports.js'
import { packagePath, probeFile, toRelative, type PackageFileList } from './files.js'
import { resolveBrowserMap, resolveLegacyMain } from './legacy.js'

/**
 * Where a package subpath leads:
 * - `./file` inside the package,
 * - a bare specifier, when the `browser` field sends the file to another package,
 * - `null`, when the `browser` field replaces it with an empty module (`false`),
 * - `undefined`, when no file matches (packages without `exports`, checked against a file list).
 */
export type PackageEntry = string | null | undefined

/** The `browser` object's replacement for `target`, or `false` when it has none (or maps it to itself). */
function browserReplacement(pkg: PackageJson, target: string, conditions: readonly string[]): PackageEntry | false {
  if (!conditions.includes('browser') || !target.startsWith('./')) return false
  const mapped = resolveBrowserMap(pkg, target)
  return mapped === undefined || mapped === target ? false : mapped
}

/** A `./path` replacement from the `browser` field, probed like any legacy path when files are known. */
function probeReplacement(replacement: PackageEntry, files: PackageFileList | undefined): PackageEntry {
  if (typeof replacement !== 'string' || !replacement.startsWith('./') || files === undefined) return replacement
  const file = probeFile(files, packagePath(replacement) ?? '')
  return file === undefined ? undefined : toRelative(file)
}

/**
 * Resolves `subpath` (`.` or `./sub`) of a package the way esmap installs and traces it:
 *
 * - With `exports`: Node's PACKAGE_EXPORTS_RESOLVE (`resolveExports`: it throws
 *   ERR_PACKAGE_PATH_NOT_EXPORTED and the other Node errors). Targets are exact; no probing.
 * - Without `exports`: the legacy main (`resolveLegacyMain`: `browser` string, `module`, `main`,
 *   `index`) for `.`, the path itself for other subpaths; with `files`, extension and index
 *   probing decide the file, and `undefined` means none exists.
 * - With the `browser` condition, the `browser` object then remaps the file (as jspm and
 *   webpack do, for `exports` targets too): to another file, to a bare specifier, or to `null`
 *   (an empty module). The request is looked up before probing and the probed file after it.
 *
 * Throws ERR_INVALID_MODULE_SPECIFIER for a subpath that is not `.` or `./sub`.
 */
export function resolvePackageEntry(pkg: PackageJson, subpath: string, conditions: readonly string[], files?: PackageFileList): PackageEntry {
  return entry(pkg, subpath, conditions, files, resolveExports)
}

/**
 * `resolvePackageEntry` with "not exported" as a return value: `undefined` when `exports` does
 * not define the subpath under `conditions`, as when a legacy package has no such file.
 */
export function lookupPackageEntry(pkg: PackageJson, subpath: string, conditions: readonly string[], files?: PackageFileList): PackageEntry {
  return entry(pkg, subpath, conditions, files, lookupExports)
}

function entry(
  pkg: PackageJson,
  subpath: string,
  conditions: readonly string[],
  files: PackageFileList | undefined,
  exportsResolver: (pkg: PackageJson, subpath: string, conditions: readonly string[]) => string | undefined,
): PackageEntry {
  if (hasExports(pkg)) {
    const target = exportsResolver(pkg, subpath, conditions)
    if (target === undefined) return undefined
    const replacement = browserReplacement(pkg, target, conditions)
    return replacement === false ? target : probeReplacement(replacement, files)
  }
  if (subpath !== '.' && !subpath.startsWith('./')) {
    const pkgName = pkg.name ?? UNNAMED_PACKAGE
    throw invalidSpecifier({ pkgName, request: subpath, conditions, isImports: false }, 'a package subpath must be "." or start with "./"')
  }

  // Legacy: the browser field may name the request itself (`./lib/node` before probing).
  if (subpath !== '.') {
    const direct = browserReplacement(pkg, subpath, conditions)
    if (direct !== false) return probeReplacement(direct, files)
  }
  const file = legacyFile(pkg, subpath, conditions, files)
  if (file === undefined) return undefined
  const replacement = browserReplacement(pkg, file, conditions)
  return replacement === false ? file : probeReplacement(replacement, files)
}

/** The file a legacy subpath names, probed when the file list is known. */
function legacyFile(pkg: PackageJson, subpath: string, conditions: readonly string[], files: PackageFileList | undefined): string | undefined {
  if (subpath === '.') return resolveLegacyMain(pkg, conditions, files)
  const path = packagePath(subpath)
  if (path === undefined) return undefined
  if (files === undefined) return toRelative(path)
  const file = probeFile(files, path)
  return file === undefined ? undefined : toRelative(file)
}
