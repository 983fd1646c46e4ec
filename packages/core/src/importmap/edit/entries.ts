/**
 * Single-entry edits: `set`, `delete` and integrity. Inputs are normalised exactly as parsing
 * normalises a map at the same base, so `set(k, v, s)` equals parsing `{ scopes: { [s]: { [k]: v } } }`,
 * except that invalid input throws instead of warning.
 */
import { invalidEntry } from '../errors.js'
import { type ImportMapModel, specifierMapOf } from '../model.js'
import { normalizeSpecifierKey } from '../parse.js'
import { parseAgainst, resolveUrlLike, type UrlBase } from '../url.js'

const urlLikeFix = 'use an absolute URL, or a path starting with "/", "./" or "../".'

/** The normalised scope prefix for `scope` (a URL, or a path relative to the map). */
export function scopeKey(scope: string | URL, base: UrlBase): string {
  if (scope instanceof URL) return scope.href
  const url = parseAgainst(scope, base)
  if (url === null) throw invalidEntry(`Cannot use "${scope}" as an import map scope: it does not parse as a URL against ${base.url.href}.`, urlLikeFix)
  return url.href
}

/** The normalised specifier key for `specifier`. */
export function specifierKey(specifier: string, base: UrlBase): string {
  const key = normalizeSpecifierKey(specifier, base, '', () => {})
  if (key === null) throw invalidEntry('Cannot map the empty specifier "": specifier keys cannot be the empty string.', 'give a bare specifier such as "pkg" or a URL such as "./app.js".', specifier)
  return key
}

/** The integrity key for `url`, or `undefined` when it is not URL-like. */
export function integrityKey(url: string | URL, base: UrlBase): string | undefined {
  return url instanceof URL ? url.href : resolveUrlLike(url, base)?.href
}

/** Map `specifier` to `target` (`null` blocks it) at the top level or in `scope`, replacing any entry. */
export function setEntry(model: ImportMapModel, base: UrlBase, specifier: string, target: string | URL | null, scope?: string | URL | null): void {
  const key = specifierKey(specifier, base)
  const prefix = scope === undefined || scope === null ? null : scopeKey(scope, base)
  let address: string | null = null
  if (target !== null) {
    const url = target instanceof URL ? target : resolveUrlLike(target, base)
    if (url === null) throw invalidEntry(`Cannot map "${specifier}" to "${target}": an address must be a URL or start with "/", "./" or "../" (resolved against ${base.url.href}).`, urlLikeFix, specifier)
    if ((specifier.endsWith('/') || key.endsWith('/')) && !url.href.endsWith('/')) {
      throw invalidEntry(`Cannot map "${specifier}" to "${url.href}": a specifier ending in "/" needs an address ending in "/".`, `map "${specifier}" to "${url.href}/".`, specifier)
    }
    address = url.href
  }
  specifierMapOf(model, prefix).set(key, address)
}

/** Remove the entry for `specifier` at the top level or in `scope`; a scope left empty goes too. */
export function deleteEntry(model: ImportMapModel, base: UrlBase, specifier: string, scope?: string | URL | null): boolean {
  const key = specifierKey(specifier, base)
  if (scope === undefined || scope === null) return model.imports.delete(key)
  const prefix = scopeKey(scope, base)
  const map = model.scopes.get(prefix)
  if (map === undefined || !map.delete(key)) return false
  if (map.size === 0) model.scopes.delete(prefix)
  return true
}

/** Set the integrity metadata of the module at `url`. */
export function setIntegrityEntry(model: ImportMapModel, base: UrlBase, url: string | URL, value: string): void {
  const key = integrityKey(url, base)
  if (key === undefined) throw invalidEntry(`Cannot set integrity for "${url}": integrity keys must be URLs or start with "/", "./" or "../".`, urlLikeFix)
  model.integrity.set(key, value)
}
