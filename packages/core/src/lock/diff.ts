/**
 * What changed between two import maps, entry by entry: for lockfile checks (`frozen`), the
 * CLI's summary and readable errors. Pure: takes two JSON maps, returns a sorted list.
 */

import type { ImportMapJson } from '../types.js'

export interface MapChange {
  kind: 'added' | 'removed' | 'changed'
  /** `imports`, `scopes[<scope>]` or `integrity`. */
  section: string
  key: string
  before?: string | null
  after?: string | null
}

function compare(section: string, before: Record<string, string | null>, after: Record<string, string | null>, out: MapChange[]): void {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
  for (const key of keys) {
    const inBefore = Object.hasOwn(before, key)
    const inAfter = Object.hasOwn(after, key)
    if (inBefore && !inAfter) out.push({ kind: 'removed', section, key, before: before[key] })
    else if (!inBefore && inAfter) out.push({ kind: 'added', section, key, after: after[key] })
    else if (before[key] !== after[key]) out.push({ kind: 'changed', section, key, before: before[key], after: after[key] })
  }
}

/** Every entry added, removed or changed from `before` to `after`, in a stable order. */
export function diffMaps(before: ImportMapJson, after: ImportMapJson): MapChange[] {
  const out: MapChange[] = []
  compare('imports', before.imports ?? {}, after.imports ?? {}, out)
  const scopes = [...new Set([...Object.keys(before.scopes ?? {}), ...Object.keys(after.scopes ?? {})])].sort()
  for (const scope of scopes) compare(`scopes[${scope}]`, before.scopes?.[scope] ?? {}, after.scopes?.[scope] ?? {}, out)
  compare('integrity', before.integrity ?? {}, after.integrity ?? {}, out)
  return out
}

/** One line per change, as a unified-diff-like listing: `+ imports["lit"]: https://…`. */
export function formatMapDiff(changes: readonly MapChange[]): string {
  return changes
    .map((c) => {
      const where = `${c.section}[${JSON.stringify(c.key)}]`
      if (c.kind === 'added') return `+ ${where}: ${c.after}`
      if (c.kind === 'removed') return `- ${where}: ${c.before}`
      return `~ ${where}: ${c.before} → ${c.after}`
    })
    .join('\n')
}
