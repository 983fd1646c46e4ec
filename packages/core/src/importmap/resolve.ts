/**
 * The HTML spec's "resolve a module specifier" against an import map, and its "resolve an imports
 * match". Pure: failures are returned as values; `import-map.ts` turns them into TypeErrors.
 * Reference: https://html.spec.whatwg.org/multipage/webappapis.html#resolve-a-module-specifier
 */
import type { ImportMapModel, SpecifierMap } from './model.js'
import { isSpecial, parseUrl, resolveUrlLike, urlBase } from './url.js'

/** The map entry a resolution went through: its scope (`null` for `imports`), key and address. */
export interface MatchedEntry {
  scope: string | null
  key: string
  target: string | null
}

export type Resolution =
  /** Resolved; `entry` is the map entry used, or `null` when the specifier is a URL no entry remaps. */
  | { ok: true; url: string; entry: MatchedEntry | null }
  /** `unmapped`: a bare specifier no entry maps. `blocked`: the matching entry is `null`.
   *  `unresolvable`: the rest after a prefix fails to parse against the address.
   *  `backtracking`: the rest after a prefix climbs above the address. */
  | { ok: false; reason: 'unmapped' | 'blocked' | 'unresolvable' | 'backtracking'; entry: MatchedEntry | null }

/** Spec: "resolve a module specifier", for a referring module at `baseUrl` and the import map `map`. */
export function resolveSpecifier(map: ImportMapModel, specifier: string, baseUrl: URL): Resolution {
  // 6. Let serializedBaseURL be baseURL, serialized.
  const serializedBaseUrl = baseUrl.href
  // 7. Let asURL be the result of resolving a URL-like module specifier given specifier and baseURL.
  const asUrl = resolveUrlLike(specifier, urlBase(baseUrl))
  // 8. Let normalizedSpecifier be the serialization of asURL, if asURL is non-null; otherwise, specifier.
  const normalizedSpecifier = asUrl === null ? specifier : asUrl.href
  // 10. For each scopePrefix → scopeImports of importMap's scopes, whose prefix is serializedBaseURL
  //     or ends with "/" and is a code unit prefix of it (most specific first, see matchingScopes):
  for (const scopePrefix of matchingScopes(map.scopes, serializedBaseUrl)) {
    // 10.1.1-2. The first scope with a match (or a blocking error) decides.
    const match = resolveImportsMatch(normalizedSpecifier, asUrl, map.scopes.get(scopePrefix) ?? new Map(), scopePrefix)
    if (match !== null) return match
  }
  // 11. Otherwise, resolve an imports match against importMap's imports.
  const match = resolveImportsMatch(normalizedSpecifier, asUrl, map.imports, null)
  if (match !== null) return match
  // 12-13. Otherwise the specifier itself, when it is URL-like.
  if (asUrl !== null) return { ok: true, url: asUrl.href, entry: null }
  // 14. Throw a TypeError: a bare specifier that importMap does not remap.
  return { ok: false, reason: 'unmapped', entry: null }
}

/**
 * The scope prefixes that apply to `serializedBaseUrl`, in the spec's order. Scopes are sorted
 * code-unit descending, which puts a prefix after every longer key that starts with it; among
 * matching scopes (all prefixes of the base URL) that is longest first. So we look them up
 * directly: the base URL itself, then each of its prefixes ending in "/", longest first.
 */
function* matchingScopes(scopes: ReadonlyMap<string, SpecifierMap>, serializedBaseUrl: string): Generator<string> {
  if (scopes.has(serializedBaseUrl)) yield serializedBaseUrl
  for (let i = serializedBaseUrl.length - 2; i >= 0; i--) {
    if (serializedBaseUrl[i] !== '/') continue
    const prefix = serializedBaseUrl.slice(0, i + 1)
    if (scopes.has(prefix)) yield prefix
  }
}

/**
 * Spec: "resolve an imports match". The spec walks the keys in descending code-unit order and
 * takes the first key that equals normalizedSpecifier or is a "/"-ending prefix of it; a key sorts
 * before its own prefixes, so that is the longest matching key. We look candidates up longest first.
 */
function resolveImportsMatch(normalizedSpecifier: string, asUrl: URL | null, specifierMap: SpecifierMap, scope: string | null): Resolution | null {
  // 1.1. If specifierKey is normalizedSpecifier:
  if (specifierMap.has(normalizedSpecifier)) {
    const target = specifierMap.get(normalizedSpecifier) ?? null
    const entry = { scope, key: normalizedSpecifier, target }
    // 1.1.1. If resolutionResult is null, throw a TypeError: blocked by a null entry.
    // 1.1.2-3. Return resolutionResult.
    return target === null ? { ok: false, reason: 'blocked', entry } : { ok: true, url: target, entry }
  }
  // 1.2. Prefix keys apply only when asURL is null or special.
  if (asUrl !== null && !isSpecial(asUrl)) return null
  for (let i = normalizedSpecifier.length - 2; i >= 0; i--) {
    // specifierKey ends with "/" and is a code unit prefix of normalizedSpecifier.
    if (normalizedSpecifier[i] !== '/') continue
    const specifierKey = normalizedSpecifier.slice(0, i + 1)
    if (!specifierMap.has(specifierKey)) continue
    const target = specifierMap.get(specifierKey) ?? null
    const entry = { scope, key: specifierKey, target }
    // 1.2.1. If resolutionResult is null, throw a TypeError: blocked by a null entry.
    if (target === null) return { ok: false, reason: 'blocked', entry }
    // 1.2.2. Let afterPrefix be the portion of normalizedSpecifier after the specifierKey prefix.
    const afterPrefix = normalizedSpecifier.slice(specifierKey.length)
    // 1.2.3. Assert: resolutionResult ends with "/" (enforced while parsing).
    // 1.2.4. Let url be the result of URL parsing afterPrefix with resolutionResult.
    const url = parseUrl(afterPrefix, target)
    // 1.2.5. If url is failure, throw a TypeError.
    if (url === null) return { ok: false, reason: 'unresolvable', entry }
    // 1.2.7. If resolutionResult is not a code unit prefix of url, throw a TypeError: backtracking.
    if (!url.href.startsWith(target)) return { ok: false, reason: 'backtracking', entry }
    // 1.2.8. Return url.
    return { ok: true, url: url.href, entry }
  }
  // 2. Return null.
  return null
}
