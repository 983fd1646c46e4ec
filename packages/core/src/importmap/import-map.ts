/**
 * `ImportMap`: a WHATWG import map, parsed and normalised once (absolute URLs inside), resolved
 * as browsers resolve, edited, and written relative to where it is served. A thin class over the
 * pure modules of this folder.
 */
import type { ImportMapJson } from '../types.js'
import { combineSubpathsModel } from './edit/combine-subpaths.js'
import { deleteEntry, integrityKey, setEntry, setIntegrityEntry } from './edit/entries.js'
import { extendModel } from './edit/extend.js'
import { flattenModel } from './edit/flatten.js'
import { pruneModel } from './edit/prune.js'
import { ImportMapError, resolutionError } from './errors.js'
import { cloneModel, emptyModel, type ImportMapModel } from './model.js'
import { parseImportMap } from './parse.js'
import { resolveSpecifier } from './resolve.js'
import { absoluteSpecifierMap, toImportMapJson } from './serialize.js'
import { sortedEntries, toRecord } from './sort.js'
import type { ImportMapEntry, ImportMapImport, ImportMapInit, ImportMapParseOptions } from './types.js'
import { parseUrl, type UrlBase } from './url.js'

function absoluteUrl(input: string | URL, what: string): URL {
  const url = parseUrl(String(input))
  if (url === null) throw new ImportMapError('ESMAP_INVALID_MAP_URL', `The ${what} "${input}" is not an absolute URL`, { fix: 'pass an absolute URL such as "file:///app/index.html" or "https://example.com/".' })
  return url
}

/** The root URL as a directory: `file:///app/public` → `file:///app/public/`. */
function rootDirectory(input: string | URL | null | undefined): URL | null {
  if (input === undefined || input === null) return null
  const url = absoluteUrl(input, 'root URL')
  url.search = ''
  url.hash = ''
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  return url
}

function toParentUrl(parent: string | URL, specifier: string): URL {
  const url = parseUrl(String(parent))
  if (url === null) {
    throw new ImportMapError('ESMAP_INVALID_PARENT_URL', `Cannot resolve "${specifier}" from "${parent}": the parent is not an absolute URL`, {
      specifier,
      fix: 'pass the URL of the importing module, such as "https://example.com/app.js" or a file: URL.',
    })
  }
  return url
}

export class ImportMap {
  #model: ImportMapModel
  #base: UrlBase

  constructor(init: ImportMapInit) {
    this.#base = { url: absoluteUrl(init.mapUrl, 'map URL'), root: rootDirectory(init.rootUrl) }
    this.#model = init.map === undefined ? emptyModel() : parseImportMap(init.map, this.#base, init.onWarning ?? (() => {}))
  }

  /** The spec's "parse an import map string": `input` as JSON text or object, relative URLs against `baseUrl`. */
  static parse(input: string | object, baseUrl: string | URL, options: ImportMapParseOptions = {}): ImportMap {
    return new ImportMap({ mapUrl: baseUrl, map: input, onWarning: options.onWarning })
  }

  /** An empty map at `mapUrl`. */
  static empty(mapUrl: string | URL, rootUrl?: string | URL | null): ImportMap {
    return new ImportMap({ mapUrl, rootUrl })
  }

  get mapUrl(): string {
    return this.#base.url.href
  }

  get rootUrl(): string | null {
    return this.#base.root?.href ?? null
  }

