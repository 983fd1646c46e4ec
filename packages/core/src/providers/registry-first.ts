import { EsmapError } from '../errors.js'
import type { RegistryClient } from '../registry/types.js'
import type { ExactPackage, PackageJson, PackageSource, PackageTarget } from '../types.js'
import type { ProviderContext, ProviderSources } from './context.js'
import type { PackageUrlMatch, Provider } from './types.js'
import { assertRegistry } from './url-layout.js'
import { pickVersion } from './versions.js'

/**
 * Registry-first reads, shared by the raw-file providers (jsdelivr, unpkg, self, jsr, deno):
 * versions, package.json, file lists and module sources come from the registry source, never from
 * the CDN. A build works while the CDN is down, and one tarball replaces a request per module.
 */

/** The registry source a provider reads from; throws when the Generator did not wire it. */
export function sourceFor<R extends keyof ProviderSources>(provider: string, sources: ProviderSources, registry: R): NonNullable<ProviderSources[R]> {
  const source = sources[registry]
  if (source) return source as NonNullable<ProviderSources[R]>
  throw new EsmapError('ESMAP_NO_SOURCE', `Provider "${provider}" needs the ${registry} registry client, which is not configured`, {
    fix: `Pass sources.${registry} when creating the provider context.`,
  })
}

/** The version of `target` the registry's version list selects (`pickVersion`), `undefined` when none. */
export async function resolveFromRegistry(
  source: PackageSource,
  target: PackageTarget,
  unstable: boolean,
  parentUrl: string,
  ctx: ProviderContext,
): Promise<ExactPackage | undefined> {
  const list = await source.versions(target.registry, target.name)
  if (list === undefined) return undefined
  const version = pickVersion(list, target.range, unstable)
  ctx.log('providers', `${target.registry}:${target.name}@${target.range} -> ${version ?? 'no match'}${parentUrl ? ` [${parentUrl}]` : ''}`)
  return version === undefined ? undefined : { registry: target.registry, name: target.name, version }
}

/** The file list of a package version from its registry (the tarball for npm, the manifest for JSR). */
export async function registryFileList(source: RegistryClient, pkg: ExactPackage): Promise<Set<string> | undefined> {
  const files = await source.fileList(pkg)
  return files === undefined ? undefined : new Set(files)
}

/** The bytes of the file a package URL names, read through the registry client (verified where it can). */
export async function registryModule(source: RegistryClient, match: PackageUrlMatch | undefined): Promise<Uint8Array | undefined> {
  if (match === undefined || match.path === '') return undefined
  return source.file(match.pkg, match.path)
}

/** The methods of an npm-backed raw-file provider (jsdelivr, unpkg, self, custom `kind: 'raw'`). */
export function npmRegistryMethods(
  name: string,
  parseUrlPkg: Provider['parseUrlPkg'],
): Pick<Provider, 'resolveLatestTarget' | 'getPackageConfig' | 'getFileList' | 'loadModule' | 'contentId'> {
  const npm = (ctx: ProviderContext): RegistryClient => sourceFor(name, ctx.sources, 'npm')
  return {
    async resolveLatestTarget(target, unstable, _layer, parentUrl, ctx) {
      assertRegistry(name, target, ['npm'])
      return resolveFromRegistry(npm(ctx), target, unstable, parentUrl, ctx)
    },
    getPackageConfig: (pkg, ctx): Promise<PackageJson | undefined> => npm(ctx).packageJson(pkg),
    getFileList: (pkg, ctx) => registryFileList(npm(ctx), pkg),
    loadModule: (url, ctx) => registryModule(npm(ctx), parseUrlPkg(url, ctx)),
    async contentId(url, ctx) {
      const match = parseUrlPkg(url, ctx)
      if (match === undefined || match.path === '') return undefined
      const id = await npm(ctx).contentId?.(match.pkg)
      return id === undefined ? undefined : { id, path: match.path.replace(/^\.?\//, '') }
    },
  }
}
