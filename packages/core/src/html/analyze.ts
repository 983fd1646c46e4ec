import { EsmapError } from '../errors.js'
import { detectIndent, detectNewline, isHtmlWhitespace } from './layout.js'
import { scanHtml } from './scan.js'
import type { HtmlRange, ScannedDocument, ScannedElement } from './scan.js'
import { isModulePreload, scriptKind } from './script-type.js'

export type { HtmlRange } from './scan.js'

/** A `<script type="importmap">` (or es-module-shims' `importmap-shim`) in the page. */
export interface HtmlImportMapScript extends HtmlRange {
  type: 'importmap' | 'importmap-shim'
  attributes: Record<string, string>
  /** Where the script's text starts and ends. */
  contentStart: number
  contentEnd: number
  /** The script's text exactly as written. */
  text: string
  /** The parsed JSON object (not yet validated as an import map); `{}` for an empty script. */
  json: Record<string, unknown> | undefined
  /** Why `json` is missing: `ESMAP_INVALID_IMPORT_MAP`, with the `SyntaxError` as its cause. */
  error: EsmapError | undefined
}

/** A `<script type="module">` (or `module-shim`), external or inline. */
export interface HtmlModuleScript extends HtmlRange {
  type: 'module' | 'module-shim'
  attributes: Record<string, string>
  /** The `src` attribute as written; `undefined` for an inline script. */
  src: string | undefined
  /** `src` resolved against the document base URL; `undefined` when inline, empty or invalid. */
  url: string | undefined
  /** The inline module's source text as written; `undefined` when the script has a `src`. */
  source: string | undefined
  /** Where the start tag ends (just after its `>`), to add attributes in place. */
  startTagEnd: number
}

/** A `<link rel="modulepreload">`. */
export interface HtmlModulePreload extends HtmlRange {
  attributes: Record<string, string>
  href: string
  /** `href` resolved against the document base URL; `undefined` when empty or invalid. */
  url: string | undefined
  integrity: string | undefined
}

/** A classic `<script src>` loading es-module-shims. */
export interface HtmlEsModuleShimsScript extends HtmlRange {
  attributes: Record<string, string>
  src: string
  url: string
  integrity: string | undefined
}

/** A `<head>` whose start tag is written in the page. */
export interface HtmlHead extends HtmlRange {
  startTagEnd: number
  /** Where `</head>` starts; `undefined` when the end tag is left out. */
  endTagStart: number | undefined
}

/** What a page holds for import maps. Every offset points into the analysed string. */
export interface HtmlAnalysis {
  /** The document base URL: the first `<base href>` resolved against the page URL, else the page URL. */
  baseUrl: string
  /** The first import map (`importMaps[0]`), the one a browser applies first. */
  importMap: HtmlImportMapScript | undefined
  importMaps: HtmlImportMapScript[]
  /** Module scripts in source order. */
  modules: HtmlModuleScript[]
  /** `<link rel="modulepreload">` in source order. */
  preloads: HtmlModulePreload[]
  /** Every script loading es-module-shims, in source order (usually one). */
  esModuleShims: HtmlEsModuleShimsScript[]
  head: HtmlHead | undefined
  /** The page's line break. */
  newline: '\n' | '\r\n'
  /** The page's indentation unit (a tab or a number of spaces). */
  indent: string
}

/**
 * Reads what a page holds for import maps: its import map(s), module scripts (to trace),
 * modulepreload links, es-module-shims, the head, and its whitespace style.
 * Pure: nothing is fetched; URLs are resolved against `htmlUrl` and the page's `<base href>`.
 *
 * @example analyzeHtml('<script type="module" src="./app.js"></script>', 'https://example.com/').modules[0]?.url
 * // 'https://example.com/app.js'
 */
export function analyzeHtml(html: string, htmlUrl: string | URL): HtmlAnalysis {
  return analyzeScanned(html, scanHtml(html), htmlUrl)
}

/** `analyzeHtml` over an already scanned page (the injector scans once and uses both). */
export function analyzeScanned(html: string, doc: ScannedDocument, htmlUrl: string | URL): HtmlAnalysis {
  const pageUrl = parsePageUrl(htmlUrl)
  // HTML "document base URL": the frozen base URL of the first <base> with an href, parsed
  // against the fallback base URL (the document's URL); a failed parse keeps the fallback.
  const baseHref = doc.elements.find((el) => el.tag === 'base' && el.attrs.has('href'))?.attrs.get('href')
  const baseUrl = resolveUrl(baseHref, pageUrl.href) ?? pageUrl.href
  const analysis: HtmlAnalysis = {
    baseUrl,
    importMap: undefined,
    importMaps: [],
    modules: [],
    preloads: [],
    esModuleShims: [],
    head: doc.head && {
      start: doc.head.start,
      end: doc.head.end,
      startTagEnd: doc.head.startTagEnd,
      endTagStart: doc.head.endTagStart,
    },
    newline: detectNewline(html),
    indent: detectIndent(html, doc.elements.map((el) => el.start)),
  }
  for (const el of doc.elements) {
    if (el.tag === 'link' && isModulePreload(el)) analysis.preloads.push(preload(el, baseUrl))
    if (el.tag !== 'script') continue
    const kind = scriptKind(el)
    if (kind === 'importmap' || kind === 'importmap-shim') analysis.importMaps.push(importMap(html, el, kind, pageUrl))
    if (kind === 'module' || kind === 'module-shim') analysis.modules.push(moduleScript(html, el, kind, baseUrl))
    if (kind === 'classic') {
      const shims = esModuleShimsScript(el, baseUrl)
      if (shims) analysis.esModuleShims.push(shims)
    }
  }
  analysis.importMap = analysis.importMaps[0]
  return analysis
}

