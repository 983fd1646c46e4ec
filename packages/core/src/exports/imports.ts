import type { PackageJson } from '../types.js'
import { importNotDefined, invalidSpecifier, UNNAMED_PACKAGE, type ResolutionContext } from './errors.js'
import { matchPatternKey } from './pattern.js'
import { resolvePackageTarget } from './target.js'

/**
 * PACKAGE_IMPORTS_RESOLVE without the final "not defined" error: the target of `#name`
 * (`./src/x.js`, or a bare specifier such as `dep/sub` for the caller to resolve as a package),
 * or undefined when `imports` defines none.
 * Throws ERR_INVALID_MODULE_SPECIFIER / ERR_INVALID_PACKAGE_TARGET / ERR_INVALID_PACKAGE_CONFIG.
 */
export function lookupImports(pkg: PackageJson, specifier: string, conditions: readonly string[]): string | undefined {
  const ctx: ResolutionContext = { pkgName: pkg.name ?? UNNAMED_PACKAGE, request: specifier, conditions, isImports: true }
  // 1. Assert: specifier begins with "#".
  if (!specifier.startsWith('#')) throw invalidSpecifier(ctx, 'an "imports" specifier must start with "#"')
  // 2. If specifier is exactly equal to "#" or starts with "#/", then throw an Invalid Module
  //    Specifier error. (Node also rejects a specifier that ends with "/".)
  if (specifier === '#' || specifier.startsWith('#/') || specifier.endsWith('/')) {
    throw invalidSpecifier(ctx, 'it is not a valid internal imports specifier name')
  }
  // 3.-4. Let packageURL be the result of LOOKUP_PACKAGE_SCOPE(parentURL): here, `pkg` is it.
  const imports: unknown = pkg.imports
  // 5.1. If pjson.imports is a non-null Object, then
  if (typeof imports !== 'object' || imports === null || Array.isArray(imports)) return undefined
  const matchObj = imports as Record<string, unknown>
  const active = new Set(conditions)
  // 5.1.1. Let resolved be PACKAGE_IMPORTS_EXPORTS_RESOLVE(specifier, pjson.imports, packageURL,
  //        true, conditions):
  // 1. If matchKey is a key of matchObj and does not contain "*", then return
  //    PACKAGE_TARGET_RESOLVE(packageURL, matchObj[matchKey], null, isImports, conditions).
  if (Object.hasOwn(matchObj, specifier) && !specifier.includes('*')) {
    // 5.1.2. If resolved is not null or undefined, return resolved.
    return resolvePackageTarget(ctx, matchObj[specifier], null, specifier, active) ?? undefined
  }
  // 2.-5. The most specific pattern key (PATTERN_KEY_COMPARE) whose prefix and trailer match.
  const match = matchPatternKey(specifier, Object.keys(matchObj))
  if (match === undefined) return undefined
  return resolvePackageTarget(ctx, matchObj[match.key], match.patternMatch, match.key, active) ?? undefined
}

/**
 * Node's PACKAGE_IMPORTS_RESOLVE for a package's own `#name` imports under `conditions`:
 * returns `./target` (with `*` substituted) or a bare specifier target to resolve as a package.
 *
 * Throws an EsmapError with Node's code: ERR_PACKAGE_IMPORT_NOT_DEFINED, ERR_INVALID_MODULE_SPECIFIER,
 * ERR_INVALID_PACKAGE_TARGET, ERR_INVALID_PACKAGE_CONFIG.
 */
export function resolveImports(pkg: PackageJson, specifier: string, conditions: readonly string[]): string {
  const resolved = lookupImports(pkg, specifier, conditions)
  // 6. Throw a Package Import Not Defined error.
  if (resolved === undefined) {
    throw importNotDefined({ pkgName: pkg.name ?? UNNAMED_PACKAGE, request: specifier, conditions, isImports: true })
  }
  return resolved
}
