import { analyzeHtml } from '../html/analyze.js'
import { ImportMap } from '../importmap/index.js'
import { packageKey, type InstalledPackage, type InstallLock } from '../install/index.js'
import type { ProviderRegistry } from '../providers/index.js'
import type { ExactPackage, ImportMapJson } from '../types.js'
import { splitSpecifier } from './resolve.js'

/** What an input map means to the generator. */
export interface InputState {
  /** Its package resolutions, for the installer: kept until a range forbids them or `update` asks. */
  lock: InstallLock
  /** Its entries that no provider owns (custom mappings), kept as they are. */
  custom: ImportMap
  /** Its top-level specifiers: traced again on every install, so the map keeps them. */
  pins: string[]
}

function toJson(input: ImportMapJson | string | undefined, mapUrl: URL): ImportMapJson | string {
  if (input === undefined) return {}
  if (typeof input !== 'string') return input
  if (!input.trimStart().startsWith('<')) return input
  // HTML: its (first) import map is the input map.
  const found = analyzeHtml(input, mapUrl).importMap
  return found?.text ?? {}
}

/**
 * Reads an input map as a lock: every URL a provider owns becomes a package resolution (the top
 * level's by alias, a scope's by its parent package); flattened scopes (per origin) apply to every
 * package of the map they cover. Everything else stays as a custom mapping.
 */
export function readInputMap(providers: ProviderRegistry, input: ImportMapJson | string | undefined, mapUrl: URL, rootUrl: URL | undefined): InputState {
  const parsed = new ImportMap({ mapUrl, rootUrl: rootUrl ?? null, map: toJson(input, mapUrl) })
  const custom = new ImportMap({ mapUrl, rootUrl: rootUrl ?? null })
  const primary = new Map<string, InstalledPackage>()
  const secondary = new Map<string, Map<string, InstalledPackage>>()
  const flat: { scope: string; alias: string; pkg: ExactPackage }[] = []
  const packages = new Map<string, { pkg: ExactPackage; base: string }>()
  const pins: string[] = []
  const owned = (url: string): { pkg: ExactPackage; base: string } | undefined => {
    const owner = providers.byUrl(url)
    if (!owner) return undefined
    const base = owner.provider.pkgToUrl(owner.pkg, owner.layer, { config: providers.config })
    packages.set(packageKey(owner.pkg), { pkg: owner.pkg, base })
    return { pkg: owner.pkg, base }
  }

  for (const { specifier, target, scope } of parsed.entries()) {
    const alias = splitSpecifier(specifier)[0]
    const to = target === null || specifier.startsWith('.') || specifier.startsWith('/') || /^[a-z][a-z\d+.-]*:/i.test(specifier) ? undefined : owned(target)
    if (scope === null) pins.push(specifier)
    if (!to) {
      custom.set(specifier, target, scope ?? undefined)
      continue
    }
    if (scope === null) {
      primary.set(alias, to.pkg)
      continue
    }
    const parent = owned(scope)
    if (parent && scope === parent.base) {
      const key = packageKey(parent.pkg)
      if (!secondary.has(key)) secondary.set(key, new Map())
      secondary.get(key)!.set(alias, to.pkg)
    } else flat.push({ scope, alias, pkg: to.pkg })
  }
  // Longest scope first, so the most specific flattened scope wins for a package.
  flat.sort((a, b) => b.scope.length - a.scope.length)
  for (const [key, { base }] of packages) {
    for (const { scope, alias, pkg } of flat) {
      if (!base.startsWith(scope)) continue
      if (!secondary.has(key)) secondary.set(key, new Map())
      const deps = secondary.get(key)!
      if (!deps.has(alias)) deps.set(alias, pkg)
    }
  }
  // Integrity of package modules is computed again from their bytes; other entries keep theirs.
  for (const [url, value] of Object.entries(parsed.integrity)) if (!providers.byUrl(url)) custom.setIntegrity(url, value)
  return { lock: { primary, secondary }, custom, pins: [...new Set(pins)] }
}
