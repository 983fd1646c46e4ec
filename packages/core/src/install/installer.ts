/**
 * The installer: which package version every bare name resolves to, at the top level (`imports`,
 * the primaries) and in each package's scope (the secondaries). Pure state over an injected
 * metadata source; the Generator traces modules and asks.
 *
 * RULES (npm-compatible; `choose.ts` marks R2-R7 where it implements them)
 *
 * Ranges. A package's dependency range comes from its package.json: `dependencies`, then
 * `optionalDependencies`, then `peerDependencies` (a name that is also a dependency is a plain
 * dependency); the project's `devDependencies` count for top-level installs only. A name the
 * importer does not declare is `ESMAP_UNDECLARED_DEPENDENCY`. An inline registry specifier as the
 * name (`jsr:@std/path@^1`, `npm:preact@10`, as JSR modules import) carries its own range. A
 * top-level install without a range takes, in order: the range it was installed with before, the
 * project's range, `^<locked version>` (updates stay in the locked major, as npm's saved `^`
 * ranges do), `*`.
 *
 * Picking from the registry (`semver-adapter.ts`): dist-tags and exact versions select
 * themselves; otherwise `latest` when it is in range, else the highest version in range;
 * prereleases only when the range names one or `unstable`; yanked versions never.
 *
 * For each edge, the first rule that applies:
 * R0. `resolutions[name]` replaces the range for every scope (version, range, another package,
 *     or a folder). A folder target is installed as is.
 * R1. Peers: a peer dependency resolves to the importer's copy (`peers.ts`): what the scope that
 *     imports the package resolves the name to, falling back to the top level as an import map
 *     does. When that copy is outside the peer range, it is still used and an
 *     `ESMAP_PEER_CONFLICT` warning names both ranges: one React is better than two, and npm 7+
 *     would refuse (ERESOLVE) rather than install a second copy. When nobody provides a copy,
 *     the peer is installed like a dependency (npm 7+ installs peers). Peer edges follow their
 *     importer's copy when it moves later.
 * R2. The edge's current version (from the lock, or chosen earlier) stays while its range allows
 *     it: locks are kept until a range forbids them or `update` asks. `freeze` keeps it even out
 *     of range, with an `ESMAP_LOCK_OUT_OF_RANGE` warning (an explicit install request wins).
 * R3. `latest-all` (every edge), `latest-primaries` (top-level edges) and `update`: the latest in
 *     range, skipping R2, R4-R6.
 * R4. The top level's copy of the name, when in range (the import map needs no scope entry).
 * R5. The highest version of the package installed anywhere that is in range.
 * R6. Upgrade shared (not in `freeze`): at each installed version, the top level's first, then
 *     from the highest down, the edges chosen by a range (not locked, peer or `resolutions`
 *     edges) move to the highest version that satisfies the new range and all of theirs, when
 *     that is higher than where they are; the new edge shares it. Locked edges stay where they
 *     are (npm would replace a locked copy here; the lock wins until a range forbids it).
 * R7. Split: the latest in range, next to the other versions; the parent's scope gets it.
 *
 * Singletons: a choice that gives a `singletons` package a second version is avoided where a
 * rule allows it (R2 and R3 step aside; R6 may move locked edges), else it is
 * `ESMAP_SINGLETON_CONFLICT`, listing which scope wants which range. The state is unchanged.
 *
 * Determinism: a decision depends on the state and the call, never on I/O timing within one
 * call. Batch calls (`installPrimaries`, `resolveDependencies`) fetch in parallel and decide in
 * sorted order; the Generator should resolve breadth-first, parents and names sorted (as npm's
 * arborist does), so that the same inputs give the same lock in any order.
 */
import type { PackageTarget } from '../types.js'
import { choose } from './choose.js'
import type { Choice, ChoiceContext } from './choose.js'
import { diffLocks } from './changes.js'
import { EdgeTable, ROOT } from './edges.js'
import type { Edge, EdgeOrigin } from './edges.js'
import * as msg from './messages.js'
import { importerLabel } from './messages.js'
import { Metadata } from './metadata.js'
import { resolveInstallerOptions } from './options.js'
import type { ResolvedInstallerOptions } from './options.js'
import { byCodeUnit, isLocal, packageId, packageKey, parsePackageKey } from './package-key.js'
import { importerCopy, peerConflicts, peerInRange, refreshPeers } from './peers.js'
import type { EdgeChange } from './peers.js'
import { scopeLabel, singletonConflict, targetLabel } from './singletons.js'
import { findDeclaration, inlineTarget, parseDependencySpec } from './spec.js'
import type {
  DependencyTarget,
  InstallCallOptions,
  InstallChange,
  InstalledPackage,
  Installer,
  InstallerOptions,
  InstallLock,
  InstallSource,
  InstallWarning,
  PrimaryRequest,
} from './types.js'

