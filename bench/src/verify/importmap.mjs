/**
 * Import map resolution as the HTML spec defines it ("resolve a module specifier"), written out
 * here so that neither tool under test checks itself. Parsing is reduced to what generated maps
 * need: keys and addresses resolved against the map's URL, scopes and prefixes sorted.
 */

/** "Resolve a URL-like module specifier": `/`, `./`, `../` against the base, or an absolute URL; else null. */
function urlLike(specifier, base) {
  if (/^(\/|\.\/|\.\.\/)/.test(specifier)) return new URL(specifier, base).href
  try {
    return new URL(specifier).href
  } catch {
    return null
  }
}

/** "Sort and normalize a specifier map": normalized keys, resolved addresses, longest key first. */
function normalizeImports(imports, baseUrl) {
  const entries = Object.entries(imports ?? {}).map(([key, address]) => [urlLike(key, baseUrl) ?? key, address === null ? null : urlLike(address, baseUrl)])
  return entries.sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
}

/** Parses a map (JSON object) at `mapUrl` into the normalized form `resolve` works on. */
export function parseImportMap(json, mapUrl) {
  const scopes = Object.entries(json.scopes ?? {})
    .map(([prefix, imports]) => [new URL(prefix, mapUrl).href, normalizeImports(imports, mapUrl)])
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
  return { imports: normalizeImports(json.imports, mapUrl), scopes }
}

/** "Resolve an imports match": exact key, then the longest `/`-ending prefix. */
function matchImports(normalized, imports) {
  for (const [key, address] of imports) {
    if (key === normalized) return { hit: true, url: address }
    if (key.endsWith('/') && normalized.startsWith(key)) {
      if (address === null) return { hit: true, url: null }
      const after = normalized.slice(key.length)
      const url = new URL(after, address).href
      return { hit: true, url: url.startsWith(address) ? url : null }
    }
  }
  return { hit: false }
}

/**
 * "Resolve a module specifier" steps 7-13: scopes that contain the importer (longest first), then
 * the top-level imports, then the URL itself. Returns the URL, or `null` when it is blocked or bare.
 */
export function resolve(map, specifier, parentUrl) {
  const asUrl = urlLike(specifier, parentUrl)
  const normalized = asUrl ?? specifier
  for (const [prefix, imports] of map.scopes) {
    if (prefix === parentUrl || (prefix.endsWith('/') && parentUrl.startsWith(prefix))) {
      const m = matchImports(normalized, imports)
      if (m.hit) return m.url
    }
  }
  const m = matchImports(normalized, map.imports)
  if (m.hit) return m.url
  return asUrl
}
