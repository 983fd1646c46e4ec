import { SemverRange, type SemverRangeType } from 'sver'
import { bound, compareBounds, type Bound, type Comparator } from './bound.js'
import { parseRange, type ParsedRange } from './range.js'

/** The versions one comparator set admits, as an interval (prereleases included). */
interface Interval {
  lower: Bound | undefined
  lowerInclusive: boolean
  upper: Bound | undefined
  upperInclusive: boolean
}

/** No version is below the floor of 0.0.0. */
const LOWEST = bound(0, 0, 0, [], true)

function toInterval(set: readonly Comparator[]): Interval {
  const out: Interval = { lower: LOWEST, lowerInclusive: true, upper: undefined, upperInclusive: true }
  for (const c of set) {
    if (c.op === '>=' || c.op === '>') {
      const cmp = out.lower === undefined ? 1 : compareBounds(c.bound, out.lower)
      if (cmp > 0 || (cmp === 0 && c.op === '>')) Object.assign(out, { lower: c.bound, lowerInclusive: c.op === '>=' })
    } else {
      const cmp = out.upper === undefined ? -1 : compareBounds(c.bound, out.upper)
      if (cmp < 0 || (cmp === 0 && c.op === '<')) Object.assign(out, { upper: c.bound, upperInclusive: c.op === '<=' })
    }
  }
  return out
}

function isEmpty(i: Interval): boolean {
  if (i.lower === undefined || i.upper === undefined) return false
  const cmp = compareBounds(i.lower, i.upper)
  return cmp > 0 || (cmp === 0 && !(i.lowerInclusive && i.upperInclusive))
}

/** True when every version of `inner` is in `outer`. */
function within(inner: Interval, outer: Interval): boolean {
  if (outer.lower !== undefined) {
    if (inner.lower === undefined) return false
    const cmp = compareBounds(inner.lower, outer.lower)
    if (cmp < 0 || (cmp === 0 && inner.lowerInclusive && !outer.lowerInclusive)) return false
  }
  if (outer.upper !== undefined) {
    if (inner.upper === undefined) return false
    const cmp = compareBounds(inner.upper, outer.upper)
    if (cmp > 0 || (cmp === 0 && inner.upperInclusive && !outer.upperInclusive)) return false
  }
  return true
}

const sverOf = (parsed: ParsedRange): string => (parsed.kind === 'tag' ? parsed.tag : parsed.sver)

/**
 * Whether some version (prereleases included) satisfies both ranges. A tag range intersects only
 * the same tag.
 */
export function intersects(a: string, b: string): boolean {
  const pa = parseRange(a)
  const pb = parseRange(b)
  if (pa.kind === 'tag' || pb.kind === 'tag') return pa.kind === 'tag' && pb.kind === 'tag' && pa.tag === pb.tag
  return pa.sets.some((sa) => pb.sets.some((sb) => !isEmpty(toInterval([...sa, ...sb]))))
}

/**
 * Whether every version (prereleases included) that `other` admits is also in `range`:
 * `contains('^1.1.0', '~1.3.1-alpha')` is true. Conservative for unions: each set of `other`
 * must fit inside one set of `range`. A tag contains only the same tag.
 */
export function contains(range: string, other: string): boolean {
  const pa = parseRange(range)
  const pb = parseRange(other)
  if (pa.kind === 'tag' || pb.kind === 'tag') return pa.kind === 'tag' && pb.kind === 'tag' && pa.tag === pb.tag
  const outer = pa.sets.map(toInterval)
  return pb.sets.map(toInterval).every((inner) => isEmpty(inner) || outer.some((o) => within(inner, o)))
}

/**
 * The range of versions both ranges admit, in sver's spelling (`^1.1.0` and `~1.3` → `1.3`),
 * or undefined when they do not intersect.
 */
export function intersectRanges(a: string, b: string): string | undefined {
  if (!intersects(a, b)) return undefined
  return new SemverRange(sverOf(parseRange(a))).intersect(sverOf(parseRange(b)))?.toString()
}

/** sver's range order (by upper bound, then lower bound): -1, 0 or 1. `*` sorts last. */
export function compareRanges(a: string, b: string): -1 | 0 | 1 {
  return SemverRange.compare(sverOf(parseRange(a)), sverOf(parseRange(b)))
}

/** A new array of `ranges` in `compareRanges` order; the sort is stable. */
export function sortRanges(ranges: readonly string[]): string[] {
  return [...ranges].sort(compareRanges)
}

/** The range in sver's canonical spelling: `~0.1` → `0.1`, `1.2.x` → `1.2`, `>= 1.2.3` → `>=1.2.3`. */
export function normalizeRange(range: string): string {
  return new SemverRange(sverOf(parseRange(range))).toString()
}

/** What kind of range a string is. */
export interface RangeInfo {
  /** sver's canonical spelling (see `normalizeRange`). */
  normalized: string
  /**
   * sver's classification: `wildcard`, `major` (`^1.2`, `1`), `stable` (`~1.2.3`, `1.2`),
   * `exact` (a version or a tag), `lower_bound`, `upper_bound`, `intersection` or `union`.
   */
  type: SemverRangeType
  /** Not range syntax: a dist-tag or other name (`latest`, `next`, `wip/x`). */
  isTag: boolean
  /** Exactly one version (`1.2.3`, `=v1.2.3`). */
  isExact: boolean
}

export function rangeInfo(range: string): RangeInfo {
  const parsed = parseRange(range)
  const sver = new SemverRange(sverOf(parsed))
  return { normalized: sver.toString(), type: sver.type, isTag: parsed.kind === 'tag', isExact: parsed.kind === 'range' && parsed.exact }
}

/** True when the range names exactly one version (`1.2.3`, `=1.2.3`); tags are not exact, they move. */
export function isExact(range: string): boolean {
  const parsed = parseRange(range)
  return parsed.kind === 'range' && parsed.exact
}
