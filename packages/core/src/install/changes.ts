import { byCodeUnit, isLocal, packageId, packageKey } from './package-key.js'
import { compareVersions } from './semver-adapter.js'
import type { InstallChange, InstalledPackage, InstallLock } from './types.js'

/**
 * What changed from one lock to another, per package (registry and name, or folder): the CLI's
 * summary. A package that loses exactly one version and gains exactly one is `upgraded` or
 * `downgraded`; otherwise each version lost is `removed` and each gained is `added`. Sorted by
 * package, then version.
 */
export function diffLocks(before: InstallLock, after: InstallLock): InstallChange[] {
  const was = installedById(before)
  const now = installedById(after)
  const ids = [...new Set([...was.keys(), ...now.keys()])].sort(byCodeUnit)
  const changes: InstallChange[] = []
  for (const id of ids) {
    const old = was.get(id) ?? new Map<string, InstalledPackage>()
    const cur = now.get(id) ?? new Map<string, InstalledPackage>()
    const removed = sortByVersion([...old].filter(([key]) => !cur.has(key)).map(([, pkg]) => pkg))
    const added = sortByVersion([...cur].filter(([key]) => !old.has(key)).map(([, pkg]) => pkg))
    const [from] = removed
    const [to] = added
    if (removed.length === 1 && added.length === 1 && from !== undefined && to !== undefined && !isLocal(from) && !isLocal(to)) {
      changes.push({ kind: compareVersions(to.version, from.version) > 0 ? 'upgraded' : 'downgraded', from, to })
      continue
    }
    for (const pkg of removed) changes.push({ kind: 'removed', package: pkg })
    for (const pkg of added) changes.push({ kind: 'added', package: pkg })
  }
  return changes
}

/** packageId → packageKey → package, over the primaries and every scope. */
function installedById(lock: InstallLock): Map<string, Map<string, InstalledPackage>> {
  const out = new Map<string, Map<string, InstalledPackage>>()
  const add = (pkg: InstalledPackage): void => {
    const id = packageId(pkg)
    let versions = out.get(id)
    if (versions === undefined) out.set(id, (versions = new Map()))
    versions.set(packageKey(pkg), pkg)
  }
  for (const pkg of lock.primary.values()) add(pkg)
  for (const scope of lock.secondary.values()) for (const pkg of scope.values()) add(pkg)
  return out
}

function sortByVersion(pkgs: InstalledPackage[]): InstalledPackage[] {
  return pkgs.sort((a, b) => (isLocal(a) || isLocal(b) ? byCodeUnit(packageKey(a), packageKey(b)) : compareVersions(a.version, b.version)))
}
