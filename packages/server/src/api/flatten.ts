import type { ImportMapJson } from '@esmap/core'

type SpecifierMap = Record<string, string | null>

/** Two keys overlap when one would catch the other's specifiers: equal, or a `/`-ending prefix of it. */
function overlaps(a: string, b: string): boolean {
  return a === b || (a.endsWith('/') && b.startsWith(a)) || (b.endsWith('/') && a.startsWith(b))
}

const holdsOverlap = (map: SpecifierMap, key: string): boolean => Object.keys(map).some((k) => overlaps(k, key))

/**
 * `flattenScope` (reference 000): the map with just `imports`, wherever moving a scope's entry to
 * the top level changes no resolution that succeeded before.
 *
 * Scopes are visited from the least specific (shortest) to the most specific, so an enclosing
 * scope's entries reach `imports` before the scopes inside it are considered. An entry of scope S:
 * 1. is dropped when `imports` already maps its key to the same address;
 * 2. stays when `imports` holds an overlapping key, or a scope enclosing S still holds one
 *    (after moving, that scope would catch S's specifiers first);
 * 3. moves to `imports` otherwise: parents in S resolve it as before (through `imports`), and
 *    parents elsewhere only gain a resolution where they had none.
 * Scopes left empty are removed, and `scopes` itself when none is left.
 */
export function flattenToImports(map: ImportMapJson): ImportMapJson {
  const imports: SpecifierMap = { ...map.imports }
  const scopes: Record<string, SpecifierMap> = {}
  const order = Object.keys(map.scopes ?? {}).sort((a, b) => a.length - b.length || (a < b ? -1 : 1))
  for (const scope of order) {
    const kept: SpecifierMap = {}
    const enclosing = Object.keys(scopes).filter((s) => s !== scope && scope.startsWith(s))
    for (const [key, address] of Object.entries(map.scopes![scope]!)) {
      if (Object.hasOwn(imports, key) && imports[key] === address) continue
      if (holdsOverlap(imports, key) || enclosing.some((s) => holdsOverlap(scopes[s]!, key))) kept[key] = address
      else imports[key] = address
    }
    if (Object.keys(kept).length > 0) scopes[scope] = kept
  }
  const out: ImportMapJson = { imports: Object.fromEntries(Object.entries(imports).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) }
  if (Object.keys(scopes).length > 0) out.scopes = Object.fromEntries(Object.keys(map.scopes!).filter((s) => s in scopes).map((s) => [s, scopes[s]!]))
  if (map.integrity !== undefined) out.integrity = map.integrity
  return out
}
