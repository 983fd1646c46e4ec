import { analyzeHtml } from '../html/analyze.js'
import { ImportMap } from '../importmap/index.js'
import { packageKey, type InstalledPackage, type InstallLock } from '../install/index.js'
import type { ProviderRegistry } from '../providers/index.js'
import type { ExactPackage, ImportMapJson } from '../types.js'
import { parseBare, specifierKind } from './specifier.js'

/** What an input map means to the generator. */
export interface InputState {
  /** The input map as given (the generator's map until its first trace). */
  map: ImportMap
  /** Its package resolutions, for the installer: kept until a range forbids them or `update` asks. */
  lock: InstallLock
  /** Its entries that no provider owns, that are ignored, or that map a folder prefix: kept as they are. */
  custom: ImportMap
  /** Its top-level package specifiers: traced again on every install, so the map keeps them (npm's `dependencies`). */
  pins: string[]
}

function toJson(input: ImportMapJson | string | undefined, mapUrl: URL): ImportMapJson | string {
  if (input === undefined) return {}
  if (typeof input !== 'string' || !input.trimStart().startsWith('<')) return input
  // HTML: its import map is the input map.
  return analyzeHtml(input, mapUrl).importMap?.text ?? {}
}

interface Owned {
  pkg: ExactPackage
  base: string
}

/**
 * Reads an input map as a lock. Every bare entry whose URL a provider owns is a package
 * resolution: a top-level one by its alias (a pin), a scoped one for the package whose base URL
 * the scope is. A scope that is not a package base (a flattened per-origin scope) holds the
 * resolutions of every package of the map under it that has none of its own, the most specific
 * scope first, exact-name entries before subpath entries. Everything else is custom and kept.
 */
export function readInputMap(providers: ProviderRegistry, input: ImportMapJson | string | undefined, mapUrl: URL, rootUrl: URL | undefined, ignore: ReadonlySet<string>): InputState {
  const parsed = new ImportMap({ mapUrl, rootUrl: rootUrl ?? null, map: toJson(input, mapUrl) })
  const custom = new ImportMap({ mapUrl, rootUrl: rootUrl ?? null })
  const primary = new Map<string, InstalledPackage>()
  const secondary = new Map<string, Map<string, InstalledPackage>>()
  const flat: { scope: string; alias: string; exact: boolean; pkg: ExactPackage }[] = []
  const packages = new Map<string, Owned>()
  const pins = new Set<string>()
  const owned = (url: string): Owned | undefined => {
    const owner = providers.byUrl(url)
    if (!owner) return undefined
    const found = { pkg: owner.pkg, base: owner.provider.pkgToUrl(owner.pkg, owner.layer, { config: providers.config }) }
    packages.set(packageKey(owner.pkg), found)
    return found
  }

  for (const { specifier, target, scope } of parsed.entries()) {
    const bare = specifierKind(specifier) === 'bare' && !specifier.endsWith('/') && !ignore.has(specifier)
    const to = bare && target !== null ? owned(target) : undefined
    if (!to) {
      custom.set(specifier, target, scope ?? undefined)
      continue
    }
    const { alias, subpath } = parseBare(specifier)
    if (scope === null) {
      pins.add(specifier)
      if (!primary.has(alias) || subpath === '.') primary.set(alias, to.pkg)
      continue
    }
    const parent = owned(scope)
    if (parent && scope === parent.base) {
      const key = packageKey(parent.pkg)
      if (!secondary.has(key)) secondary.set(key, new Map())
      const deps = secondary.get(key)!
      if (!deps.has(alias) || subpath === '.') deps.set(alias, to.pkg)
    } else flat.push({ scope, alias, exact: subpath === '.', pkg: to.pkg })
  }
  // The most specific flattened scope first; in one scope, `name` before `name/sub`.
  flat.sort((a, b) => b.scope.length - a.scope.length || Number(b.exact) - Number(a.exact))
  for (const [key, { pkg: self, base }] of packages) {
    const deps = secondary.get(key) ?? new Map<string, InstalledPackage>()
    for (const { scope, alias, pkg } of flat) if (base.startsWith(scope) && !deps.has(alias) && alias !== self.name) deps.set(alias, pkg)
    if (deps.size > 0) secondary.set(key, deps)
  }
  // Integrity of package modules is computed again from their bytes; other entries keep theirs.
  for (const [url, value] of Object.entries(parsed.integrity)) if (!providers.byUrl(url)) custom.setIntegrity(url, value)
  return { map: parsed, lock: { primary, secondary }, custom, pins: [...pins] }
}
