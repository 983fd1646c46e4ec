import type { Edge, EdgeTable } from './edges.js'
import { ROOT } from './edges.js'
import { isLocal, isVersionOf, packageKey, parsePackageKey } from './package-key.js'
import { isTag, satisfies } from './semver-adapter.js'
import type { InstalledPackage } from './types.js'

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

/**
 * Re-points every peer edge at its importer's current copy, after other edges moved. Repeats
 * until nothing changes, since a peer's importer may itself resolve the name as a peer. Returns
 * the peer edges that moved.
 */
export function refreshPeers(table: EdgeTable): Edge[] {
  const moved = new Map<string, Edge>()
  const rounds = table.peerEdges().length
  for (let round = 0; round <= rounds; round++) {
    let changed = false
    for (const peer of table.peerEdges()) {
      const parent = parsePackageKey(peer.scope)
      const copy = parent === undefined ? undefined : importerCopy(table, parent, peer.alias)
      if (copy === undefined || packageKey(copy.pkg) === packageKey(peer.pkg)) continue
      const next: Edge = { ...peer, pkg: copy.pkg }
      table.set(next)
      moved.set(`${peer.scope}\0${peer.alias}`, next)
      changed = true
    }
    if (!changed) break
  }
  return [...moved.values()]
}
