import type { HtmlAnalysis, HtmlEsModuleShimsScript, HtmlImportMapScript, HtmlModulePreload } from './analyze.js'
import { textBetween } from './edits.js'
import { countLineBreaks, isHtmlWhitespace } from './layout.js'
import { defaultComment } from './options.js'
import type { ResolvedInjectOptions } from './options.js'
import type { HtmlRange, ScannedComment, ScannedDocument } from './scan.js'

/**
 * The generated block: [marker comment] [es-module-shims script] import map [modulepreload links],
 * each separated from the next by whitespace only. A page may hold more comments and scripts in
 * the lead (stale markers, a second es-module-shims); they are all rewritten with the block.
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
