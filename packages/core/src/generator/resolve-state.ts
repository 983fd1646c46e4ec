import type { ImportMap } from '../importmap/index.js'
import { packageKey, type InstalledPackage } from '../install/index.js'
import { DecisionQueue } from './decisions.js'
import { packageInfo, type PackageInfo, type PackageInfos } from './packages.js'
import type { Session } from './session.js'

/** What one trace records for the map: the top-level `imports` and, per package base URL, its scope. */
export interface Resolutions {
  imports: Map<string, string>
  scopes: Map<string, Map<string, string>>
}

/** The state one trace resolves against. */
export interface ResolveState {
  session: Session
  infos: PackageInfos
  resolutions: Resolutions
  /** Entries of the input map that no provider owns (custom mappings): they win at the top level, as they are. */
  custom: ImportMap
  /** Installer decisions, taken level by level in sorted order. */
  decisions: DecisionQueue
  /** The key of every package the trace reached: the installer keeps their scopes. */
  reached: Set<string>
  /** Every installer decision the trace used: a later one may move it (upgrade shared), and then the trace is stale. */
  chosen: { parent: InstalledPackage | null; alias: string; pkg: InstalledPackage }[]
}

export function createResolveState(session: Session, infos: PackageInfos, custom: ImportMap): ResolveState {
  return { session, infos, custom, resolutions: { imports: new Map(), scopes: new Map() }, decisions: new DecisionQueue(), reached: new Set(), chosen: [] }
}

/** True when a decision the trace used has moved since (a later decision upgraded a shared version). */
export function isStale(state: ResolveState): boolean {
  const { installer } = state.session
  return state.chosen.some(({ parent, alias, pkg }) => {
    const now = installer.get(parent, alias)
    return now === undefined || packageKey(now) !== packageKey(pkg)
  })
}

/** The info of an installed package, marked as reached by this trace. */
export function reach(state: ResolveState, pkg: InstalledPackage): Promise<PackageInfo> {
  state.reached.add(packageKey(pkg))
  return packageInfo(state.session, state.infos, pkg)
}

/**
 * The installed package a module URL belongs to: by its provider, else the innermost local folder
 * package that contains it (a folder package's key is its URL, so each enclosing folder is looked up).
 */
export async function ownerOf(state: ResolveState, url: string): Promise<PackageInfo | undefined> {
  const owner = state.session.providers.byUrl(url)
  if (owner) return packageInfo(state.session, state.infos, owner.pkg)
  if (!/^(?:file|https?):/.test(url)) return undefined
  for (let dir = new URL('.', url); ; dir = new URL('..', dir)) {
    const info = state.infos.get(dir.href)
    if (info) return info
    if (dir.pathname === '/') return undefined
  }
}

/** Records `specifier → url` where the importer's code reads it: its package's scope, or the top level. */
export function record(state: ResolveState, owner: PackageInfo | undefined, specifier: string, url: string): void {
  const { imports, scopes } = state.resolutions
  if (!owner) {
    imports.set(specifier, url)
    return
  }
  let scope = scopes.get(owner.baseUrl)
  if (!scope) scopes.set(owner.baseUrl, (scope = new Map()))
  scope.set(specifier, url)
}