/** Resolves a URL attribute value against `base`; `undefined` for an empty or unparsable value. */
export function resolveUrl(value: string | undefined, base: string): string | undefined {
  if (value === undefined || isHtmlWhitespace(value)) return undefined
  return URL.canParse(value, base) ? new URL(value, base).href : undefined
}

function parsePageUrl(htmlUrl: string | URL): URL {
  if (htmlUrl instanceof URL) return htmlUrl
  if (URL.canParse(htmlUrl)) return new URL(htmlUrl)
  throw new EsmapError('ERR_INVALID_URL', `Invalid page URL "${htmlUrl}": relative URLs in the HTML cannot be resolved`, {
    specifier: htmlUrl,
    fix: 'pass the absolute URL the page is served from (https://example.com/index.html) or its file: URL',
  })
}

function contentRange(el: ScannedElement): HtmlRange {
  return { start: el.startTagEnd, end: el.endTagStart ?? el.end }
}

function importMap(html: string, el: ScannedElement, type: HtmlImportMapScript['type'], pageUrl: URL): HtmlImportMapScript {
  const content = contentRange(el)
  const text = html.slice(content.start, content.end)
  const where = `the <script type="${type}"> at line ${el.line} of ${pageUrl.href}`
  let json: Record<string, unknown> | undefined
  let error: EsmapError | undefined
  // An empty script is read as an empty map, the usual placeholder for a generated one.
  const parsed = isHtmlWhitespace(text) ? { value: {} } : parseJson(text)
  if ('error' in parsed) {
    error = new EsmapError('ESMAP_INVALID_IMPORT_MAP', `Invalid JSON in ${where}: ${parsed.error.message}`, {
      fix: 'correct the JSON, or empty the script to start from an empty import map',
      cause: parsed.error,
    })
  } else if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    error = new EsmapError('ESMAP_INVALID_IMPORT_MAP', `The import map in ${where} is not a JSON object`, {
      fix: 'write the map as an object such as {"imports": {}}',
    })
  } else {
    json = parsed.value as Record<string, unknown>
  }
  return {
    type,
    start: el.start,
    end: el.end,
    attributes: Object.fromEntries(el.attrs),
    contentStart: content.start,
    contentEnd: content.end,
    text,
    json,
    error,
  }
}

function parseJson(text: string): { value: unknown } | { error: SyntaxError } {
  try {
    return { value: JSON.parse(text) as unknown }
  } catch (error) {
    // JSON.parse throws nothing but SyntaxError for a string argument.
    return { error: error as SyntaxError }
  }
}

function moduleScript(html: string, el: ScannedElement, type: HtmlModuleScript['type'], baseUrl: string): HtmlModuleScript {
  const src = el.attrs.get('src')
  const content = contentRange(el)
  return {
    type,
    start: el.start,
    end: el.end,
    attributes: Object.fromEntries(el.attrs),
    src,
    url: resolveUrl(src, baseUrl),
    // HTML: a script with a src attribute ignores its inline text.
    source: src === undefined ? html.slice(content.start, content.end) : undefined,
    startTagEnd: el.startTagEnd,
  }
}

function preload(el: ScannedElement, baseUrl: string): HtmlModulePreload {
  const href = el.attrs.get('href') ?? ''
  return {
    start: el.start,
    end: el.end,
    attributes: Object.fromEntries(el.attrs),
    href,
    url: resolveUrl(href, baseUrl),
    integrity: el.attrs.get('integrity'),
  }
}

/** A classic script whose URL path has a segment starting with `es-module-shims` (file or package folder). */
function esModuleShimsScript(el: ScannedElement, baseUrl: string): HtmlEsModuleShimsScript | undefined {
  const src = el.attrs.get('src')
  const url = resolveUrl(src, baseUrl)
  if (src === undefined || url === undefined) return undefined
  const segments = new URL(url).pathname.split('/')
  if (!segments.some((segment) => segment.toLowerCase().startsWith('es-module-shims'))) return undefined
  return {
    start: el.start,
    end: el.end,
    attributes: Object.fromEntries(el.attrs),
    src,
    url,
    integrity: el.attrs.get('integrity'),
  }
}
