import type { ExportsTarget, PackageJson } from '../types.js'
import { exportsNotFound, invalidConfig, invalidSpecifier, UNNAMED_PACKAGE, type ResolutionContext } from './errors.js'
import { matchPatternKey } from './pattern.js'
import { resolvePackageTarget } from './target.js'

/** A package subpath as `exports` keys spell it: `.` or `./sub/path`. */
export type Subpath = '.' | `./${string}`

/** True when the package.json has an `exports` field that Node uses (`null` counts as absent). */
export function hasExports(pkg: PackageJson): boolean {
  return pkg.exports !== undefined && pkg.exports !== null
}

function context(pkg: PackageJson, subpath: string, conditions: readonly string[]): ResolutionContext {
  return { pkgName: pkg.name ?? UNNAMED_PACKAGE, request: subpath, conditions, isImports: false }
}

/**
 * The `exports` value as a subpath map: the main-entry sugar (a string, an array, or an object of
 * conditions) becomes `{ ".": exports }`. Throws ERR_INVALID_PACKAGE_CONFIG when the object mixes
 * keys that start with "." and keys that do not.
 */
export function normalizeExports(pkg: PackageJson, ctx: ResolutionContext = context(pkg, '.', [])): Record<string, ExportsTarget> {
  const exports = pkg.exports
  // PACKAGE_EXPORTS_RESOLVE 1. If exports is an Object with both a key starting with "." and a
  //    key not starting with ".", throw an Invalid Package Configuration error.
  // 2.1. (sugar) If exports is a String or Array, or an Object containing no keys starting with
  //      ".", then let mainExport be exports.
  if (typeof exports === 'string' || Array.isArray(exports)) return { '.': exports }
  if (typeof exports !== 'object' || exports === null) return {}
  let sugar: boolean | undefined
  for (const key of Object.keys(exports)) {
    const isCondition = key === '' || key[0] !== '.'
    if (sugar === undefined) sugar = isCondition
    else if (sugar !== isCondition) {
      throw invalidConfig(ctx, '"exports" cannot mix keys that start with "." (subpaths) and keys that do not (conditions)')
    }
  }
  return sugar === true ? { '.': exports } : exports
}

/**
 * PACKAGE_EXPORTS_RESOLVE without the final "not exported" error: the target for `subpath`, or
 * undefined when `exports` defines none (no key, no matching condition, or `null`).
 * Throws ERR_INVALID_PACKAGE_CONFIG / ERR_INVALID_PACKAGE_TARGET / ERR_INVALID_MODULE_SPECIFIER.
 */
export function lookupExports(pkg: PackageJson, subpath: string, conditions: readonly string[]): string | undefined {
  const ctx = context(pkg, subpath, conditions)
  if (subpath !== '.' && !subpath.startsWith('./')) {
    throw invalidSpecifier(ctx, 'a package subpath must be "." or start with "./"')
  }
  const exports = normalizeExports(pkg, ctx)
  const active = new Set(conditions)

  // 2. If subpath is equal to ".", then mainExport = exports["."] (after the sugar above) and
  // 3. Otherwise, if exports is an Object and all keys of exports start with ".", then
  //    PACKAGE_IMPORTS_EXPORTS_RESOLVE(subpath, exports, packageURL, false, conditions):
  // 1. If matchKey is a key of matchObj and does not contain "*" (and does not end with "/"), then
  //    return PACKAGE_TARGET_RESOLVE(packageURL, matchObj[matchKey], null, isImports, conditions).
  if (Object.hasOwn(exports, subpath) && !subpath.includes('*') && !subpath.endsWith('/')) {
    const resolved = resolvePackageTarget(ctx, exports[subpath], null, subpath, active)
    // 4. If resolved is not null or undefined, return resolved.
    return resolved ?? undefined
  }
  // 2.-5. The most specific pattern key (PATTERN_KEY_COMPARE) whose prefix and trailer match.
  const match = matchPatternKey(subpath, Object.keys(exports))
  if (match === undefined) return undefined
  const resolved = resolvePackageTarget(ctx, exports[match.key], match.patternMatch, match.key, active)
  return resolved ?? undefined
}

/**
 * Node's PACKAGE_EXPORTS_RESOLVE: the target that `exports` gives `subpath` (`.` or `./sub`)
 * under `conditions` (matched in the object's key order; `default` always matches; esmap's caller
 * includes `import`). Returns the target as written, with `*` substituted (`./dist/x.js`).
 *
 * Throws an EsmapError with Node's code: ERR_PACKAGE_PATH_NOT_EXPORTED (also when the package has
 * no `exports`), ERR_INVALID_PACKAGE_TARGET, ERR_INVALID_MODULE_SPECIFIER, ERR_INVALID_PACKAGE_CONFIG.
 */
export function resolveExports(pkg: PackageJson, subpath: string, conditions: readonly string[]): string {
  const ctx = context(pkg, subpath, conditions)
  // 4. Throw a Package Path Not Exported error.
  if (!hasExports(pkg)) throw exportsNotFound(ctx)
  const resolved = lookupExports(pkg, subpath, conditions)
  if (resolved === undefined) throw exportsNotFound(ctx)
  return resolved
}
