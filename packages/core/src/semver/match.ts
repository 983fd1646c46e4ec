import { Semver } from 'sver'
import { testComparator, versionBound, type Bound, type Comparator } from './bound.js'
import { parseRange, type ParsedRange } from './range.js'
import { compareVersions } from './version.js'

export interface MatchOptions {
  /**
   * Let prereleases match any range that covers them (`^1.2.3` matches `1.5.0-beta`; `1.2`
   * matches `1.2.0-rc.1`). Without it, a prerelease matches only a range that names a prerelease
   * of the same `major.minor.patch` (`^1.2.3-beta.1` matches `1.2.3-beta.4`, not `1.3.0-beta`).
   * @default false
   */
  unstable?: boolean
  /**
   * dist-tags (`latest`, `next`, ...) → version. A tag range matches the version it names;
   * without `tags` it matches only the identical version string.
   */
  tags?: Readonly<Record<string, string>>
}

/** A comparator set's verdict on one version, with the prerelease rule. */
function setMatches(set: readonly Comparator[], version: Bound, unstable: boolean): boolean {
  if (!set.every((c) => testComparator(c, version))) return false
  if (version.pre.length === 0 || unstable) return true
  // A prerelease needs a comparator that names a prerelease of the same major.minor.patch.
  return set.some(
    ({ bound: b }) => b.pre.length > 0 && !b.floor && b.major === version.major && b.minor === version.minor && b.patch === version.patch,
  )
}

/**
 * Whether `version` satisfies the npm `range` (see `parseRange`). A tag range (`latest`) matches
 * the version `tags` gives it, or else the identical string; a tag version (`master`) matches
 * only an identical tag range.
 */
export function satisfies(version: string, range: string, options: MatchOptions = {}): boolean {
  return matches(parseRange(range), version, options)
}

function matches(parsed: ParsedRange, version: string, options: MatchOptions): boolean {
  if (parsed.kind === 'tag') {
    const tagged = options.tags?.[parsed.tag]
    return tagged !== undefined ? tagged === version : parsed.tag === version
  }
  const v = versionBound(new Semver(version))
  if (v === undefined) return false
  return parsed.sets.some((set) => setMatches(set, v, options.unstable === true))
}

/**
 * The version of `versions` that `range` selects:
 * - a tag range (`latest`, `next`) gives the version its dist-tag names, when it is listed
 *   (or a listed version spelled the same);
 * - otherwise, as npm does, the `latest` dist-tag when it satisfies the range (unless
 *   `unstable`); else the highest satisfying version.
 * Undefined when none satisfies.
 */
export function bestMatch(versions: readonly string[], range: string, options: MatchOptions = {}): string | undefined {
  const parsed = parseRange(range)
  if (parsed.kind === 'tag') {
    const wanted = options.tags?.[parsed.tag] ?? parsed.tag
    return versions.includes(wanted) ? wanted : undefined
  }
  const latest = options.tags?.latest
  if (options.unstable !== true && latest !== undefined && versions.includes(latest) && matches(parsed, latest, {})) return latest
  let best: string | undefined
  for (const version of versions) {
    if (!matches(parsed, version, { unstable: options.unstable === true })) continue
    if (best === undefined || compareVersions(version, best) === 1) best = version
  }
  return best
}
