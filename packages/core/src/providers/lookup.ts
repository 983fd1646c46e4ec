import type { ExactPackage, PackageJson, PackageTarget } from '../types.js'
import { isEsmPackage } from './auto.js'
import type { ProviderContext } from './context.js'
import { fetchPackageJson } from './converting.js'
import { readLocalPackageJson } from './nodemodules.js'
import type { ProviderRegistry } from './registry.js'
import type { Provider, ProviderChoice } from './types.js'
import { stripQuery } from './url-layout.js'

/** A package target resolved to an exact version at a provider. */
export interface ResolvedPackage extends ProviderChoice {
  pkg: ExactPackage
  /** The package base URL (`provider.pkgToUrl(pkg, layer)`), ending in `/`. */
  pkgUrl: string
}

export interface LookupOptions {
  /** Allow prereleases. @default false */
  unstable?: boolean
  /** The module or map the target is installed for (nodemodules searches from here). @default '' */
  parentUrl?: string
}

/**
 * The core of the reference's `lookup(target)`: target → provider → exact version → package URL.
 * An `auto` route resolves the version from the npm registry, reads that version's package.json
 * (from the registry too), and keeps the raw-file provider for ES module packages; otherwise the
 * converting provider resolves the same version, which checks that the CDN has built it.
 * `undefined` when the package or a matching version does not exist.
 */
export async function lookupPackage(
  providers: ProviderRegistry,
  target: PackageTarget,
  ctx: ProviderContext,
  options: LookupOptions = {},
): Promise<ResolvedPackage | undefined> {
  const { unstable = false, parentUrl = '' } = options
  const route = providers.route(target)
  const first = route.auto ? route.raw : route
  const pkg = await first.provider.resolveLatestTarget(target, unstable, first.layer, parentUrl, ctx)
  if (pkg === undefined) return undefined
  if (!route.auto) return resolved(first, pkg, ctx)
  const packageJson = await first.provider.getPackageConfig?.(pkg, ctx)
  const esm = packageJson !== undefined && isEsmPackage(packageJson)
  ctx.log('providers', `auto: ${pkg.registry}:${pkg.name}@${pkg.version} is ${esm ? 'ESM' : 'not ESM'} -> ${esm ? first.provider.name : route.converting.provider.name}`)
  if (esm) return resolved(first, pkg, ctx)
  const { provider, layer } = route.converting
  const built = await provider.resolveLatestTarget({ ...target, range: pkg.version }, unstable, layer, parentUrl, ctx)
  return built === undefined ? undefined : resolved(route.converting, built, ctx)
}

function resolved(choice: ProviderChoice, pkg: ExactPackage, ctx: ProviderContext): ResolvedPackage {
  return { ...choice, pkg, pkgUrl: choice.provider.pkgToUrl(pkg, choice.layer, ctx) }
}

/**
 * The core of the reference's `getPackageBase(url)`: the base URL of the package a URL belongs to.
 * A provider's URL gives its package base; any other URL the nearest parent directory holding a
 * package.json, else the origin root.
 */
export async function resolvePackageBase(providers: ProviderRegistry, url: string, ctx: ProviderContext): Promise<string> {
  const owner = providers.byUrl(url)
  if (owner !== undefined) return owner.provider.pkgToUrl(owner.pkg, owner.layer, ctx)
  const root = new URL('/', url).href
  for (let dir = new URL('.', stripQuery(url)).href; dir !== root; dir = new URL('..', dir).href) {
    if ((await readPackageJsonAt(dir, ctx)) !== undefined) return dir
  }
  return root
}

/**
 * The core of the reference's `getPackageConfig(pkg | url)`: the package.json a package is served
 * with. A package goes to its routed provider; a URL to the provider owning it, else to the
 * package.json at its `resolvePackageBase`. `undefined` when there is none.
 */
export async function resolvePackageConfig(
  providers: ProviderRegistry,
  pkgOrUrl: ExactPackage | string,
  ctx: ProviderContext,
): Promise<PackageJson | undefined> {
  if (typeof pkgOrUrl !== 'string') return packageConfigOf(providers.forPackage(pkgOrUrl).provider, pkgOrUrl, ctx)
  const owner = providers.byUrl(pkgOrUrl)
  if (owner !== undefined) return packageConfigOf(owner.provider, owner.pkg, ctx)
  return readPackageJsonAt(await resolvePackageBase(providers, pkgOrUrl, ctx), ctx)
}

function packageConfigOf(provider: Provider, pkg: ExactPackage, ctx: ProviderContext): Promise<PackageJson | undefined> {
  if (provider.getPackageConfig) return provider.getPackageConfig(pkg, ctx)
  return fetchPackageJson(`${provider.pkgToUrl(pkg, 'default', ctx)}package.json`, ctx)
}

/** `<dir>package.json`: from disk for file: URLs, fetched otherwise. */
function readPackageJsonAt(dir: string, ctx: ProviderContext): Promise<PackageJson | undefined> {
  return dir.startsWith('file:') ? readLocalPackageJson(dir) : fetchPackageJson(`${dir}package.json`, ctx)
}
