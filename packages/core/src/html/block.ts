import type { HtmlAnalysis, HtmlEsModuleShimsScript, HtmlImportMapScript, HtmlModulePreload } from './analyze.js'
import { resolveUrl } from './analyze.js'
import { countLineBreaks, detectJsonIndent, isHtmlWhitespace } from './layout.js'
import { defaultComment } from './options.js'
import type { HtmlResource, ResolvedInjectOptions } from './options.js'
import { escapeScriptJson, renderAttributes, setStartTagAttribute } from './render.js'
import type { HtmlRange, ScannedComment, ScannedDocument } from './scan.js'
import { textBetween } from './edits.js'

/**
 * The generated block: [marker comment] [es-module-shims script] import map [modulepreload links],
 * each separated from the next by whitespace only.
 */
export interface ExistingBlock extends HtmlRange, BlockLead {
  map: HtmlImportMapScript
  /** The preloads a previous injection wrote. */
  preloads: HtmlModulePreload[]
}

/** What stands right before the place of the map: marker comments and es-module-shims scripts. */
export interface BlockLead {
  comments: ScannedComment[]
  esModuleShims: HtmlEsModuleShimsScript[]
}

/**
 * The marker comments and es-module-shims scripts that belong to a map placed at `at`: those
 * right before it, one after the other, with only whitespace and removed ranges between. They
 * are rewritten with the block (where a map is inserted too), so that the next injection finds
 * exactly what this one wrote.
 */
export function findLead(
  html: string,
  doc: ScannedDocument,
  page: HtmlAnalysis,
  options: ResolvedInjectOptions,
  at: number,
  removed: readonly HtmlRange[],
): BlockLead {
  const markers = new Set([defaultComment, options.comment])
  const candidates = [...doc.comments.filter((c) => markers.has(c.data.trim())), ...page.esModuleShims]
  const lead: BlockLead = { comments: [], esModuleShims: [] }
  let cursor = at
  for (;;) {
    const before = candidates.filter((item) => item.end <= cursor).sort((a, b) => b.end - a.end)[0]
    if (before === undefined || !isHtmlWhitespace(textBetween(html, before.end, cursor, removed))) break
    if ('data' in before) lead.comments.unshift(before)
    else lead.esModuleShims.unshift(before)
    cursor = before.start
  }
  return lead
}

/**
 * Finds the block around the page's first import map. The preloads that follow the map belong to
 * it while they follow each other with at most one line break between them (so a hand-written
 * preload after a blank line is never taken for a generated one) and either the marker comment
 * is there or they preload one of the URLs being written (they would be removed anyway).
 */
export function findBlock(
  html: string,
  doc: ScannedDocument,
  page: HtmlAnalysis,
  options: ResolvedInjectOptions,
  preloading: ReadonlySet<string | undefined>,
  removed: readonly HtmlRange[],
): ExistingBlock | undefined {
  const map = page.importMap
  if (map === undefined) return undefined
  const lead = findLead(html, doc, page, options, map.start, removed)
  const marked = lead.comments.length > 0
  const preloads: HtmlModulePreload[] = []
  let end = map.end
  if (options.preloads !== undefined) {
    for (const preload of page.preloads) {
      if (preload.start < end) continue
      if (!isTightGap(html.slice(end, preload.start))) break
      if (!marked && (preload.url === undefined || !preloading.has(preload.url))) break
      preloads.push(preload)
      end = preload.end
    }
  }
  const start = Math.min(map.start, ...lead.comments.map((c) => c.start), ...lead.esModuleShims.map((script) => script.start))
  return { start, end, ...lead, map, preloads }
}

/** Whitespace with at most one line break: what the injector writes between the block's elements. */
export function isTightGap(gap: string): boolean {
  return isHtmlWhitespace(gap) && countLineBreaks(gap) <= 1
}

export interface BlockLayout {
  newline: string
  /** The indentation of the block's lines. */
  indent: string
  /** The page's indentation unit (for the map's JSON when the existing map has none of its own). */
  unit: string
}

