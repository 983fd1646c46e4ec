import { compareVersions, type ExactPackage, type InstallChange, type InstalledPackage, type MapChange } from '@esmap/core'

/** `fx-dep@2.1.0`, `jsr:@std/path@1.0.0`, or a local folder's URL. */
export function packageLabel(pkg: InstalledPackage): string {
  if ('url' in pkg) return pkg.url
  return `${pkg.registry === 'npm' ? '' : `${pkg.registry}:`}${pkg.name}@${pkg.version}`
}

function nameOf(pkg: ExactPackage): string {
  return `${pkg.registry === 'npm' ? '' : `${pkg.registry}:`}${pkg.name}`
}

/** The release line a version belongs to: its major, or `0.minor` below 1.0.0 (as `^` ranges read them). */
function releaseLine(version: string): string {
  const [major = '', minor = ''] = version.split('.')
  return major === '0' ? `0.${minor}` : major
}

/**
 * Pairs the versions of a package that were removed and added on the same release line into
 * upgrades and downgrades (`update` moves every copy of a package at once: 1.0.0 → 1.2.0 and
 * 2.0.0 → 2.1.0); the rest stay added or removed. Order: as given, pairs where the removal was.
 */
export function pairChanges(changes: readonly InstallChange[]): InstallChange[] {
  const key = (pkg: ExactPackage): string => `${pkg.registry}:${pkg.name}@${releaseLine(pkg.version)}`
  const added = new Map<string, ExactPackage>()
  for (const c of changes) if (c.kind === 'added' && !('url' in c.package)) added.set(key(c.package), c.package)
  const paired = new Set<ExactPackage>()
  const out: InstallChange[] = []
  for (const c of changes) {
    if (c.kind === 'removed' && !('url' in c.package)) {
      const to = added.get(key(c.package))
      if (to !== undefined && !paired.has(to)) {
        paired.add(to)
        out.push({ kind: compareVersions(to.version, c.package.version) > 0 ? 'upgraded' : 'downgraded', from: c.package, to })
        continue
      }
    }
    if (c.kind === 'added' && paired.has(c.package as ExactPackage)) continue
    out.push(c)
  }
  return out
}

/** One line per package change: `+ added`, `- removed`, `↑ upgraded` or `↓ downgraded`. */
export function formatPackageChanges(changes: readonly InstallChange[]): string[] {
  return pairChanges(changes).map((c) => {
    if (c.kind === 'added') return `+ ${packageLabel(c.package)}`
    if (c.kind === 'removed') return `- ${packageLabel(c.package)}`
    return `${c.kind === 'upgraded' ? '↑' : '↓'} ${nameOf(c.to)} ${c.from.version} → ${c.to.version}`
  })
}

/** `2 added, 1 changed, 1 removed` over the map's entries; `no changes` when there are none. */
export function formatMapCounts(changes: readonly MapChange[]): string {
  const count = (kind: MapChange['kind']): number => changes.filter((c) => c.kind === kind).length
  const parts = (['added', 'changed', 'removed'] as const).filter((k) => count(k) > 0).map((k) => `${count(k)} ${k}`)
  return parts.length === 0 ? 'no changes' : `${parts.join(', ')} ${changes.length === 1 ? 'entry' : 'entries'}`
}
