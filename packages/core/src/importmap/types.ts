import type { WarningHandler } from './parse.js'

export interface ImportMapParseOptions {
  /** Receives the spec's warnings: invalid keys and addresses (which become `null`), unknown keys. @default ignore them */
  onWarning?: WarningHandler
}

export interface ImportMapInit extends ImportMapParseOptions {
  /** The URL of the map itself: relative URLs in `map` and in edits resolve against it, and output is written relative to it. */
  mapUrl: string | URL
  /**
   * The URL that `/` stands for where the map is served (`file:///app/public/`). When set, `/x`
   * in `map` and in edits resolves under it, and URLs under it are written `/x`. @default null
   */
  rootUrl?: string | URL | null
  /** Initial content: JSON text or a JSON object, parsed as the spec parses an import map at `mapUrl`. @default empty */
  map?: string | object
}

/** One entry of the map: `scope` is the scope prefix URL, or `null` for the top-level `imports`. */
export interface ImportMapEntry {
  specifier: string
  /** The absolute address, or `null` for an entry that blocks its specifier. */
  target: string | null
  scope: string | null
}

/** An import to keep resolving in `prune`: `specifier` as written in the module at `parent`. */
export interface ImportMapImport {
  specifier: string
  parent: string | URL
}
