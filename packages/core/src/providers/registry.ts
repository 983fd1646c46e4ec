import { EsmapError } from '../errors.js'
import type { PackageJson } from '../types.js'
import { isEsmPackage } from './auto.js'
import { builtinProviders } from './builtin.js'
import { canonicalProviderName, resolveProviderConfig, type ProviderConfig, type ResolvedProviderConfig } from './config.js'
import { createProviderContext, type ProviderContext, type ProviderContextOptions } from './context.js'
import { toProvider, type CustomProvider } from './custom.js'
import { parseProviderRef, routeFor, type ProviderRef } from './routing.js'
import type { Provider, ProviderChoice, UrlOwner } from './types.js'

/** The provider options of the Generator. */
export interface ProviderRegistryOptions {
  /** The provider for packages no route names: a provider name, `name#layer`, or `auto`. @default 'jspm.io' */
  defaultProvider?: string
  /** Routes: package name, `@scope` or `registry:` → provider (see `matchRoute`). @default {} */
  providers?: Record<string, string>
  /** Extra providers by name, in the reference's custom shape or as full `Provider` objects. @default {} */
  customProviders?: Record<string, CustomProvider | Provider>
  /** Per-provider options (`cdnUrl`, jspm.io's `requestBuild`, the `auto` pair). @default {} */
  providerConfig?: ProviderConfig
}

/** Where a package goes: one provider, or the `auto` pair decided per package from its package.json. */
export type ProviderRoute = ({ auto: false } & ProviderChoice) | { auto: true; raw: ProviderChoice; converting: ProviderChoice }

export interface ProviderRegistry {
  readonly config: ResolvedProviderConfig
  /** A provider by name (aliases accepted), or `undefined`. */
  get(name: string): Provider | undefined
  /** The route of a package target. */
  route(target: { registry: string; name: string }): ProviderRoute
  /**
   * The provider for a package. For an `auto` route, `packageJson` (from the npm registry) decides
   * with `isEsmPackage`; without it the raw provider is returned (both resolve versions from npm).
   */
  forPackage(target: { registry: string; name: string }, packageJson?: PackageJson): ProviderChoice
  /** The provider owning a URL (custom providers first, then the built-ins) and what the URL says. */
  byUrl(url: string): UrlOwner | undefined
  /** A provider context carrying this registry's resolved config. */
  context(io: Omit<ProviderContextOptions, 'providerConfig' | 'config'>): ProviderContext
}

/** Builds the provider registry: built-ins plus custom providers, routes validated up front. */
export function createProviderRegistry(options: ProviderRegistryOptions = {}): ProviderRegistry {
  const config = resolveProviderConfig(options.providerConfig)
  const custom = Object.entries(options.customProviders ?? {}).map(([name, p]) => (isProvider(p) ? p : toProvider(name, p)))
  const byName = new Map<string, Provider>([...Object.entries(builtinProviders), ...custom.map((p) => [p.name, p] as const)])
  const ordered = [...custom, ...Object.values(builtinProviders).filter((p) => !custom.some((c) => c.name === p.name))]
  const routes = options.providers ?? {}
  const owners = new Map<string, UrlOwner | undefined>()
  const defaultProvider = options.defaultProvider ?? 'jspm.io'

  const choose = (ref: ProviderRef, kind?: Provider['kind']): ProviderChoice => {
    const provider = byName.get(ref.name)
    if (provider === undefined) throw unknownProvider(ref.name, [...byName.keys()])
    if (ref.layer !== 'default' && !provider.layers?.includes(ref.layer)) {
      throw new EsmapError('ESMAP_UNKNOWN_LAYER', `Provider "${ref.name}" has no layer "${ref.layer}"`, {
        fix: `Use one of: ${['default', ...(provider.layers ?? [])].map((l) => (l === 'default' ? ref.name : `${ref.name}#${l}`)).join(', ')}.`,
      })
    }
    if (kind !== undefined && provider.kind !== kind) {
      throw new EsmapError('ESMAP_INVALID_PROVIDER_CONFIG', `providerConfig.auto needs a ${kind} provider, but "${ref.name}" is ${provider.kind}`, {
        fix: kind === 'raw' ? 'Set providerConfig.auto.raw to jsdelivr, unpkg or self.' : 'Set providerConfig.auto.converting to jspm.io, esm.sh or skypack.',
      })
    }
    return { provider, layer: ref.layer }
  }
  const autoPair = { raw: choose(parseProviderRef(config.auto.raw), 'raw'), converting: choose(parseProviderRef(config.auto.converting), 'converting') }
  const toRoute = (ref: ProviderRef): ProviderRoute => (ref.name === 'auto' ? { auto: true, ...autoPair } : { auto: false, ...choose(ref) })

  // Validate every reference now, so a typo fails at startup rather than mid-install.
  for (const value of [defaultProvider, ...Object.values(routes)]) toRoute(parseProviderRef(value))

  const route = (target: { registry: string; name: string }): ProviderRoute => toRoute(routeFor(target, routes, defaultProvider))
  return {
    config,
    get: (name) => byName.get(canonicalProviderName(name)),
    route,
    forPackage(target, packageJson) {
      const r = route(target)
      if (!r.auto) return { provider: r.provider, layer: r.layer }
      return packageJson !== undefined && !isEsmPackage(packageJson) ? r.converting : r.raw
    },
    byUrl(url) {
      // Asked for every import of every module: answered once per URL.
      if (owners.has(url)) return owners.get(url)
      let owner: UrlOwner | undefined
      for (const provider of ordered) {
        const match = provider.parseUrlPkg(url, { config })
        if (match !== undefined) {
          owner = { provider, ...match }
          break
        }
      }
      if (owners.size >= 100_000) owners.clear()
      owners.set(url, owner)
      return owner
    },
    context: (io) => createProviderContext({ ...io, config }),
  }
}

function isProvider(value: CustomProvider | Provider): value is Provider {
  return typeof (value as Provider).loadModule === 'function' && typeof (value as Provider).name === 'string' && typeof (value as Provider).kind === 'string'
}

function unknownProvider(name: string, known: string[]): EsmapError {
  return new EsmapError('ESMAP_UNKNOWN_PROVIDER', `No provider named "${name}"`, {
    fix: `Use one of ${[...known, 'auto'].map((n) => `"${n}"`).join(', ')}, or define it in customProviders.`,
  })
}
