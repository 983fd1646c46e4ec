import { ImportMap } from '../importmap/index.js'
import type { ResolvedGeneratorOptions } from './options.js'
import type { Resolutions } from './resolve-state.js'

/** What a map is built from: a trace's resolutions and SRI, over the input map's custom entries. */
export interface MapParts {
  resolutions: Resolutions
  integrity: ReadonlyMap<string, string>
}

/**
 * The map for a trace: the input map's custom entries, the top-level resolutions, each package's
 * scope (without the entries the top level already resolves the same way), integrity; then
 * scopes flattened and subpaths combined as the options ask, both lossless. The top-level
 * `imports` are never combined: each is a pin that the next run traces again.
 */
export function buildMap(options: Pick<ResolvedGeneratorOptions, 'mapUrl' | 'rootUrl' | 'flattenScopes' | 'combineSubpaths'>, custom: ImportMap, parts: MapParts): ImportMap {
  const map = new ImportMap({ mapUrl: options.mapUrl, rootUrl: options.rootUrl ?? null })
  map.extend(custom)
  const { imports, scopes } = parts.resolutions
  for (const [specifier, url] of imports) map.set(specifier, url)
  // Outer scopes first (node_modules nests package folders), so an inner scope is compared with them.
  for (const [scope, entries] of [...scopes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const [specifier, url] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (map.tryResolve(specifier, scope) === url) continue
      map.set(specifier, url, scope)
    }
  }
  for (const [url, sri] of parts.integrity) map.setIntegrity(url, sri)
  if (options.flattenScopes) map.flatten()
  if (options.combineSubpaths) map.combineSubpaths({ imports: false })
  return map
}
