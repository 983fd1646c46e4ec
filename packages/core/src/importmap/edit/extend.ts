import { type ImportMapModel, specifierMapOf } from '../model.js'

/**
 * Merge `other` into `model`: every entry and integrity value of `other` replaces the one under the
 * same key (in the same scope); entries `other` lacks are kept. Afterwards each key of `other`
 * maps exactly as in `other`; a longer key kept from `model` can still win a prefix match.
 */
export function extendModel(model: ImportMapModel, other: ImportMapModel): void {
  for (const [key, target] of other.imports) model.imports.set(key, target)
  for (const [scope, map] of other.scopes) {
    const into = specifierMapOf(model, scope)
    for (const [key, target] of map) into.set(key, target)
  }
  for (const [url, value] of other.integrity) model.integrity.set(url, value)
}