/** An installer over `source`, starting from `options.lock`. */
export function createInstaller(source: InstallSource, options: InstallerOptions = {}): Installer {
  return new StateMachine(source, resolveInstallerOptions(options))
}

type Flags = Pick<ChoiceContext, 'latest' | 'freeze' | 'explicit'>

interface Placement {
  scope: string
  alias: string
  target: DependencyTarget
  origin: Exclude<EdgeOrigin, 'lock'>
  flags: Flags
}

class StateMachine implements Installer {
  private readonly opts: ResolvedInstallerOptions
  private readonly table: EdgeTable
  private readonly meta: Metadata
  private readonly warningList: InstallWarning[] = []

  constructor(source: InstallSource, opts: ResolvedInstallerOptions) {
    this.opts = opts
    this.table = EdgeTable.fromLock(opts.lock)
    this.meta = new Metadata(source)
  }

  get warnings(): readonly InstallWarning[] {
    return [...this.warningList, ...peerConflicts(this.table, this.opts.unstable)]
  }

  installPrimary(alias: string, target?: string | DependencyTarget, options?: InstallCallOptions): Promise<InstalledPackage> {
    return this.primary(alias, target, this.flags(ROOT, options, false, target !== undefined))
  }

  async installPrimaries(requests: readonly PrimaryRequest[], options?: InstallCallOptions): Promise<Map<string, InstalledPackage>> {
    const sorted = [...requests].sort((a, b) => byCodeUnit(a.alias, b.alias))
    await this.prefetch(sorted.map((r) => (typeof r.target === 'string' ? parseDependencySpec(r.alias, r.target, this.opts.defaultRegistry, this.opts.baseUrl) : r.target)))
    const out = new Map<string, InstalledPackage>()
    for (const r of sorted) out.set(r.alias, await this.installPrimary(r.alias, r.target, options))
    return out
  }

  resolveDependency(parent: InstalledPackage, name: string, options?: InstallCallOptions): Promise<InstalledPackage> {
    return this.dependency(parent, name, this.flags(packageKey(parent), options, false, false))
  }

  async resolveDependencies(parent: InstalledPackage, names: readonly string[], options?: InstallCallOptions): Promise<Map<string, InstalledPackage>> {
    const sorted = [...new Set(names)].sort(byCodeUnit)
    if (sorted.length === 0) return new Map()
    const pjson = await this.meta.packageJson(parent)
    const base = isLocal(parent) ? parent.url : undefined
    await this.prefetch(sorted.map((name) => {
      const decl = pjson && findDeclaration(pjson, name, false)
      return this.opts.resolutions.get(name) ?? (decl && parseDependencySpec(name, decl.spec, this.opts.defaultRegistry, base))
    }))
    const out = new Map<string, InstalledPackage>()
    for (const name of sorted) out.set(name, await this.resolveDependency(parent, name, options))
    return out
  }

  async update(names?: readonly string[]): Promise<void> {
    const wanted = names === undefined ? undefined : new Set(names)
    const matches = (e: Edge): boolean => wanted === undefined || wanted.has(e.alias) || (!isLocal(e.pkg) && wanted.has(e.pkg.name))
    for (const name of wanted ?? [])
      if (!this.table.all().some((e) => e.alias === name || (!isLocal(e.pkg) && e.pkg.name === name)))
        this.warn({ code: 'ESMAP_NOT_INSTALLED', message: `update: "${name}" is not installed` })
    // Top level first, then every scope still reachable from it, in sorted order.
    for (const edge of this.table.edgesIn(ROOT).filter(matches)) await this.primary(edge.alias, undefined, this.flags(ROOT, undefined, true, false))
    for (const edge of this.table.all().filter((e) => e.scope !== ROOT && matches(e))) {
      const parent = parsePackageKey(edge.scope)
      if (parent === undefined || !this.table.reachableScopes().has(edge.scope)) continue
      const pjson = await this.meta.packageJson(parent)
      const declared = inlineTarget(edge.alias) !== undefined || (pjson !== undefined && findDeclaration(pjson, edge.alias, false) !== undefined)
      if (!this.opts.resolutions.has(edge.alias) && !declared) continue
      await this.dependency(parent, edge.alias, this.flags(edge.scope, undefined, true, false))
    }
  }

