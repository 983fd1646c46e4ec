import { Semver } from 'sver'

/**
 * A point on the version line that a comparator tests against: a version, or (`floor`) the
 * lowest possible prerelease of `major.minor.patch` (npm writes it `1.2.0-0`). Floors let
 * `1.2`, `^1.2.3` and `<2` include or exclude a version's prereleases as one block.
 */
export interface Bound {
  readonly major: number
  readonly minor: number
  readonly patch: number
  /** Prerelease identifiers (`['beta', '1']`); empty for a release. */
  readonly pre: readonly string[]
  /** True for the lowest prerelease of the tuple: below every `major.minor.patch-*`. */
  readonly floor: boolean
}

/** `>=`, `>`, `<`, `<=`: one half of an interval. (`=v` is `>=v <=v`.) */
export interface Comparator {
  readonly op: '>=' | '>' | '<' | '<='
  readonly bound: Bound
}

export const bound = (major: number, minor: number, patch: number, pre: readonly string[] = [], floor = false): Bound => ({
  major,
  minor,
  patch,
  pre,
  floor,
})

/** The version a bound stands for, as sver spells it (a floor as its release). */
export function boundVersion(b: Bound): string {
  return `${b.major}.${b.minor}.${b.patch}${b.pre.length > 0 ? `-${b.pre.join('.')}` : ''}`
}

function compareTuple(a: Bound, b: Bound): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch
}

/** Orders two bounds: a floor sits below every version with its tuple; versions compare through sver. */
export function compareBounds(a: Bound, b: Bound): number {
  const tuple = compareTuple(a, b)
  if (tuple !== 0) return Math.sign(tuple)
  if (a.floor || b.floor) return a.floor === b.floor ? 0 : a.floor ? -1 : 1
  return Semver.compare(boundVersion(a), boundVersion(b))
}

/** The bound of a parsed sver version (exact semver only). */
export function versionBound(version: Semver): Bound | undefined {
  if (version.major === undefined || version.minor === undefined || version.patch === undefined) return undefined
  return bound(version.major, version.minor, version.patch, version.pre ?? [])
}

/** True when `version` is on the comparator's side of its bound. */
export function testComparator(c: Comparator, version: Bound): boolean {
  const cmp = compareBounds(version, c.bound)
  switch (c.op) {
    case '>=':
      return cmp >= 0
    case '>':
      return cmp > 0
    case '<':
      return cmp < 0
    case '<=':
      return cmp <= 0
  }
}