  /** The top-level specifier map, absolute and spec-sorted. */
  get imports(): Record<string, string | null> {
    return absoluteSpecifierMap(this.#model.imports)
  }

  /** The scopes, absolute and spec-sorted (empty scopes included, as parsed). */
  get scopes(): Record<string, Record<string, string | null>> {
    return toRecord(sortedEntries(this.#model.scopes).map(([scope, map]): [string, Record<string, string | null>] => [scope, absoluteSpecifierMap(map)]))
  }

  /** The integrity section: absolute module URL → metadata. */
  get integrity(): Record<string, string> {
    return toRecord(sortedEntries(this.#model.integrity))
  }

  /** The spec's "resolve a module specifier" for an import of `specifier` in the module at `parentUrl`. */
  resolve(specifier: string, parentUrl: string | URL): string {
    const parent = toParentUrl(parentUrl, specifier)
    const resolution = resolveSpecifier(this.#model, specifier, parent)
    if (!resolution.ok) throw resolutionError(resolution, specifier, parent.href)
    return resolution.url
  }

  /** Like `resolve`, with `undefined` where `resolve` throws. */
  tryResolve(specifier: string, parentUrl: string | URL): string | undefined {
    const parent = parseUrl(String(parentUrl))
    if (parent === null) return undefined
    const resolution = resolveSpecifier(this.#model, specifier, parent)
    return resolution.ok ? resolution.url : undefined
  }

  /** The integrity metadata for the module at `url` (absolute, or relative to the map). */
  getIntegrity(url: string | URL): string | undefined {
    const key = integrityKey(url, this.#base)
    return key === undefined ? undefined : this.#model.integrity.get(key)
  }

  /** Map `specifier` to `target` (`null` blocks it), at the top level or in `scope`; relative values resolve against the map. */
  set(specifier: string, target: string | URL | null, scope?: string | URL | null): this {
    setEntry(this.#model, this.#base, specifier, target, scope)
    return this
  }

  /** Remove the entry for `specifier` (top level, or in `scope`); true when there was one. */
  delete(specifier: string, scope?: string | URL | null): boolean {
    return deleteEntry(this.#model, this.#base, specifier, scope)
  }

  setIntegrity(url: string | URL, integrity: string): this {
    setIntegrityEntry(this.#model, this.#base, url, integrity)
    return this
  }

  deleteIntegrity(url: string | URL): boolean {
    const key = integrityKey(url, this.#base)
    return key !== undefined && this.#model.integrity.delete(key)
  }

  /** Add every entry and integrity value of `other` (a map, or JSON parsed at this map's URL), replacing same keys. */
  extend(other: ImportMap | ImportMapJson | string): this {
    const model = other instanceof ImportMap ? other.#model : new ImportMap({ mapUrl: this.#base.url, rootUrl: this.#base.root, map: other }).#model
    extendModel(this.#model, model)
    return this
  }

  /** Write URLs relative to `mapUrl` from now on (root-relative `/x` under `rootUrl`); entries are unchanged. */
  rebase(mapUrl: string | URL = this.#base.url, rootUrl: string | URL | null = this.#base.root): this {
    this.#base = { url: absoluteUrl(mapUrl, 'map URL'), root: rootDirectory(rootUrl) }
    return this
  }

  /** Merge package scopes into their origin's scope where that changes no successful resolution. */
  flatten(): this {
    flattenModel(this.#model)
    return this
  }

  /**
   * Collapse subpath entries sharing a folder into one prefix entry where that changes no successful
   * resolution. With `imports: false` only scopes are combined, and the top-level entries (a
   * generator's pins) stay one per specifier.
   */
  combineSubpaths(options: { imports?: boolean } = {}): this {
    combineSubpathsModel(this.#model, options.imports ?? true)
    return this
  }

  /** Keep only the entries the given imports resolve through (and integrity of the modules involved). */
  prune(imports: Iterable<ImportMapImport>): this {
    const resolved = [...imports].map(({ specifier, parent }) => ({ specifier, parent: toParentUrl(parent, specifier) }))
    this.#model = pruneModel(this.#model, resolved)
    return this
  }

  /** Every entry: `imports` first, then each scope; keys spec-sorted. */
  *entries(): IterableIterator<ImportMapEntry> {
    for (const [specifier, target] of sortedEntries(this.#model.imports)) yield { specifier, target, scope: null }
    for (const [scope, map] of sortedEntries(this.#model.scopes)) {
      for (const [specifier, target] of sortedEntries(map)) yield { specifier, target, scope }
    }
  }

  clone(): ImportMap {
    const copy = new ImportMap({ mapUrl: this.#base.url, rootUrl: this.#base.root })
    copy.#model = cloneModel(this.#model)
    return copy
  }

  /** `{ imports?, scopes?, integrity? }` with spec-sorted keys and URLs relative to the map; empty parts left out. */
  toJSON(): ImportMapJson {
    return toImportMapJson(this.#model, this.#base)
  }

  toString(indent: number | string = 2): string {
    return JSON.stringify(this.toJSON(), null, indent)
  }
}
