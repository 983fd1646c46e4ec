import type { ExactPackage } from '../types.js'
import { byCodeUnit, isLocal, packageId, packageKey } from './package-key.js'
import type { DependencyTarget, InstalledPackage, InstallLock } from './types.js'

/** The scope of top-level installs (`imports`); every other scope is a parent package key. */
export const ROOT = ''

/**
 * Why an edge points where it does:
 * - `lock`: taken from the input lock and kept (its range, once known, allows it);
 * - `range`: chosen by the version rules for its range;
 * - `peer`: a peer dependency, following the importer's copy;
 * - `resolution`: forced by `resolutions`.
 */
export type EdgeOrigin = 'lock' | 'range' | 'peer' | 'resolution'

/** One resolution: in `scope`, the bare name `alias` maps to `pkg`. */
export interface Edge {
  scope: string
  alias: string
  pkg: InstalledPackage
  /** What the scope asks for; `undefined` for a locked edge nobody has visited yet. */
  target: DependencyTarget | undefined
  origin: EdgeOrigin
}

/**
 * Every resolution of the installer: scope → alias → edge. Iteration is always in code-unit order
 * of scope then alias (the top level first), so everything derived from it is deterministic.
 */
export class EdgeTable {
  private readonly scopes = new Map<string, Map<string, Edge>>()
  /** packageId → edges at any version of it; packageKey → edges at exactly it; alias → peer edges. */
  private readonly byId = new Map<string, Map<string, Edge>>()
  private readonly byKey = new Map<string, Map<string, Edge>>()
  private readonly peersByAlias = new Map<string, Map<string, Edge>>()
  /** `reachableScopes()`, until an edge is added, removed or points elsewhere. */
  private reachable: Set<string> | undefined

  /** The table of a lock: every entry an unvisited `lock` edge. */
  static fromLock(lock: InstallLock | undefined): EdgeTable {
    const table = new EdgeTable()
    if (lock === undefined) return table
    for (const [alias, pkg] of lock.primary) table.set({ scope: ROOT, alias, pkg, target: undefined, origin: 'lock' })
    for (const [scope, entries] of lock.secondary)
      for (const [alias, pkg] of entries) table.set({ scope, alias, pkg, target: undefined, origin: 'lock' })
    return table
  }

  get(scope: string, alias: string): Edge | undefined {
    return this.scopes.get(scope)?.get(alias)
  }

  set(edge: Edge): void {
    const previous = this.get(edge.scope, edge.alias)
    if (previous !== undefined) this.unlink(previous)
    if (previous === undefined || packageKey(previous.pkg) !== packageKey(edge.pkg)) this.reachable = undefined
    let scope = this.scopes.get(edge.scope)
    if (scope === undefined) this.scopes.set(edge.scope, (scope = new Map()))
    scope.set(edge.alias, edge)
    const key = edgeKey(edge)
    addTo(this.byId, packageId(edge.pkg), key, edge)
    addTo(this.byKey, packageKey(edge.pkg), key, edge)
    if (edge.origin === 'peer') addTo(this.peersByAlias, edge.alias, key, edge)
  }

  delete(scope: string, alias: string): boolean {
    const edge = this.get(scope, alias)
    if (edge === undefined) return false
    this.unlink(edge)
    this.reachable = undefined
    return true
  }

  private unlink(edge: Edge): void {
    const entries = this.scopes.get(edge.scope)!
    entries.delete(edge.alias)
    if (entries.size === 0) this.scopes.delete(edge.scope)
    const key = edgeKey(edge)
    removeFrom(this.byId, packageId(edge.pkg), key)
    removeFrom(this.byKey, packageKey(edge.pkg), key)
    removeFrom(this.peersByAlias, edge.alias, key)
  }

  /** Drops a whole scope. */
  deleteScope(scope: string): void {
    for (const alias of [...(this.scopes.get(scope)?.keys() ?? [])]) this.delete(scope, alias)
  }

  /** Scope keys, top level first, then in code-unit order. */
  scopeKeys(): string[] {
    return [...this.scopes.keys()].sort(byCodeUnit)
  }

  /** The edges of one scope, sorted by alias. */
  edgesIn(scope: string): Edge[] {
    return sortEdges([...(this.scopes.get(scope)?.values() ?? [])])
  }

  /**
   * The scopes reachable from the top level through the edges: the top level, and the key of
   * every package an edge of a reachable scope points at. The rest is stale (a parent that moved).
   * A new set each call.
   */
  reachableScopes(): Set<string> {
    if (this.reachable === undefined) {
      const seen = new Set<string>([ROOT])
      const queue = [ROOT]
      for (let scope = queue.pop(); scope !== undefined; scope = queue.pop())
        for (const edge of this.scopes.get(scope)?.values() ?? []) {
          const key = packageKey(edge.pkg)
          if (!seen.has(key)) queue.push(key)
          seen.add(key)
        }
      this.reachable = seen
    }
    return new Set(this.reachable)
  }

  /** Every edge, sorted by scope then alias. */
  all(): Edge[] {
    return sortEdges([...this.scopes.values()].flatMap((entries) => [...entries.values()]))
  }

  /** How many peer edges there are. */
  peerCount(): number {
    let count = 0
    for (const peers of this.peersByAlias.values()) count += peers.size
    return count
  }

  /** The peer edges for the name `alias`, sorted. */
  peerEdges(alias: string): Edge[] {
    return sortEdges([...(this.peersByAlias.get(alias)?.values() ?? [])])
  }

  /** The edges that point at a version of the package `id` (`npm:react`), sorted. */
  edgesOf(id: string): Edge[] {
    return sortEdges([...(this.byId.get(id)?.values() ?? [])])
  }

  /** The scopes in which some alias resolves to `pkg`: who imports it (sorted, top level first). */
  importersOf(pkg: InstalledPackage): string[] {
    const scopes = new Set<string>()
    for (const edge of this.byKey.get(packageKey(pkg))?.values() ?? []) scopes.add(edge.scope)
    return [...scopes].sort(byCodeUnit)
  }

  /** The installed versions of the package `id`, each once. */
  versionsOf(id: string): ExactPackage[] {
    const seen = new Map<string, ExactPackage>()
    for (const edge of this.edgesOf(id)) if (!isLocal(edge.pkg)) seen.set(edge.pkg.version, edge.pkg)
    return [...seen.values()]
  }

  /** The lock this table serializes to: primaries and scopes in code-unit order. */
  toLock(): InstallLock {
    const lock: InstallLock = { primary: new Map(), secondary: new Map() }
    for (const edge of this.all()) {
      if (edge.scope === ROOT) {
        lock.primary.set(edge.alias, edge.pkg)
        continue
      }
      let scope = lock.secondary.get(edge.scope)
      if (scope === undefined) lock.secondary.set(edge.scope, (scope = new Map()))
      scope.set(edge.alias, edge.pkg)
    }
    return lock
  }
}

function edgeKey(edge: Edge): string {
  return `${edge.scope}\0${edge.alias}`
}

function sortEdges(edges: Edge[]): Edge[] {
  return edges.sort((a, b) => byCodeUnit(a.scope, b.scope) || byCodeUnit(a.alias, b.alias))
}

function addTo(index: Map<string, Map<string, Edge>>, id: string, key: string, edge: Edge): void {
  let entries = index.get(id)
  if (entries === undefined) index.set(id, (entries = new Map()))
  entries.set(key, edge)
}

function removeFrom(index: Map<string, Map<string, Edge>>, id: string, key: string): void {
  const entries = index.get(id)
  entries?.delete(key)
  if (entries?.size === 0) index.delete(id)
}
