import { createFetcher, createRegistrySource, pickVersion, type ExactPackage, type FetchLike, type PackageFiles, type PackageJson, type RegistrySource, type VersionList } from '@esmap/core'

/** The npm registry as the server reads it: version lists reused for `ttl`, tarballs verified. */
export interface RegistryAccess {
  /** The registry URL, ending in `/`. */
  readonly url: string
  versions(name: string): Promise<VersionList | undefined>
  /** The exact version `range` (a range, a version or a dist-tag) selects, or `undefined`. */
  resolve(name: string, range: string): Promise<string | undefined>
  packageJson(pkg: ExactPackage): Promise<PackageJson | undefined>
  /** The tarball's files, verified against the registry's integrity. */
  files(pkg: ExactPackage): Promise<PackageFiles | undefined>
}

export interface RegistryAccessOptions {
  /** The npm registry URL. */
  registry: string
  /** The fetch the registry is read through (already guarded and cached by the server). */
  fetch: FetchLike
  /** How long a version list is reused, in ms. */
  ttl: number
  /** Retries of a failed registry request. @default 4 */
  retries?: number
  now?: () => number
}

/**
 * One registry client at a time, replaced after `ttl`: core's npm client remembers packuments for
 * its whole life, which suits a build but not a server that must see new versions.
 */
export function createRegistryAccess(options: RegistryAccessOptions): RegistryAccess {
  const url = options.registry.endsWith('/') ? options.registry : `${options.registry}/`
  const now = options.now ?? Date.now
  const fetcher = createFetcher({ fetch: options.fetch, cache: false, retries: options.retries ?? 4, retryDelay: 100, maxRetryDelay: 2000, budget: 60_000 })
  let current: { source: RegistrySource; created: number } | undefined
  const source = (): RegistrySource => {
    if (!current || now() - current.created >= options.ttl) {
      current = { source: createRegistrySource({ fetcher, npm: { config: { registry: url, scopes: {}, credentials: {} } } }), created: now() }
    }
    return current.source
  }
  return {
    url,
    versions: (name) => source().versions('npm', name),
    async resolve(name, range) {
      const list = await source().versions('npm', name)
      return list && pickVersion(list, range, false)
    },
    packageJson: (pkg) => source().packageJson(pkg),
    files: (pkg) => source().files(pkg),
  }
}
