import { bestMatch, rangeInfo, satisfies as matches } from '../semver/index.js'
import type { VersionList } from '../types.js'

/**
 * The installer's only door to semver: every version comparison of `install/` goes through this
 * file, which adapts the core's `semver/` module (npm range syntax, npm's selection rules) to
 * `VersionList`s.
 *
 * The selection rule is npm's (npm-pick-manifest):
 * 1. A dist-tag (`latest`, `next`) selects the version it points at; an exact published version
 *    selects itself, even when yanked.
 * 2. Otherwise yanked versions are out, and so are prereleases unless `unstable` or a range names
 *    a prerelease of the same `major.minor.patch`.
 * 3. When the `latest` dist-tag satisfies every range, it wins, even over a higher version: it is
 *    what the publisher vouches for.
 * 4. Otherwise the highest version satisfying every range.
 */

/** True when `range` is a dist-tag name rather than a semver range (`next`, `beta`). */
export function isTag(range: string): boolean {
  return rangeInfo(range.trim()).isTag
}

/** True when `version` satisfies the semver `range` (a dist-tag satisfies nothing here). */
export function satisfies(version: string, range: string, unstable = false): boolean {
  return !isTag(range) && matches(version, range.trim(), { unstable })
}

/** -1, 0 or 1 as `a` is lower than, equal to or higher than `b` in semver precedence. */
export { compareVersions } from '../semver/index.js'

/** The version `range` selects from `list` (rules 1-4), or `undefined` when none matches. */
export function pickVersion(list: VersionList, range: string, unstable = false): string | undefined {
  const wanted = range.trim() === '' ? '*' : range.trim()
  // Rule 1: dist-tags and exact published versions.
  const tagged = list.tags[wanted]
  if (tagged !== undefined) return tagged
  if (list.versions.includes(wanted)) return wanted
  if (isTag(wanted)) return undefined
  return pickVersionInAll(list, [wanted], unstable)
}

/**
 * The version satisfying every one of `ranges` (rules 2-4), or `undefined`: the version that lets
 * several constraints share one copy.
 */
export function pickVersionInAll(list: VersionList, ranges: readonly string[], unstable = false): string | undefined {
  const [first, ...rest] = ranges
  if (first === undefined || ranges.some(isTag)) return undefined
  // Rule 2: yanked versions are out; prereleases are `satisfies`' business.
  const yanked = new Set(list.yanked ?? [])
  const candidates = list.versions.filter((v) => !yanked.has(v) && rest.every((r) => satisfies(v, r, unstable)))
  // Rules 3 and 4: `latest` when it satisfies, else the highest.
  return bestMatch(candidates, first.trim(), { unstable, tags: { ...(list.tags.latest === undefined ? {} : { latest: list.tags.latest }) } })
}
