/**
 * `prune(imports)`: keep only what a known set of imports uses. For each import (a specifier and
 * the URL of the module that imports it) the entry its resolution goes through is kept, `null`
 * entries included (so a blocked import stays blocked); every other entry is dropped. Integrity
 * is kept for the importing modules and for the URLs the imports resolve to.
 *
 * Each listed import resolves exactly as before: the scopes before the deciding one had no matching
 * key and now hold fewer keys, and the deciding map still holds its longest matching key.
 */
import { emptyModel, type ImportMapModel, specifierMapOf } from '../model.js'
import { resolveSpecifier } from '../resolve.js'

/** One import to keep resolving: `specifier` as written in the module at `parent`. */
export interface ResolvedImport {
  specifier: string
  parent: URL
}

export function pruneModel(model: ImportMapModel, imports: Iterable<ResolvedImport>): ImportMapModel {
  const kept = emptyModel()
  const modules = new Set<string>()
  for (const { specifier, parent } of imports) {
    modules.add(parent.href)
    const resolution = resolveSpecifier(model, specifier, parent)
    if (resolution.ok) modules.add(resolution.url)
    const entry = resolution.entry
    if (entry !== null) specifierMapOf(kept, entry.scope).set(entry.key, entry.target)
  }
  for (const [url, value] of model.integrity) {
    if (modules.has(url)) kept.integrity.set(url, value)
  }
  return kept
}