  uninstall(names: readonly string[]): void {
    const changes: EdgeChange[] = []
    for (const alias of [...names].sort(byCodeUnit)) {
      const before = this.table.get(ROOT, alias)?.pkg
      if (before !== undefined && this.table.delete(ROOT, alias)) changes.push({ scope: ROOT, alias, before, after: undefined })
      else this.warn({ code: 'ESMAP_NOT_INSTALLED', message: `uninstall: "${alias}" is not a top-level install` })
    }
    this.settlePeers(changes)
  }

  prune(reachable?: Iterable<string>): void {
    const keep = reachable === undefined ? this.table.reachableScopes() : new Set(reachable)
    for (const scope of this.table.scopeKeys()) if (scope !== ROOT && !keep.has(scope)) this.table.deleteScope(scope)
  }

  get(parent: InstalledPackage | null, alias: string): InstalledPackage | undefined {
    return this.table.get(parent === null ? ROOT : packageKey(parent), alias)?.pkg
  }

  toLock(): InstallLock {
    return this.table.toLock()
  }

  changes(): InstallChange[] {
    return diffLocks(this.opts.lock, this.table.toLock())
  }

  private flags(scope: string, options: InstallCallOptions | undefined, updating: boolean, explicit: boolean): Flags {
    const mode = options?.mode ?? this.opts.mode
    const latest = updating || mode === 'latest-all' || (mode === 'latest-primaries' && scope === ROOT)
    return { latest, freeze: !updating && mode === 'freeze', explicit }
  }

  private async primary(alias: string, target: string | DependencyTarget | undefined, flags: Flags): Promise<InstalledPackage> {
    const requested = typeof target === 'string' ? this.parse(alias, target, this.opts.baseUrl, ROOT) : target
    // R0: resolutions win, also over an explicit request.
    const resolution = this.opts.resolutions.get(alias)
    if (resolution !== undefined) {
      if (requested !== undefined && targetLabel(requested) !== targetLabel(resolution))
        this.warn({
          code: 'ESMAP_RESOLUTION_OVERRIDE',
          message: `install of ${targetLabel(requested)} as "${alias}" uses resolutions["${alias}"] (${targetLabel(resolution)}) instead`,
        })
      return this.place({ scope: ROOT, alias, target: resolution, origin: 'resolution', flags })
    }
    return this.place({ scope: ROOT, alias, target: requested ?? this.impliedPrimaryTarget(alias), origin: 'range', flags })
  }

  /** The range of a top-level install given without one (see "Ranges" above). */
  private impliedPrimaryTarget(alias: string): DependencyTarget {
    const current = this.table.get(ROOT, alias)
    if (current?.target !== undefined) return current.target
    const decl = this.opts.project && findDeclaration(this.opts.project, alias, true)
    if (decl) return this.parse(alias, decl.spec, this.opts.baseUrl, ROOT)
    if (current !== undefined) return isLocal(current.pkg) ? current.pkg : { ...current.pkg, range: `^${current.pkg.version}` }
    return { registry: this.opts.defaultRegistry, name: alias, range: '*' }
  }

  private async dependency(parent: InstalledPackage, name: string, flags: Flags): Promise<InstalledPackage> {
    const scope = packageKey(parent)
    // R0: resolutions, for every nesting.
    const resolution = this.opts.resolutions.get(name)
    if (resolution !== undefined) return this.place({ scope, alias: name, target: resolution, origin: 'resolution', flags })
    // An inline registry specifier (`jsr:@std/path@^1`) declares its own range.
    const inline = inlineTarget(name)
    if (inline !== undefined) return this.place({ scope, alias: name, target: inline, origin: 'range', flags })
    const pjson = await this.meta.packageJson(parent)
    // A folder without a readable package.json declares nothing.
    if (pjson === undefined && !isLocal(parent)) throw msg.packageJsonNotFound(name, scope)
    const decl = findDeclaration(pjson ?? {}, name, false)
    if (decl === undefined) throw msg.undeclaredDependency(name, scope)
    const target = this.parse(name, decl.spec, isLocal(parent) ? parent.url : undefined, scope)
    if (decl.field !== 'peerDependencies') return this.place({ scope, alias: name, target, origin: 'range', flags })
    // R1: a peer takes the importer's copy (`freeze` keeps a locked one).
    const current = this.table.get(scope, name)
    if (flags.freeze && current?.origin === 'lock') {
      this.table.set({ ...current, target })
      return current.pkg
    }
    const copy = importerCopy(this.table, parent, name)
    if (copy === undefined) return this.place({ scope, alias: name, target, origin: 'peer', flags })
    const edge: Edge = { scope, alias: name, pkg: copy.pkg, target, origin: 'peer' }
    const change = this.setEdge(edge)
    const conflict = peerInRange(edge, this.opts.unstable) ? '' : `, outside ${targetLabel(target)}`
    this.log(`${scope} → ${name}: ${packageKey(copy.pkg)} (peer: importer's copy${conflict})`)
    this.settlePeers(change)
    return copy.pkg
  }

