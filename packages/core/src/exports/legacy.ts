import { EsmapError } from '../errors.js'
import type { PackageJson } from '../types.js'
import { UNNAMED_PACKAGE } from './errors.js'
import { packagePath, PROBE_EXTENSIONS, probeFile, toRelative, type PackageFileList } from './files.js'

/**
 * What the `browser` field says about a specifier or file:
 * - a string: the replacement, `./path` inside the package (normalised) or a bare specifier,
 * - `null`: replaced by an empty module (`false` in the field),
 * - `undefined`: the field does not mention it.
 */
export type BrowserMapping = string | null | undefined

/** The keys under which the `browser` object may list a package file `path` (`lib/x.js`). */
function fileKeys(path: string): string[] {
  const forms = [path]
  const ext = PROBE_EXTENSIONS.find((e) => path.endsWith(e))
  if (ext !== undefined) {
    const stem = path.slice(0, -ext.length)
    forms.push(stem)
    // `lib/index.js` is also what `lib` names (but the root index is the main entry, not a key).
    if (stem.endsWith('/index')) forms.push(stem.slice(0, -'/index'.length))
  }
  // Each form with and without the leading "./", as bundlers look them up.
  return forms.flatMap((f) => [`./${f}`, f])
}

/**
 * The `browser` field's object form (the package-browser-field spec, as bundlers apply it) for a
 * bare specifier the package imports (`fs`, `crypto`) or a file of the package (`./lib/node.js`,
 * also listed in the field as `lib/node.js`, `./lib/node`, or `./lib` for `lib/index.js`).
 * A replacement that starts with `.` or `/` is a file of the package and comes back as
 * `./normalised/path`; any other replacement is a bare specifier and comes back as written.
 * Throws ERR_INVALID_PACKAGE_CONFIG for a replacement that is neither a string nor `false`, or a
 * path that leaves the package.
 */
export function resolveBrowserMap(pkg: PackageJson, specifierOrPath: string): BrowserMapping {
  const browser: unknown = pkg.browser
  if (typeof browser !== 'object' || browser === null || Array.isArray(browser)) return undefined
  const map = browser as Record<string, unknown>
  const isPath = specifierOrPath.startsWith('./') || specifierOrPath.startsWith('../') || specifierOrPath.startsWith('/')
  const path = isPath ? packagePath(specifierOrPath) : undefined
  const keys = path === undefined ? (isPath ? [] : [specifierOrPath]) : fileKeys(path)
  const key = keys.find((k) => Object.hasOwn(map, k))
  if (key === undefined) return undefined
  const value = map[key]
  if (value === false) return null
  if (typeof value !== 'string') throw invalidBrowserField(pkg, specifierOrPath, `"${key}" maps to ${JSON.stringify(value)}; a replacement must be a string or false`)
  if (!value.startsWith('.') && !value.startsWith('/')) return value
  const target = packagePath(value)
  if (target === undefined) throw invalidBrowserField(pkg, specifierOrPath, `"${key}" maps to "${value}", which is outside the package`)
  return toRelative(target)
}

function invalidBrowserField(pkg: PackageJson, specifier: string, reason: string): EsmapError {
  const pkgName = pkg.name ?? UNNAMED_PACKAGE
  return new EsmapError('ERR_INVALID_PACKAGE_CONFIG', `Invalid "browser" field in package "${pkgName}": ${reason}`, {
    specifier,
    fix: `correct the "browser" field of "${pkgName}" (a package override), or report it to the package author`,
  })
}

/** The main-entry fields that apply under `conditions`, in the order they are tried. */
function mainFields(pkg: PackageJson, conditions: readonly string[]): string[] {
  const fields: unknown[] = []
  if (conditions.includes('browser')) fields.push(pkg.browser)
  if (conditions.includes('module')) fields.push(pkg.module)
  fields.push(pkg.main)
  return fields.filter((f): f is string => typeof f === 'string' && f !== '')
}

/**
 * The main entry of a package without `exports` (Node's LEGACY_MAIN_RESOLVE, extended as
 * bundlers do): the `browser` string when the `browser` condition is on, then `module` when the
 * `module` condition is on, then `main`, then `index`.
 *
 * With `files`, each candidate is probed (PROBE_EXTENSIONS, then `/index` + each) and the first
 * that exists wins; undefined when none does. Without `files`, the first candidate is returned as
 * written (normalised to `./path`), or `./index.js`.
 */
export function resolveLegacyMain(pkg: PackageJson, conditions: readonly string[], files?: PackageFileList): string | undefined {
  const candidates = mainFields(pkg, conditions).flatMap((field) => {
    const path = packagePath(field)
    return path === undefined ? [] : [path]
  })
  if (files === undefined) {
    const first = candidates[0]
    return first === undefined || first === '' ? './index.js' : toRelative(first)
  }
  for (const path of [...candidates, '']) {
    const file = probeFile(files, path)
    if (file !== undefined) return toRelative(file)
  }
  return undefined
}
