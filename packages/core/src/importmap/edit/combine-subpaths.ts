/**
 * `combineSubpaths()`: collapse exact subpath entries that share a folder, such as
 * `pkg/a.js → https://cdn/pkg@1/a.js` and `pkg/b.js → https://cdn/pkg@1/b.js`, into one prefix
 * entry `pkg/ → https://cdn/pkg@1/`.
 *
 * Lossless: every resolution that succeeds before, for any specifier and parent URL, succeeds with
 * the same URL after. A prefix `P → B` replaces a group of entries of one specifier map when
 * - the group has two or more exact (not "/"-ending) bare keys `P + r` whose address is exactly
 *   `B + r` as URL parsing of `r` against `B` gives it (so the prefix match yields the same URL),
 *   and which no "/"-ending key of the map covers (it, not `P`, would decide them once removed);
 * - `P` is bare and the map has no key equal to `P` or a "/"-ending key that `P` starts with
 *   (those would decide `P`'s specifiers today);
 * - no map that parents of this map fall back to (enclosing scopes, then `imports`) has a key
 *   overlapping `P`: every specifier under `P` outside the group fails today, so only failures change.
 * Other keys under `P` stay: being longer, they keep deciding their own specifiers.
 */
import { enclosingScopes, type ImportMapModel, keysOverlap, prefixKeys, type SpecifierMap } from '../model.js'
import { codeUnitDescending } from '../sort.js'
import { isBareKey, parseUrl } from '../url.js'

/** Prefix → address base → keys whose address is base + (key after prefix). */
type Groups = Map<string, Map<string, string[]>>

function candidateGroups(map: SpecifierMap): Groups {
  const groups: Groups = new Map()
  for (const [key, target] of map) {
    if (target === null || key.endsWith('/') || !isBareKey(key)) continue
    for (let i = 0; i < key.length - 1; i++) {
      if (key[i] !== '/') continue
      const prefix = key.slice(0, i + 1)
      const rest = key.slice(i + 1)
      if (!target.endsWith(rest)) continue
      const base = target.slice(0, target.length - rest.length)
      if (!base.endsWith('/') || parseUrl(rest, base)?.href !== target) continue
      const byBase = groups.get(prefix) ?? new Map<string, string[]>()
      groups.set(prefix, byBase.set(base, [...(byBase.get(base) ?? []), key]))
    }
  }
  return groups
}

function canAddPrefix(map: SpecifierMap, fallbacks: SpecifierMap[], prefix: string): boolean {
  if (!isBareKey(prefix)) return false
  if (prefixKeys(map, prefix).length > 0) return false
  return fallbacks.every((f) => ![...f.keys()].some((k) => keysOverlap(k, prefix)))
}

/** The group with the most keys still in the map (ties: the smaller base), if it has two or more. */
function bestGroup(map: SpecifierMap, byBase: Map<string, string[]>): { base: string; keys: string[] } | undefined {
  let best: { base: string; keys: string[] } | undefined
  for (const [base, keys] of [...byBase].sort(([a], [b]) => codeUnitDescending(b, a))) {
    // Combining only deletes grouped keys, so a key still present still has its grouped address.
    // A key under a "/" key of the map would resolve through that key once removed: leave it.
    const live = keys.filter((k) => map.has(k) && prefixKeys(map, k).length === 0)
    if (live.length >= 2 && (best === undefined || live.length > best.keys.length)) best = { base, keys: live }
  }
  return best
}

function combineIn(map: SpecifierMap, fallbacks: SpecifierMap[]): void {
  const groups = candidateGroups(map)
  // Shortest prefixes first: they collapse the most, and then shadow the longer candidates.
  const prefixes = [...groups.keys()].sort((a, b) => a.length - b.length || codeUnitDescending(b, a))
  for (const prefix of prefixes) {
    const group = bestGroup(map, groups.get(prefix) ?? new Map())
    if (group === undefined || !canAddPrefix(map, fallbacks, prefix)) continue
    for (const key of group.keys) map.delete(key)
    map.set(prefix, group.base)
  }
}

/** Combine subpaths in place: `imports` first (unless `imports` is false), then every scope. */
export function combineSubpathsModel(model: ImportMapModel, imports = true): void {
  if (imports) combineIn(model.imports, [])
  for (const [scope, map] of model.scopes) {
    const fallbacks = [...enclosingScopes(model, scope).map((s) => model.scopes.get(s) ?? new Map<string, string | null>()), model.imports]
    combineIn(map, fallbacks)
  }
}