  /** Decides one edge by R2-R7 and commits it, or throws leaving the state as it was. */
  private async place(p: Placement): Promise<InstalledPackage> {
    const target = p.target
    if (isLocal(target)) {
      this.settlePeers(this.setEdge({ scope: p.scope, alias: p.alias, pkg: target, target, origin: p.origin }))
      return target
    }
    const list = await this.meta.versions(target.registry, target.name)
    if (list === undefined) throw msg.packageNotFound(target, importerLabel(p.scope))
    const singleton = this.opts.singletons.has(target.name)
    const isLive = this.liveness(p.scope)
    const choice = choose(this.table, p.scope, p.alias, target, list, { ...p.flags, singleton, isLive, unstable: this.opts.unstable })
    if (choice === undefined) throw msg.noMatchingVersion(target, list, importerLabel(p.scope))
    this.commit(p, target, choice, singleton ? isLive : undefined)
    return choice.pkg
  }

  /** Applies a choice; for a singleton (`isLive` given), only if its live edges keep one version. */
  private commit(p: Placement, target: PackageTarget, choice: Choice, isLive: ((scope: string) => boolean) | undefined): void {
    const current = this.table.get(p.scope, p.alias)
    const kept = choice.rule === 'kept' || choice.rule === 'frozen'
    const origin: EdgeOrigin = kept && current?.origin === 'lock' ? 'lock' : p.origin
    const edge: Edge = { scope: p.scope, alias: p.alias, pkg: choice.pkg, target, origin }
    const moved = choice.moves.map((e): Edge => ({ ...e, pkg: choice.pkg, origin: 'range' }))
    // A singleton's live edges must keep one version, checked before anything changes.
    const conflict = isLive && singletonConflict(target.name, this.table.edgesOf(packageId(target)), [edge, ...moved], isLive)
    if (conflict) throw conflict
    const changes = [edge, ...moved].flatMap((e) => this.setEdge(e))
    if (choice.rule === 'frozen') this.warn(msg.frozenOutOfRange(edge))
    const via = moved.length === 0 ? '' : ` (moves ${moved.map((e) => `${scopeLabel(e.scope)} ${e.alias}`).join(', ')})`
    this.log(`${scopeLabel(p.scope)} → ${p.alias}: ${packageKey(choice.pkg)} (${choice.rule})${via}`)
    this.settlePeers(changes)
  }

  /** `scope`, and the scopes reachable from the top level, computed once and only when asked. */
  private liveness(scope: string): (candidate: string) => boolean {
    let live: Set<string> | undefined
    return (candidate) => candidate === scope || (live ??= this.table.reachableScopes()).has(candidate)
  }

  /** Sets an edge; the change, when it points somewhere new. */
  private setEdge(edge: Edge): EdgeChange[] {
    const before = this.table.get(edge.scope, edge.alias)?.pkg
    this.table.set(edge)
    return before !== undefined && packageKey(before) === packageKey(edge.pkg) ? [] : [{ scope: edge.scope, alias: edge.alias, before, after: edge.pkg }]
  }

  /** Peers follow their importer's copy after edges moved. */
  private settlePeers(changes: readonly EdgeChange[]): void {
    if (changes.length === 0) return
    for (const peer of refreshPeers(this.table, changes)) this.log(`${peer.scope} → ${peer.alias}: ${packageKey(peer.pkg)} (peer follows)`)
  }

  private parse(name: string, spec: string, base: string | undefined, importer: string): DependencyTarget {
    const target = parseDependencySpec(name, spec, this.opts.defaultRegistry, base)
    if (target === undefined) throw msg.unsupportedSpec(name, spec, importerLabel(importer))
    return target
  }

  private async prefetch(targets: readonly (DependencyTarget | undefined)[]): Promise<void> {
    // Failures surface again, with their context, when the edge is decided.
    await Promise.allSettled(targets.map((t) => (t === undefined || isLocal(t) ? undefined : this.meta.versions(t.registry, t.name))))
  }

  private warn(warning: InstallWarning): void {
    if (this.warningList.some((w) => w.message === warning.message)) return
    this.warningList.push(warning)
    this.log(`${warning.code}: ${warning.message}`)
  }

  private log(message: string): void {
    this.opts.log?.('install', message)
  }
}
