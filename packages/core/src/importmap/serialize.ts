/**
 * Output of a normalised map: JSON with spec-sorted keys, URLs written relative to the map's
 * location (see `toRelative`), empty sections and empty scopes left out.
 */
import type { ImportMapJson } from '../types.js'
import type { ImportMapModel, SpecifierMap } from './model.js'
import { codeUnitDescending, toRecord } from './sort.js'
import { toRelative, type UrlBase } from './url.js'

type Entry<V> = [string, V]

function sortByKey<V>(entries: Entry<V>[]): Entry<V>[] {
  return entries.sort(([a], [b]) => codeUnitDescending(a, b))
}

/** A specifier key as written: URL keys in their relative form, bare keys as they are. */
function writeKey(key: string, base: UrlBase): string {
  return URL.canParse(key) ? toRelative(key, base) : key
}

function writeSpecifierMap(map: SpecifierMap, base: UrlBase): Record<string, string | null> {
  return toRecord(sortByKey([...map].map(([key, target]): Entry<string | null> => [writeKey(key, base), target === null ? null : toRelative(target, base)])))
}

/** The map as JSON at `base`: keys sorted code-unit descending in every section. */
export function toImportMapJson(model: ImportMapModel, base: UrlBase): ImportMapJson {
  const out: ImportMapJson = {}
  if (model.imports.size > 0) out.imports = writeSpecifierMap(model.imports, base)
  const scopes = [...model.scopes].filter(([, map]) => map.size > 0)
  if (scopes.length > 0) {
    out.scopes = toRecord(sortByKey(scopes.map(([scope, map]): Entry<Record<string, string | null>> => [toRelative(scope, base), writeSpecifierMap(map, base)])))
  }
  if (model.integrity.size > 0) {
    out.integrity = toRecord(sortByKey([...model.integrity].map(([url, value]): Entry<string> => [toRelative(url, base), value])))
  }
  return out
}

/** The specifier map with absolute URLs, sorted as the spec sorts it. */
export function absoluteSpecifierMap(map: SpecifierMap): Record<string, string | null> {
  return toRecord(sortByKey([...map]))
}
