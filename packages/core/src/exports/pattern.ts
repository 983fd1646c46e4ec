/**
 * Key matching shared by PACKAGE_EXPORTS_RESOLVE and PACKAGE_IMPORTS_RESOLVE
 * (PACKAGE_IMPORTS_EXPORTS_RESOLVE and PATTERN_KEY_COMPARE in Node's resolution spec),
 * and the segment checks of PACKAGE_TARGET_RESOLVE.
 */

/** A key of an `exports` / `imports` object that matched a request. */
export interface KeyMatch {
  /** The matched key (`./feat/*.js`, `#dep`). */
  readonly key: string
  /** What `*` stands for, or null when the key matched exactly. */
  readonly patternMatch: string | null
}

/**
 * PATTERN_KEY_COMPARE(keyA, keyB): orders keys so that the most specific pattern comes first.
 * Returns -1 when `a` sorts before `b` (is more specific), 1 when after, 0 when equal.
 */
export function patternKeyCompare(a: string, b: string): -1 | 0 | 1 {
  // 1.-2. Assert: both keys end with "/" or contain a single "*".
  // 3.-4. Let baseLength be the index of "*" plus one, or the key's length without a "*".
  const aPatternIndex = a.indexOf('*')
  const bPatternIndex = b.indexOf('*')
  const baseLengthA = aPatternIndex === -1 ? a.length : aPatternIndex + 1
  const baseLengthB = bPatternIndex === -1 ? b.length : bPatternIndex + 1
  // 5.-6. The longer base (prefix up to and including "*") sorts first.
  if (baseLengthA > baseLengthB) return -1
  if (baseLengthB > baseLengthA) return 1
  // 7.-8. A key without "*" sorts after one with it.
  if (aPatternIndex === -1) return 1
  if (bPatternIndex === -1) return -1
  // 9.-10. The longer key (longer trailer) sorts first.
  if (a.length > b.length) return -1
  if (b.length > a.length) return 1
  // 11. Return 0.
  return 0
}

/**
 * The best pattern key of `matchObj` for `request` (PACKAGE_IMPORTS_EXPORTS_RESOLVE steps 2-5):
 * keys with exactly one `*` whose prefix and trailer surround a non-empty match, the most specific
 * by PATTERN_KEY_COMPARE. Exact (non-pattern) keys are the caller's step 1. Undefined when none match.
 */
export function matchPatternKey(request: string, keys: readonly string[]): KeyMatch | undefined {
  let best: KeyMatch | undefined
  // 2. Let expansionKeys be the list of keys of matchObj containing only a single "*", sorted by
  //    PATTERN_KEY_COMPARE. (Node walks the keys once and keeps the best; same result.)
  for (const key of keys) {
    const patternIndex = key.indexOf('*')
    if (patternIndex === -1 || key.lastIndexOf('*') !== patternIndex) continue
    // 3.1. Let patternBase be the substring of expansionKey up to but excluding the first "*".
    const patternBase = key.slice(0, patternIndex)
    // 3.2. If matchKey starts with but is not equal to patternBase, then
    if (!request.startsWith(patternBase)) continue
    // 3.2.1. Let patternTrailer be the substring of expansionKey from the index after the first "*".
    const patternTrailer = key.slice(patternIndex + 1)
    // 3.2.2. If patternTrailer has zero length, or if matchKey ends with patternTrailer and the
    //        length of matchKey is greater than or equal to the length of expansionKey, then
    if (request.length < key.length || !request.endsWith(patternTrailer)) continue
    if (best !== undefined && patternKeyCompare(best.key, key) !== 1) continue
    // 3.2.2.2. Let patternMatch be the substring of matchKey starting at the index of the length
    //          of patternBase up to the length of matchKey minus the length of patternTrailer.
    best = { key, patternMatch: request.slice(patternIndex, request.length - patternTrailer.length) }
  }
  return best
}

/**
 * A segment that PACKAGE_TARGET_RESOLVE rejects: `.`, `..` or `node_modules`, case-insensitive and
 * in percent-encoded form too (Node's `deprecatedInvalidSegmentRegEx`, which throws). Empty
 * segments are only a deprecation warning in Node 20, so they pass here as they pass in Node.
 */
const invalidSegment =
  /(^|\\|\/)((\.|%2e)(\.|%2e)?|(n|%6e|%4e)(o|%6f|%4f)(d|%64|%44)(e|%65|%45)(_|%5f)(m|%6d|%4d)(o|%6f|%4f)(d|%64|%44)(u|%75|%55)(l|%6c|%4c)(e|%65|%45)(s|%73|%53))(\\|\/|$)/i

/** True when `path`, split on `/` or `\`, has a `.`, `..` or `node_modules` segment (any case or percent-encoding). */
export function hasInvalidSegment(path: string): boolean {
  return invalidSegment.test(path)
}
