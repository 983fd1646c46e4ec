/**
 * `flatten()`: move the entries of package scopes (`https://cdn/npm:a@1/`) into the scope of their
 * origin (`https://cdn/`), so one origin scope replaces many package scopes where they agree.
 *
 * Guarantee: every resolution that succeeds before flattening, for any specifier and any parent
 * URL, succeeds with the same URL after it. Only resolutions that failed (unmapped bare
 * specifiers) may start to succeed, for parents on that origin. An entry stays where it is when
 * moving it could change a successful resolution (a "conflict"); see `plan` for the rules.
 */
import { enclosingScopes, type ImportMapModel, overlappingKeys, prefixKeys, type SpecifierMap, specifierMapOf } from '../model.js'
import { codeUnitDescending } from '../sort.js'
import { isBareKey, isSpecial, parseUrl } from '../url.js'

type Plan = 'keep' | 'drop' | 'move'

const ascending = (a: string, b: string): number => codeUnitDescending(b, a)

/** The root scope of a "/"-ending scope on a hierarchical origin (`https://cdn/`), else null. */
function originScope(scope: string): string | null {
  const url = parseUrl(scope)
  if (url === null || !isSpecial(url) || !scope.endsWith('/')) return null
  return new URL('/', url).href
}

/** Of the maps in order, the first holding a key overlapping `key`: does it hold exactly `key → target` (`same`)? */
function firstOverlapIsSame(maps: SpecifierMap[], key: string, target: string | null): 'same' | 'none' | 'conflict' {
  for (const map of maps) {
    const keys = overlappingKeys(map, key)
    if (keys.length === 0) continue
    return keys.length === 1 && keys[0] === key && map.get(key) === target ? 'same' : 'conflict'
  }
  return 'none'
}

/**
 * What to do with the entry `key → target` of `scope` when flattening into `origin`. `moved` holds
 * the keys already moved from `scope` into `origin` in this pass (they were `scope`'s own keys).
 * - keep: `key` is not bare (URL keys also resolve, as plain URLs, for parents elsewhere on the
 *   origin); or `scope` still holds a shorter "/" key that would catch `key`'s specifiers once it
 *   leaves; or a scope between `scope` and `origin` holds an overlapping key; or the origin scope
 *   holds other overlapping keys than those moved from `scope`; or the first fallback after the
 *   origin (enclosing scopes, then `imports`) with an overlapping key maps other than `key → target`.
 * - drop: the origin scope, or else the first fallback with an overlapping key, holds exactly
 *   `key → target` and nothing else overlapping: parents in `scope` reach that same entry.
 * - move: parents on the origin outside `scope` fail on `key`'s specifiers today, so adding it to
 *   the origin scope only turns failures into resolutions.
 */
function plan(model: ImportMapModel, scope: string, origin: string, key: string, target: string | null, moved: ReadonlySet<string>): Plan {
  if (!isBareKey(key)) return 'keep'
  const own = model.scopes.get(scope) ?? new Map<string, string | null>()
  if (prefixKeys(own, key).some((k) => k !== key)) return 'keep'
  const enclosing = enclosingScopes(model, scope)
  const between = enclosing.filter((s) => s.length > origin.length)
  if (between.some((s) => overlappingKeys(model.scopes.get(s) ?? new Map(), key).length > 0)) return 'keep'
  const originMap = model.scopes.get(origin) ?? new Map<string, string | null>()
  const inOrigin = overlappingKeys(originMap, key)
  const foreign = inOrigin.filter((k) => !moved.has(k))
  if (foreign.length > 0) return inOrigin.length === 1 && firstOverlapIsSame([originMap], key, target) === 'same' ? 'drop' : 'keep'
  const beyond = enclosing.filter((s) => s.length < origin.length).map((s) => model.scopes.get(s) ?? new Map<string, string | null>())
  const verdict = firstOverlapIsSame([...beyond, model.imports], key, target)
  if (verdict === 'conflict') return 'keep'
  if (verdict === 'same') return inOrigin.length === 0 ? 'drop' : 'keep'
  return 'move'
}

/** Flatten `model` in place; scopes are visited in ascending order, keys shortest first. */
export function flattenModel(model: ImportMapModel): void {
  for (const scope of [...model.scopes.keys()].sort(ascending)) {
    const origin = originScope(scope)
    const map = model.scopes.get(scope)
    if (origin === null || origin === scope || map === undefined) continue
    const moved = new Set<string>()
    for (const key of [...map.keys()].sort(ascending)) {
      const target = map.get(key) ?? null
      const action = plan(model, scope, origin, key, target, moved)
      if (action === 'keep') continue
      if (action === 'move') {
        specifierMapOf(model, origin).set(key, target)
        moved.add(key)
      }
      map.delete(key)
    }
    if (map.size === 0) model.scopes.delete(scope)
  }
}
