import { EsmapError } from '../errors.js'
import type { Edge } from './edges.js'
import { ROOT } from './edges.js'
import { byCodeUnit, isLocal, packageKey } from './package-key.js'
import type { DependencyTarget, InstalledPackage } from './types.js'

/** How a scope is named in messages: `(root)` for the top level, else the package key. */
export function scopeLabel(scope: string): string {
  return scope === ROOT ? '(root)' : scope
}

/** How a target is named in messages: `react@^18.0.0`, `jsr:@std/path@^1`, or the folder URL. */
export function targetLabel(target: DependencyTarget): string {
  if (isLocal(target)) return target.url
  return `${target.registry === 'npm' ? '' : `${target.registry}:`}${target.name}@${target.range}`
}

function installedLabel(pkg: InstalledPackage): string {
  return isLocal(pkg) ? pkg.url : pkg.version
}

/**
 * The `ESMAP_SINGLETON_CONFLICT` error when the edges of the singleton `name` (`current`, with
 * `changed` replacing or joining them) would point at more than one version; `undefined` when
 * they share one. Edges in stale scopes (not `isLive`, waiting for `prune`) do not count. The
 * message lists which scope wants which range and gets which version.
 */
export function singletonConflict(
  name: string,
  current: readonly Edge[],
  changed: readonly Edge[],
  isLive: (scope: string) => boolean,
): EsmapError | undefined {
  const after = new Map(current.map((edge) => [`${edge.scope}\0${edge.alias}`, edge]))
  for (const edge of changed) after.set(`${edge.scope}\0${edge.alias}`, edge)
  const splits = (edges: readonly Edge[]): boolean => new Set(edges.map((edge) => packageKey(edge.pkg))).size > 1
  // Every edge first, which is cheap; only when that splits, the live ones.
  let edges = [...after.values()]
  if (!splits(edges) || !splits((edges = edges.filter((edge) => isLive(edge.scope))))) return undefined
  edges.sort((a, b) => byCodeUnit(a.scope, b.scope) || byCodeUnit(a.alias, b.alias))
  const versions = new Set(edges.map((edge) => packageKey(edge.pkg)))
  const lines = edges.map((edge) => {
    const want = edge.target === undefined ? `${edge.alias} (locked)` : targetLabel(edge.target)
    return `\n  ${scopeLabel(edge.scope)} wants ${want} → ${installedLabel(edge.pkg)}`
  })
  return new EsmapError('ESMAP_SINGLETON_CONFLICT', `"${name}" is a singleton but would be installed in ${versions.size} versions:${lines.join('')}`, {
    specifier: name,
    fix: `make these ranges overlap, or pin one version for every package with resolutions: { "${name}": "<version>" }`,
  })
}
