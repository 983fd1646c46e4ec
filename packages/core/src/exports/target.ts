import { isEsmapError } from '../errors.js'
import { invalidConfig, invalidSpecifier, invalidTarget, type ResolutionContext } from './errors.js'
import { hasInvalidSegment } from './pattern.js'

/**
 * What PACKAGE_TARGET_RESOLVE returns: the target (`./dist/x.js`, or for `imports` a bare
 * specifier such as `dep/sub`), `null` for an explicit `null` (blocked), or `undefined` when no
 * condition matched.
 */
export type TargetResult = string | null | undefined

/** The package URL that targets are resolved against to check that they stay inside it. */
const PACKAGE_BASE = 'file:///__package__/'

/** True for an array index key as ECMA-262 6.1.7 defines it (`"0"`, `"12"`, not `"01"`). */
function isArrayIndex(key: string): boolean {
  const n = Number(key)
  return `${n}` === key && Number.isInteger(n) && n >= 0 && n < 2 ** 32 - 1
}

/**
 * PACKAGE_TARGET_RESOLVE(packageURL, target, patternMatch, isImports, conditions), as Node 20
 * implements it (`lib/internal/modules/esm/resolve.js`). `matchKey` is the `exports` / `imports`
 * key that selected this target; it only serves the error messages.
 */
export function resolvePackageTarget(
  ctx: ResolutionContext,
  target: unknown,
  patternMatch: string | null,
  matchKey: string,
  conditions: ReadonlySet<string>,
): TargetResult {
  // 1. If target is a String, then
  if (typeof target === 'string') return resolveTargetString(ctx, target, patternMatch, matchKey)

  // 3. Otherwise, if target is an Array, then
  if (Array.isArray(target)) {
    // 3.1. If target.length is zero, return null.
    if (target.length === 0) return null
    // 3.2. For each item targetValue in target, do
    let last: Error | null | undefined
    for (const item of target as unknown[]) {
      let resolved: TargetResult
      try {
        // 3.2.1. Let resolved be the result of PACKAGE_TARGET_RESOLVE(packageURL, targetValue,
        //        patternMatch, isImports, conditions), continuing the loop on any Invalid Package
        //        Target error.
        resolved = resolvePackageTarget(ctx, item, patternMatch, matchKey, conditions)
      } catch (err) {
        if (!isEsmapError(err, 'ERR_INVALID_PACKAGE_TARGET')) throw err
        last = err
        continue
      }
      // 3.2.2. If resolved is undefined, continue the loop.
      if (resolved === undefined) continue
      // (Node: a null item is remembered as the fallback result and the loop goes on.)
      if (resolved === null) {
        last = null
        continue
      }
      // 3.2.3. Return resolved.
      return resolved
    }
    // 3.3. Return or throw the last fallback resolution null return or error.
    if (last === undefined || last === null) return last
    throw last
  }

  // 2. Otherwise, if target is a non-null Object, then
  if (typeof target === 'object' && target !== null) {
    const keys = Object.keys(target)
    // 2.1. If target contains any index property keys, as defined in ECMA-262 6.1.7 Array Index,
    //      throw an Invalid Package Configuration error.
    if (keys.some(isArrayIndex)) {
      throw invalidConfig(ctx, `the target of "${matchKey}" cannot contain numeric property keys`)
    }
    // 2.2. For each property p of target, in object insertion order as,
    for (const key of keys) {
      // 2.2.1. If p equals "default" or conditions contains an entry for p, then
      if (key !== 'default' && !conditions.has(key)) continue
      // 2.2.1.1.-2. Let resolved be the result of PACKAGE_TARGET_RESOLVE of the value of p.
      const resolved = resolvePackageTarget(ctx, (target as Record<string, unknown>)[key], patternMatch, matchKey, conditions)
      // 2.2.1.3. If resolved is equal to undefined, continue the loop.
      if (resolved === undefined) continue
      // 2.2.1.4. Return resolved.
      return resolved
    }
    // 2.3. Return undefined.
    return undefined
  }

  // 4. Otherwise, if target is null, return null.
  if (target === null) return null

  // 5. Otherwise throw an Invalid Package Target error.
  throw invalidTarget(ctx, matchKey, target, 'a target must be a string, an array, an object of conditions or null')
}

/** PACKAGE_TARGET_RESOLVE step 1, for a string target. */
function resolveTargetString(ctx: ResolutionContext, target: string, patternMatch: string | null, matchKey: string): string {
  const substitute = (s: string): string => (patternMatch === null ? s : s.replaceAll('*', patternMatch))

  // 1.1. If target does not start with "./", then
  if (!target.startsWith('./')) {
    // 1.1.1. If isImports is false, or if target starts with "../" or "/", or if target is a valid
    //        URL, then throw an Invalid Package Target error.
    if (!ctx.isImports) throw invalidTarget(ctx, matchKey, target, 'targets in "exports" must start with "./"')
    if (target.startsWith('../') || target.startsWith('/')) {
      throw invalidTarget(ctx, matchKey, target, 'targets in "imports" must start with "./" or name a package')
    }
    if (URL.canParse(target)) throw invalidTarget(ctx, matchKey, target, 'targets in "imports" cannot be URLs')
    // 1.1.2. If patternMatch is a String, then return PACKAGE_RESOLVE(target with every instance
    //        of "*" replaced by patternMatch, packageURL + "/").
    // 1.1.3. Return PACKAGE_RESOLVE(target, packageURL + "/").
    // PACKAGE_RESOLVE is the caller's business: return the bare specifier to resolve.
    return substitute(target)
  }

  // 1.2. If target split on "/" or "\" contains any "", ".", "..", or "node_modules" segments
  //      after the first "." segment, case insensitive and including percent encoded variants,
  //      throw an Invalid Package Target error. (Node 20 only warns for "" segments.)
  if (hasInvalidSegment(target.slice(2))) {
    throw invalidTarget(ctx, matchKey, target, 'targets cannot contain ".", ".." or "node_modules" segments')
  }

  // 1.3. Let resolvedTarget be the URL resolution of the concatenation of packageURL and target.
  // 1.4. Assert: packageURL is contained in resolvedTarget.
  if (!new URL(target, PACKAGE_BASE).pathname.startsWith(new URL(PACKAGE_BASE).pathname)) {
    throw invalidTarget(ctx, matchKey, target, 'the target resolves outside the package')
  }

  // 1.5. If patternMatch is null, then return resolvedTarget.
  if (patternMatch === null) return target

  // 1.6. If patternMatch split on "/" or "\" contains any "", ".", "..", or "node_modules"
  //      segments, case insensitive and including percent encoded variants, throw an Invalid
  //      Module Specifier error. (Node 20 only warns for "" segments.)
  if (hasInvalidSegment(patternMatch)) {
    throw invalidSpecifier(ctx, `the part "${patternMatch}" matched by "${matchKey}" contains ".", ".." or "node_modules" segments`)
  }

  // 1.7. Return the URL resolution of resolvedTarget with every instance of "*" replaced with
  //      patternMatch.
  return substitute(target)
}
