/**
 * The normalised import map that every module of `importmap/` works on: the spec's parsed form.
 * Keys are normalised specifier keys (URL-like ones serialised as absolute URLs), addresses are
 * serialised absolute URLs or `null` (a blocking entry). Entries may sit in any order: resolution
 * looks keys up by candidate prefix, and every output sorts (see `sort.ts`).
 */

/** Normalised specifier key → serialised address URL, or `null` for an entry that blocks. */
export type SpecifierMap = Map<string, string | null>

export interface ImportMapModel {
  imports: SpecifierMap
  /** Serialised scope prefix URL → its specifier map. */
  scopes: Map<string, SpecifierMap>
  /** Serialised module URL → integrity metadata. */
  integrity: Map<string, string>
}

export function emptyModel(): ImportMapModel {
  return { imports: new Map(), scopes: new Map(), integrity: new Map() }
}

export function cloneModel(model: ImportMapModel): ImportMapModel {
  return {
    imports: new Map(model.imports),
    scopes: new Map([...model.scopes].map(([scope, map]) => [scope, new Map(map)])),
    integrity: new Map(model.integrity),
  }
}

/** The specifier map of `scope` (`null` = top-level `imports`), created when missing. */
export function specifierMapOf(model: ImportMapModel, scope: string | null): SpecifierMap {
  if (scope === null) return model.imports
  let map = model.scopes.get(scope)
  if (map === undefined) {
    map = new Map()
    model.scopes.set(scope, map)
  }
  return map
}

/**
 * Scopes that a parent URL inside `scope` falls back to after it, most specific first: the
 * other scopes whose prefix `scope` starts with (ending in `/`), as the resolution order visits them.
 * The top-level `imports` come after these.
 */
export function enclosingScopes(model: ImportMapModel, scope: string): string[] {
  const out: string[] = []
  for (let i = scope.length - 2; i >= 0; i--) {
    if (scope[i] !== '/') continue
    const prefix = scope.slice(0, i + 1)
    if (model.scopes.has(prefix)) out.push(prefix)
  }
  return out
}

/** The "/"-ending keys of `map` that are prefixes of `key` (`key` itself when it ends in "/"), longest first. */
export function prefixKeys(map: SpecifierMap, key: string): string[] {
  const out: string[] = []
  for (let i = key.length - 1; i >= 0; i--) {
    if (key[i] === '/' && map.has(key.slice(0, i + 1))) out.push(key.slice(0, i + 1))
  }
  return out
}

/**
 * Whether keys `a` and `b` can both match one specifier: equal, or one ends in `/` and is a
 * prefix of the other. Only overlapping keys can change which entry a specifier resolves through.
 */
export function keysOverlap(a: string, b: string): boolean {
  return a === b || (a.endsWith('/') && b.startsWith(a)) || (b.endsWith('/') && a.startsWith(b))
}

/** The keys of `map` that overlap `key`. */
export function overlappingKeys(map: SpecifierMap, key: string): string[] {
  return [...map.keys()].filter((k) => keysOverlap(k, key))
}
