/**
 * Test helper: resolve a map at representative (specifier, parent) pairs drawn from its own keys,
 * to check that an edit keeps every successful resolution. Which entry decides a resolution
 * depends only on which keys equal the specifier or are "/"-ending prefixes of it (and the same
 * for scopes and the parent URL), so each key, and each "/"-ending key plus a suffix, stands for
 * all specifiers (parents) that behave alike.
 */
import type { ImportMap } from '../import-map.js'

const suffixes = ['x.js', 'sub/y.js']

/** Representative specifiers and parents for the keys of `maps` (take them from the map before and after an edit). */
export function probes(...maps: ImportMap[]): { specifiers: string[]; parents: string[] } {
  const specifiers = new Set<string>()
  const parents = new Set<string>(['https://elsewhere.example/app.js', 'file:///elsewhere/app.js'])
  for (const map of maps) {
    for (const { specifier, scope } of map.entries()) {
      specifiers.add(specifier)
      if (specifier.endsWith('/')) for (const s of suffixes) specifiers.add(specifier + s)
      if (scope === null) continue
      parents.add(scope)
      if (scope.endsWith('/')) parents.add(`${scope}probe.js`)
      const origin = URL.parse('/probe.js', scope)
      if (origin !== null) parents.add(origin.href)
    }
  }
  return { specifiers: [...specifiers], parents: [...parents] }
}

/** `specifier @ parent` → resolved URL, or `throws`, for every pair. */
export function resolutions(map: ImportMap, specifiers: string[], parents: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const parent of parents) {
    for (const specifier of specifiers) out[`${specifier} @ ${parent}`] = map.tryResolve(specifier, parent) ?? 'throws'
  }
  return out
}

/**
 * The pairs whose successful resolution differs between `before` and `after`: `{}` when the edit
 * kept every resolution that succeeded. Pairs that failed before are not compared.
 */
export function changedResolutions(before: ImportMap, after: ImportMap): Record<string, { before: string; after: string }> {
  const { specifiers, parents } = probes(before, after)
  const a = resolutions(before, specifiers, parents)
  const b = resolutions(after, specifiers, parents)
  const changed: Record<string, { before: string; after: string }> = {}
  for (const [pair, url] of Object.entries(a)) {
    if (url !== 'throws' && b[pair] !== url) changed[pair] = { before: url, after: b[pair] ?? 'missing' }
  }
  return changed
}
