import type { Edge, EdgeTable } from './edges.js'
import { ROOT } from './edges.js'
import { byCodeUnit, isLocal, isVersionOf, packageKey, parsePackageKey } from './package-key.js'
import { isTag, satisfies } from './semver-adapter.js'
import { peerConflict } from './messages.js'
import type { InstalledPackage, InstallWarning } from './types.js'

/**
 * Peer dependencies resolve to the importer's copy: what the scope that imports the package
 * resolves the name to. For a package imported from several scopes, the top level wins, then the
 * first scope in code-unit order. In an import map a scope without the name falls back to the
 * top level, and so does this lookup; a package nobody imports yet is treated as top-level.
 */
export function importerCopy(table: EdgeTable, parent: InstalledPackage, name: string): Edge | undefined {
  const parentKey = packageKey(parent)
  const importers = table.importersOf(parent).filter((scope) => scope !== parentKey)
  if (importers.length === 0) return table.get(ROOT, name)
  for (const scope of importers) {
    const edge = table.get(scope, name) ?? table.get(ROOT, name)
    if (edge !== undefined && !(edge.scope === parentKey && edge.alias === name)) return edge
  }
  return undefined
}

/** True when the peer edge's own range allows the copy it points at (a folder always does). */
export function peerInRange(peer: Edge, unstable: boolean): boolean {
  const target = peer.target
  if (target === undefined || isLocal(target) || isLocal(peer.pkg)) return true
  return isVersionOf(peer.pkg, target) && (isTag(target.range) || satisfies(peer.pkg.version, target.range, unstable))
}

/** An edge that changed: what `scope` resolves `alias` to, before and after. */
export interface EdgeChange {
  scope: string
  alias: string
  before: InstalledPackage | undefined
  after: InstalledPackage | undefined
}

/**
 * Re-points the peer edges whose importer's copy may have changed with `changes`: the peers of
 * that name in the packages the scope imports (all of them for the top level, which every scope
 * falls back to), and the peers of the packages that gained or lost an importer. A peer that
 * moves is a change too, so chains of peers settle. Returns the peer edges that moved, sorted.
 */
export function refreshPeers(table: EdgeTable, changes: readonly EdgeChange[]): Edge[] {
  const moved = new Map<string, Edge>()
  const queue = [...changes]
  // A bound against peers that point at each other in a ring: each peer moves a few times at most.
  let budget = 8 * (table.peerCount() + 1)
  for (let change = queue.shift(); change !== undefined && budget > 0; change = queue.shift()) {
    const affected = new Map<string, Edge>()
    const add = (edge: Edge | undefined): void => {
      if (edge?.origin === 'peer') affected.set(`${edge.scope}\0${edge.alias}`, edge)
    }
    // The scope's imports whose peer of this name reads the scope's copy (every one at the top level, the fallback).
    if (change.scope === ROOT) for (const peer of table.peerEdges(change.alias)) add(peer)
    else for (const edge of table.edgesIn(change.scope)) add(table.get(packageKey(edge.pkg), change.alias))
    // The packages that gained or lost this scope as an importer.
    for (const pkg of [change.before, change.after]) if (pkg !== undefined) for (const edge of table.edgesIn(packageKey(pkg))) add(edge)
    for (const peer of [...affected.values()].sort((a, b) => byCodeUnit(a.scope, b.scope) || byCodeUnit(a.alias, b.alias))) {
      const parent = parsePackageKey(peer.scope)
      const copy = parent === undefined ? undefined : importerCopy(table, parent, peer.alias)
      if (copy === undefined || packageKey(copy.pkg) === packageKey(peer.pkg)) continue
      const next: Edge = { ...peer, pkg: copy.pkg }
      table.set(next)
      moved.set(`${peer.scope}\0${peer.alias}`, next)
      queue.push({ scope: peer.scope, alias: peer.alias, before: peer.pkg, after: copy.pkg })
      budget--
    }
  }
  return [...moved.values()].sort((a, b) => byCodeUnit(a.scope, b.scope) || byCodeUnit(a.alias, b.alias))
}

/**
 * The `ESMAP_PEER_CONFLICT` warnings of the current state: live peer edges whose own range does
 * not allow the importer's copy they use. Derived from the state, not collected on the way: a peer
 * resolved before its importer's copy settles may conflict for a moment, which is not worth a warning.
 */
export function peerConflicts(table: EdgeTable, unstable: boolean): InstallWarning[] {
  const live = table.reachableScopes()
  return table.all().flatMap((peer) => {
    if (peer.origin !== 'peer' || !live.has(peer.scope) || peerInRange(peer, unstable)) return []
    const parent = parsePackageKey(peer.scope)
    const copy = parent && importerCopy(table, parent, peer.alias)
    return copy === undefined ? [] : [peerConflict(peer, copy)]
  })
}
