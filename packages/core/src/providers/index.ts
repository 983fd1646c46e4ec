export { isEsmPackage } from './auto.js'
export { builtinProviders, type BuiltinProviderName } from './builtin.js'
export {
  canonicalProviderName,
  providerAliases,
  resolveProviderConfig,
  type AutoOptions,
  type CdnOptions,
  type JspmOptions,
  type ProviderConfig,
  type ResolvedProviderConfig,
} from './config.js'
export {
  createProviderContext,
  type ProviderContext,
  type ProviderContextOptions,
  type ProviderFetch,
  type ProviderFetchRequest,
  type ProviderSources,
  type UrlContext,
} from './context.js'
export { toProvider, type CustomProvider, type CustomUrlMatch } from './custom.js'
export { lookupPackage, resolvePackageBase, resolvePackageConfig, type LookupOptions, type ResolvedPackage } from './lookup.js'
export { createProviderRegistry, type ProviderRegistry, type ProviderRegistryOptions, type ProviderRoute } from './registry.js'
export { matchRoute, parseProviderRef, routeFor, type ProviderRef } from './routing.js'
export type { PackageUrlMatch, Provider, ProviderChoice, ProviderKind, UrlOwner } from './types.js'
export { pickVersion } from './versions.js'
