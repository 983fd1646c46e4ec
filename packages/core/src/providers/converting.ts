import { EsmapError } from '../errors.js'
import type { ExactPackage, PackageJson } from '../types.js'
import type { ProviderContext } from './context.js'
import { resolveFromRegistry, sourceFor } from './registry-first.js'
import type { Provider } from './types.js'
import { assertRegistry, packageId } from './url-layout.js'

/**
 * What converting CDNs (jspm.io, esm.sh, skypack) share. Their files differ from the tarball, so
 * their processed package.json and modules are fetched from the CDN. Versions still come from the
 * npm registry (never a vendor lookup service); a chosen version must then be built on the CDN, and
 * a version it has not built is an error, never a silent fallback to an older one.
 */
export interface ConvertingCdn {
  name: string
  pkgToUrl: Provider['pkgToUrl']
  parseUrlPkg: Provider['parseUrlPkg']
  /** Called when the CDN has no build of `pkg`: queue one and return once ready, or throw. */
  onNotBuilt?: (pkg: ExactPackage, parentUrl: string, ctx: ProviderContext) => Promise<void>
  /** Read the file list from the processed package.json (jspm.io enumerates `files`). */
  filesFromPackageJson?: boolean
}

/** The provider methods of a converting CDN. */
export function convertingMethods(cdn: ConvertingCdn): Pick<Provider, 'resolveLatestTarget' | 'getPackageConfig' | 'getFileList' | 'loadModule'> {
  const packageJson = (pkg: ExactPackage, ctx: ProviderContext): Promise<PackageJson | undefined> =>
    fetchPackageJson(`${cdn.pkgToUrl(pkg, 'default', ctx)}package.json`, ctx)
  return {
    async resolveLatestTarget(target, unstable, _layer, parentUrl, ctx) {
      assertRegistry(cdn.name, target, ['npm'])
      const pkg = await resolveFromRegistry(sourceFor(cdn.name, ctx.sources, 'npm'), target, unstable, parentUrl, ctx)
      if (pkg === undefined) return undefined
      if ((await packageJson(pkg, ctx)) !== undefined) return pkg
      if (cdn.onNotBuilt === undefined) throw notBuiltError(cdn.name, pkg, cdn.pkgToUrl(pkg, 'default', ctx), parentUrl)
      await cdn.onNotBuilt(pkg, parentUrl, ctx)
      return pkg
    },
    getPackageConfig: packageJson,
    async getFileList(pkg, ctx) {
      if (!cdn.filesFromPackageJson) return undefined
      const files = (await packageJson(pkg, ctx))?.files
      return Array.isArray(files) && files.every((f) => typeof f === 'string') ? new Set(files.map((f) => f.replace(/^\.?\//, ''))) : undefined
    },
    async loadModule(url, ctx) {
      if (cdn.parseUrlPkg(url, ctx) === undefined) return undefined
      return ctx.fetch.bytes(url, { immutable: true })
    },
  }
}

/** A processed package.json from a CDN; `undefined` when the CDN has none (not built). */
export async function fetchPackageJson(url: string, ctx: ProviderContext, revalidate = false): Promise<PackageJson | undefined> {
  const json = await ctx.fetch.json(url, { immutable: true, revalidate })
  if (json === undefined) return undefined
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new EsmapError('ESMAP_INVALID_PACKAGE_JSON', `${url} is not a package.json object`, { fix: 'Check the provider base URL.' })
  }
  return json as PackageJson
}

/** The error for a version the CDN has not built. */
export function notBuiltError(cdn: string, pkg: ExactPackage, pkgUrl: string, parentUrl: string, requested = false): EsmapError {
  const id = packageId(pkg)
  const message = requested
    ? `${cdn} has not built ${id} yet: a build was requested, but ${pkgUrl}package.json is still not there`
    : `${cdn} has not built ${id} yet: ${pkgUrl}package.json is not there`
  const first = requested
    ? 'Try again in a few minutes'
    : cdn === 'jspm.io'
      ? 'Set providerConfig: { "jspm.io": { requestBuild: true } } to queue a build'
      : `Wait until ${cdn} has built it`
  return new EsmapError('ESMAP_NOT_BUILT', message, {
    specifier: id,
    importer: parentUrl || undefined,
    fix: `${first}, pin a version that ${cdn} has built, or use a raw-file provider such as jsdelivr.`,
  })
}
