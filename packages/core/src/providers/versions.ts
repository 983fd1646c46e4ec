import { bestMatch } from '../semver/index.js'
import type { VersionList } from '../types.js'

/**
 * The version of `list` that `range` selects, or `undefined` when none matches:
 * 1. a published version named exactly selects itself, even when yanked;
 * 2. otherwise yanked versions are out, and the semver layer's `bestMatch` decides with npm's
 *    rules: a dist-tag selects its version; `latest` wins when it satisfies the range (unless
 *    `unstable`); else the highest satisfying version, prereleases only when `unstable` or named.
 */
export function pickVersion(list: VersionList, range: string, unstable: boolean): string | undefined {
  const wanted = range.trim() === '' ? '*' : range.trim()
  // Step 1: an exact published version, yanked or not.
  if (list.versions.includes(wanted)) return wanted
  // Step 2: a range over the versions that are not yanked.
  const yanked = new Set(list.yanked ?? [])
  const candidates = yanked.size === 0 ? list.versions : list.versions.filter((v) => !yanked.has(v))
  return bestMatch(candidates, wanted, { unstable, tags: list.tags })
}
