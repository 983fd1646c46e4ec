import type { PackageJson } from '../types.js'
import { lookupPackageEntry } from './entry.js'
import { hasExports, normalizeExports, type Subpath } from './exports.js'
import { packagePath, PROBE_EXTENSIONS, toRelative, type PackageFileList } from './files.js'
import { hasInvalidSegment } from './pattern.js'

/** Every string target anywhere under an `exports` value (all conditions, all fallbacks). */
function stringTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(stringTargets)
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringTargets)
  return []
}

/** What `*` must stand for so that `target` (with one or more `*`) becomes `file`; undefined if nothing does. */
function invertPattern(target: string, file: string): string | undefined {
  const parts = target.split('*')
  const stars = parts.length - 1
  const matchLength = (file.length - (target.length - stars)) / stars
  if (!Number.isInteger(matchLength) || matchLength < 1) return undefined
  const prefix = parts[0] ?? ''
  const match = file.slice(prefix.length, prefix.length + matchLength)
  return target.replaceAll('*', match) === file ? match : undefined
}

/** Subpaths of a package with `exports` that may lead to `file` (`./x`), to be checked forwards. */
function exportsCandidates(pkg: PackageJson, file: string): string[] {
  const out: string[] = []
  for (const [key, value] of Object.entries(normalizeExports(pkg))) {
    const star = key.indexOf('*')
    if (star === -1) {
      out.push(key)
      continue
    }
    // Only keys with a single "*" match (PACKAGE_IMPORTS_EXPORTS_RESOLVE); each target with a "*"
    // tells what the key's "*" would have to be.
    if (key.lastIndexOf('*') !== star) continue
    for (const target of stringTargets(value)) {
      if (!target.includes('*')) continue
      const match = invertPattern(target, file)
      if (match !== undefined && !hasInvalidSegment(match)) out.push(key.replace('*', match))
    }
  }
  return out
}

/** `./x.js` and the shorter subpaths that probe to it: `./x`, and `./dir` for `dir/index.js`. */
function probeForms(path: string): string[] {
  const out = [toRelative(path)]
  const ext = PROBE_EXTENSIONS.find((e) => path.endsWith(e))
  if (ext !== undefined) {
    const stem = path.slice(0, -ext.length)
    out.push(toRelative(stem))
    if (stem.endsWith('/index')) out.push(toRelative(stem.slice(0, -'/index'.length)))
  }
  return out
}

/** Subpaths of a package without `exports` that may lead to `file` (`./x`), to be checked forwards. */
function legacyCandidates(pkg: PackageJson, file: string): string[] {
  const out = ['.', ...probeForms(packagePath(file) ?? '')]
  // Files that the `browser` object redirects here.
  const browser: unknown = pkg.browser
  if (typeof browser === 'object' && browser !== null && !Array.isArray(browser)) {
    for (const key of Object.keys(browser)) {
      if (!key.startsWith('.') && !key.startsWith('/') && !key.includes('/')) continue
      const keyPath = packagePath(key)
      if (keyPath !== undefined && keyPath !== '') out.push(...probeForms(keyPath))
    }
  }
  return out
}

/** Orders subpaths: `.` first, then by code unit order. */
function bySubpath(a: string, b: string): number {
  if (a === b) return 0
  if (a === '.') return -1
  if (b === '.') return 1
  return a < b ? -1 : 1
}

/**
 * Reverse lookup: the subpaths of the package that resolve to `file` (`./dist/x.js` or
 * `dist/x.js`) under `conditions`, as `resolvePackageEntry` resolves them (with `files`, legacy
 * packages probe extensions and indexes, so `./dist/x` and `./dist` can lead to a file too).
 * `.` comes first, then the others in code unit order; an empty array when nothing exports it.
 * A pattern key whose target has no `*` (every match leads to one file) is not listed.
 * Throws the errors of `resolveExports` for a malformed `exports` field.
 */
export function exportsForFile(pkg: PackageJson, file: string, conditions: readonly string[], files?: PackageFileList): Subpath[] {
  const path = packagePath(file)
  if (path === undefined || path === '') return []
  const target = toRelative(path)
  const candidates = hasExports(pkg) ? exportsCandidates(pkg, target) : legacyCandidates(pkg, target)
  const found = new Set<Subpath>()
  for (const subpath of candidates) {
    if (found.has(subpath as Subpath)) continue
    if (lookupPackageEntry(pkg, subpath, conditions, files) === target) found.add(subpath as Subpath)
  }
  return [...found].sort(bySubpath)
}

/**
 * Every subpath the package exports under `conditions`, given its file list, with the file each
 * leads to: `{ ".": "./index.js", "./feature": "./dist/feature.js", ... }`. Pattern keys are
 * expanded against the files; entries whose target is not in `files`, and files that the
 * `browser` field replaces with an empty module, are left out. A package without `exports`
 * exports every file, also under its extensionless and directory-index subpaths when those probe
 * to it. Keys are ordered `.` first, then in code unit order. Throws the errors of
 * `resolveExports` for a malformed `exports` field.
 */
export function enumerateExports(pkg: PackageJson, files: Iterable<string>, conditions: readonly string[]): Record<string, string> {
  const fileSet: ReadonlySet<string> = new Set(files)
  const candidates = new Set<string>()
  if (hasExports(pkg)) {
    for (const key of Object.keys(normalizeExports(pkg))) if (!key.includes('*')) candidates.add(key)
    for (const file of fileSet) for (const subpath of exportsCandidates(pkg, toRelative(file))) candidates.add(subpath)
  } else {
    for (const file of fileSet) for (const subpath of legacyCandidates(pkg, toRelative(file))) candidates.add(subpath)
  }
  const out: Record<string, string> = {}
  for (const subpath of [...candidates].sort(bySubpath)) {
    const target = lookupPackageEntry(pkg, subpath, conditions, fileSet)
    if (typeof target === 'string' && target.startsWith('./') && fileSet.has(target.slice(2))) out[subpath] = target
  }
  return out
}
