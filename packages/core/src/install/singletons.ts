import { EsmapError } from '../errors.js'
import type { Edge } from './edges.js'
import { ROOT } from './edges.js'
import { isLocal, packageKey } from './package-key.js'
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
 * The `ESMAP_SINGLETON_CONFLICT` error when `edges` (every edge of the singleton `name` as it
 * would be) point at more than one version; `undefined` when they share one. The message lists
 * which scope wants which range and gets which version.
 */
export function singletonConflict(name: string, edges: readonly Edge[]): EsmapError | undefined {
  const versions = new Set(edges.map((edge) => packageKey(edge.pkg)))
  if (versions.size <= 1) return undefined
  const lines = edges.map((edge) => {
    const want = edge.target === undefined ? `${edge.alias} (locked)` : targetLabel(edge.target)
    return `\n  ${scopeLabel(edge.scope)} wants ${want} → ${installedLabel(edge.pkg)}`
  })
  return new EsmapError('ESMAP_SINGLETON_CONFLICT', `"${name}" is a singleton but would be installed in ${versions.size} versions:${lines.join('')}`, {
    specifier: name,
    fix: `make these ranges overlap, or pin one version for every package with resolutions: { "${name}": "<version>" }`,
  })
}