/**
 * The block's markup, its lines joined with newline + indent (or nothing when `whitespace` is off).
 * `existing` is what the page already has: its map's tags are kept, and its es-module-shims
 * scripts too when the option leaves them alone.
 */
export function renderBlock(
  html: string,
  doc: ScannedDocument,
  page: HtmlAnalysis,
  existing: { esModuleShims: readonly HtmlEsModuleShimsScript[]; map: HtmlImportMapScript | undefined },
  options: ResolvedInjectOptions,
  layout: BlockLayout,
): string {
  const lines: string[] = []
  if (options.comment !== undefined) lines.push(`<!-- ${options.comment} -->`)
  if (options.esModuleShims) {
    lines.push(`<script async${renderResource('src', options.esModuleShims, page, options)}></script>`)
  } else if (options.esModuleShims === undefined) {
    for (const script of existing.esModuleShims) lines.push(html.slice(script.start, script.end))
  }
  lines.push(renderMapScript(html, doc, existing.map, options, layout))
  const written = new Set<string>()
  for (const preload of options.preloads ?? []) {
    const url = resolveUrl(preload.url, page.baseUrl) ?? preload.url
    if (written.has(url)) continue
    written.add(url)
    lines.push(`<link rel="modulepreload"${renderResource('href', preload, page, options)}>`)
  }
  return lines.join(options.whitespace ? layout.newline + layout.indent : '')
}

function renderMapScript(
  html: string,
  doc: ScannedDocument,
  existing: HtmlImportMapScript | undefined,
  options: ResolvedInjectOptions,
  { newline, indent, unit }: BlockLayout,
): string {
  // A pretty-printed existing map keeps its own indentation step; others take the page's.
  const step = (existing && detectJsonIndent(existing.text)) ?? unit
  const json = escapeScriptJson(JSON.stringify(options.map, null, options.whitespace ? step : undefined))
  const content = options.whitespace
    ? `${newline}${indent}${json.split('\n').join(newline + indent)}${newline}${indent}`
    : json
  if (existing === undefined) {
    return `<script type="importmap"${renderAttributes([['nonce', options.nonce]])}>${content}</script>`
  }
  // The page's own start and end tags are kept as written, with only the nonce set.
  let startTag = html.slice(existing.start, existing.contentStart)
  const element = doc.elements.find((el) => el.start === existing.start)
  if (options.nonce !== undefined && element) {
    startTag = setStartTagAttribute(startTag, existing.start, element.attrRanges, 'nonce', options.nonce)
  }
  const endTag = existing.contentEnd < existing.end ? html.slice(existing.contentEnd, existing.end) : '</script>'
  return startTag + content + endTag
}

function renderResource(
  urlAttribute: 'src' | 'href',
  resource: HtmlResource,
  page: HtmlAnalysis,
  options: ResolvedInjectOptions,
): string {
  const integrity = options.integrity ? resource.integrity : undefined
  return renderAttributes([
    [urlAttribute, resource.url],
    ['integrity', integrity],
    ['crossorigin', crossorigin(resource.url, integrity, page, options)],
    ['nonce', options.nonce],
  ])
}

/** See `HtmlInjectOptions.crossorigin`. */
function crossorigin(
  url: string,
  integrity: string | undefined,
  page: HtmlAnalysis,
  options: ResolvedInjectOptions,
): string | undefined {
  if (options.crossorigin === 'use-credentials' || options.crossorigin === 'anonymous') return options.crossorigin
  if (integrity !== undefined) return 'anonymous'
  if (options.crossorigin === 'none') return undefined
  const resolved = resolveUrl(url, page.baseUrl)
  const pageUrl = new URL(options.htmlUrl)
  if (resolved === undefined) return undefined
  const target = new URL(resolved)
  return target.protocol === pageUrl.protocol && target.host === pageUrl.host ? undefined : 'anonymous'
}
