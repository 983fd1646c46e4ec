import { canonicalProviderName } from './config.js'

/** A provider reference as written in options: `jsdelivr`, `jspm.io#system`, `auto`. */
export interface ProviderRef {
  /** The canonical provider name (`jspm` → `jspm.io`), or `auto`. */
  name: string
  layer: string
}

/** `name[#layer]` (aliases folded: `jspm` → `jspm.io`, `jspm.system` → `jspm.io#system`). */
export function parseProviderRef(value: string): ProviderRef {
  const canonical = canonicalProviderName(value)
  const hash = canonical.indexOf('#')
  if (hash === -1) return { name: canonical, layer: 'default' }
  return { name: canonicalProviderName(canonical.slice(0, hash)), layer: canonical.slice(hash + 1) || 'default' }
}

/** Registries that have their own provider unless `providers` says otherwise. */
export const registryProviders: Readonly<Record<string, string>> = { jsr: 'jsr', deno: 'deno' }

/**
 * The `providers` option key that routes a package, or `undefined` when none does. Keys name a
 * package, a scope or a registry; the first level that matches wins, most specific first:
 * 1. `registry:name` (`npm:react`, `jsr:@std/path`)
 * 2. `name` (`react`, `@org/ui`), in any registry
 * 3. `registry:@scope` (`jsr:@std`)
 * 4. `@scope` (`@org`), in any registry
 * 5. `registry:` (`jsr:`, `npm:`)
 * An exact name therefore beats its scope, and a scope beats its registry.
 */
export function matchRoute(routes: Readonly<Record<string, string>>, target: { registry: string; name: string }): string | undefined {
  const scope = target.name.startsWith('@') ? target.name.slice(0, target.name.indexOf('/')) : undefined
  const keys = [
    `${target.registry}:${target.name}`,
    target.name,
    scope === undefined ? undefined : `${target.registry}:${scope}`,
    scope,
    `${target.registry}:`,
  ]
  for (const key of keys) {
    if (key !== undefined && Object.hasOwn(routes, key)) return key
  }
  return undefined
}

/**
 * The provider reference for a package: its `providers` route, else its registry's own provider
 * (`jsr:` → jsr, `deno:` → deno), else `defaultProvider`. Packages located in node_modules
 * (registry `node_modules`) only exist there, so they always go to nodemodules.
 */
export function routeFor(
  target: { registry: string; name: string },
  routes: Readonly<Record<string, string>>,
  defaultProvider: string,
): ProviderRef {
  if (target.registry === 'node_modules') return { name: 'nodemodules', layer: 'default' }
  const key = matchRoute(routes, target)
  if (key !== undefined) return parseProviderRef(routes[key]!)
  return parseProviderRef(registryProviders[target.registry] ?? defaultProvider)
}
