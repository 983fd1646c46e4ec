import type { PackageJson, Registry, VersionList } from '../types.js'
import { isLocal, packageKey } from './package-key.js'
import type { InstalledPackage, InstallSource } from './types.js'

/**
 * The installer's view of its source: each version list and package.json is asked for once per
 * installer, also when several calls want it at the same time. A failed request is forgotten,
 * so a later call may retry it.
 */
export class Metadata {
  private readonly versionLists = new Map<string, Promise<VersionList | undefined>>()
  private readonly packageJsons = new Map<string, Promise<PackageJson | undefined>>()

  private readonly source: InstallSource

  constructor(source: InstallSource) {
    this.source = source
  }

  versions(registry: Registry, name: string): Promise<VersionList | undefined> {
    return once(this.versionLists, `${registry}:${name}`, () => this.source.versions(registry, name))
  }

  /** The package.json of a registry package or a local folder (`undefined` without `folderPackageJson`). */
  packageJson(pkg: InstalledPackage): Promise<PackageJson | undefined> {
    return once(this.packageJsons, packageKey(pkg), () => {
      if (!isLocal(pkg)) return this.source.packageJson(pkg)
      return this.source.folderPackageJson?.(pkg.url) ?? Promise.resolve(undefined)
    })
  }
}

function once<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  const cached = cache.get(key)
  if (cached !== undefined) return cached
  const loading = load()
  cache.set(key, loading)
  loading.catch(() => cache.delete(key))
  return loading
}
