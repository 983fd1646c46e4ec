import type { ExactPackage, PackageTarget, VersionList } from '../types.js'
import type { Edge, EdgeTable } from './edges.js'
import { ROOT } from './edges.js'
import { isLocal, isVersionOf, packageId } from './package-key.js'
import { compareVersions, isTag, pickVersion, pickVersionInAll, satisfies } from './semver-adapter.js'

/**
 * The version rules for one edge (R2-R7 of `installer.ts`), synchronous over the current table
 * and the package's version list.
 */

/** What the caller's situation allows. */
export interface ChoiceContext {
  /** Take the latest in range: skip the current version, the primary and reuse (`latest-*` modes, `update`). */
  latest: boolean
  /** `freeze`: keep the current version even out of range, and never move other edges. */
  freeze: boolean
  /** The target was asked for explicitly (an install request), so `freeze` does not keep an out-of-range version. */
  explicit: boolean
  /** The package is in `singletons`: a choice that would add a second version is avoided where a rule allows. */
  singleton: boolean
  /** Whether a scope is still reachable from the top level: only its edges count as a singleton's other versions. */
  isLive: (scope: string) => boolean
  unstable: boolean
}

/**
 * Which rule chose:
 * `kept` (the edge's version is in range), `frozen` (kept out of range by `freeze`), `latest`,
 * `primary` (the top level's copy), `reuse` (another installed version), `upgrade` (a shared
 * version moved up), `new` (the latest in range, next to other versions if any).
 */
export type ChoiceRule = 'kept' | 'frozen' | 'latest' | 'primary' | 'reuse' | 'upgrade' | 'new'

export interface Choice {
  pkg: ExactPackage
  rule: ChoiceRule
  /** Other edges that move to `pkg` with it (rule `upgrade`). */
  moves: Edge[]
}

/** The version for the edge `scope` → `alias` asking for `target`, or `undefined` when none matches. */
export function choose(
  table: EdgeTable,
  scope: string,
  alias: string,
  target: PackageTarget,
  list: VersionList,
  ctx: ChoiceContext,
): Choice | undefined {
  const exact = (version: string): ExactPackage => ({ registry: target.registry, name: target.name, version })
  const others = table.edgesOf(packageId(target)).filter((e) => e.scope !== scope || e.alias !== alias)
  // A singleton must not get a version that differs from one already installed.
  const splits = (version: string): boolean =>
    ctx.singleton && others.some((e) => (!isVersionOf(e.pkg, target) || e.pkg.version !== version) && ctx.isLive(e.scope))
  const inRange = (version: string): boolean => satisfies(version, target.range, ctx.unstable)

  // R2: the edge's current version stays while its range allows it (a dist-tag range keeps
  // whatever it resolved to); `freeze` keeps it regardless, unless the target was asked for.
  const current = table.get(scope, alias)
  if (!ctx.latest && current !== undefined && isVersionOf(current.pkg, target)) {
    const version = current.pkg.version
    if ((isTag(target.range) || inRange(version)) && !splits(version)) return { pkg: current.pkg, rule: 'kept', moves: [] }
    if (ctx.freeze && !ctx.explicit) return { pkg: current.pkg, rule: 'frozen', moves: [] }
  }

  // R3 (latest modes, update): the latest in range, unless that splits a singleton.
  if (ctx.latest) {
    const version = pickVersion(list, target.range, ctx.unstable)
    if (version === undefined) return undefined
    if (!splits(version)) return { pkg: exact(version), rule: 'latest', moves: [] }
  }

  // R4: the top level's copy, which an import map falls back to anyway.
  const primary = scope === ROOT ? undefined : table.get(ROOT, alias)
  if (primary !== undefined && isVersionOf(primary.pkg, target) && inRange(primary.pkg.version))
    return { pkg: primary.pkg, rule: 'primary', moves: [] }

  // R5: the highest version already installed anywhere that satisfies the range.
  let reuse: ExactPackage | undefined
  for (const edge of others)
    if (isVersionOf(edge.pkg, target) && inRange(edge.pkg.version) && (reuse === undefined || compareVersions(edge.pkg.version, reuse.version) > 0))
      reuse = edge.pkg
  if (reuse !== undefined) return { pkg: reuse, rule: 'reuse', moves: [] }

  // R6: upgrade a shared version, so that one copy serves the new range and the old ones.
  if (!ctx.freeze) {
    const upgrade = upgradeShared(others, target, list, ctx)
    if (upgrade !== undefined) return upgrade
  }

  // R7: the latest in range; a new version next to the others (a split into a scope).
  const version = pickVersion(list, target.range, ctx.unstable)
  return version === undefined ? undefined : { pkg: exact(version), rule: 'new', moves: [] }
}

/**
 * R6. The installed versions of the package are tried in turn, the top level's first, then
 * from the highest down. Of the edges at that version, those chosen by a range (never locked,
 * peer or `resolutions` edges; locked ones too for a singleton, once their range is known) move
 * to the highest version that satisfies the new range and every one of theirs, when that is
 * higher than where they are.
 */
function upgradeShared(others: Edge[], target: PackageTarget, list: VersionList, ctx: ChoiceContext): Choice | undefined {
  const groups = new Map<string, Edge[]>()
  for (const edge of others) {
    if (!isVersionOf(edge.pkg, target)) continue
    const group = groups.get(edge.pkg.version) ?? []
    group.push(edge)
    groups.set(edge.pkg.version, group)
  }
  const order = [...groups.entries()].sort(([a, edgesA], [b, edgesB]) => {
    const topA = edgesA.some((e) => e.scope === ROOT)
    const topB = edgesB.some((e) => e.scope === ROOT)
    return topA !== topB ? (topA ? -1 : 1) : compareVersions(b, a)
  })
  for (const [version, edges] of order) {
    const movable = edges.filter(
      (e): e is Edge & { target: PackageTarget } =>
        (e.origin === 'range' || (ctx.singleton && e.origin === 'lock')) && e.target !== undefined && !isLocal(e.target),
    )
    if (movable.length === 0) continue
    const ranges = [target.range, ...movable.map((e) => e.target.range)]
    const to = pickVersionInAll(list, ranges, ctx.unstable)
    if (to !== undefined && compareVersions(to, version) > 0)
      return { pkg: { registry: target.registry, name: target.name, version: to }, rule: 'upgrade', moves: movable }
  }
  return undefined
}
