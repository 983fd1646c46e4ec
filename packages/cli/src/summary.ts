import type { ExactPackage, InstallChange, InstalledPackage, MapChange } from '@esmap/core'

/** `fx-dep@2.1.0`, `jsr:@std/path@1.0.0`, or a local folder's URL. */
export function packageLabel(pkg: InstalledPackage): string {
  if ('url' in pkg) return pkg.url
  return `${pkg.registry === 'npm' ? '' : `${pkg.registry}:`}${pkg.name}@${pkg.version}`
}

function nameOf(pkg: ExactPackage): string {
  return `${pkg.registry === 'npm' ? '' : `${pkg.registry}:`}${pkg.name}`
}

/** One line per package change: `+ added`, `- removed`, `↑ upgraded` or `↓ downgraded`. */
export function formatPackageChanges(changes: readonly InstallChange[]): string[] {
  return changes.map((c) => {
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
