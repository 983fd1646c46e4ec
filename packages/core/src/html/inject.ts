import { analyzeScanned, resolveUrl } from './analyze.js'
import type { HtmlAnalysis, HtmlModulePreload, HtmlModuleScript } from './analyze.js'
import { findBlock, findLead, isTightGap } from './block.js'
import type { ExistingBlock } from './block.js'
import { applyEdits, offsetAfter, removals } from './edits.js'
import type { Edit } from './edits.js'
import { isHtmlWhitespace, lineEnd, lineIndent, lineStart, newlineAt, startsLine } from './layout.js'
import { resolveInjectOptions } from './options.js'
import type { HtmlInjectOptions, ResolvedInjectOptions } from './options.js'
import { renderBlock } from './render-block.js'
import type { HtmlRange, ScannedDocument } from './scan.js'
import { scanHtml } from './scan.js'

/**
 * Writes an import map into a page, with its modulepreload links, es-module-shims and a marker
 * comment, editing the original text so that everything else stays byte-identical.
 *
 * - An existing import map is replaced in place (its start and end tags kept) unless a module
 *   script or a kept modulepreload comes before it; then, and when there is none, the block is
 *   inserted at the end of the head, or before the first module script or modulepreload when
 *   that comes earlier.
 * - Lines are indented like their neighbours and end with the line break used where they go.
 * - Injecting the output again with the same options returns it unchanged.
 */
export function injectHtml(html: string, options: HtmlInjectOptions): string {
  const resolved = resolveInjectOptions(options)
  const doc = scanHtml(html)
  const page = analyzeScanned(html, doc, resolved.htmlUrl)
  const preloading = new Set((resolved.preloads ?? []).map((preload) => resolveUrl(preload.url, page.baseUrl)))
  // What goes wherever it stands: es-module-shims scripts when the option speaks of them, and
  // modulepreloads of a URL the block now preloads.
  const removed: HtmlRange[] = [
    ...(resolved.esModuleShims === undefined ? [] : page.esModuleShims),
    ...(resolved.preloads === undefined
      ? []
      : page.preloads.filter((link) => link.url !== undefined && preloading.has(link.url))),
  ]
  const block = findBlock(html, doc, page, resolved, preloading, removed)
  const keptPreloads = page.preloads.filter((link) => !removed.includes(link) && !block?.preloads.includes(link))
  // The map must come before every module script and modulepreload: they resolve with it.
  const anchor = [...page.modules, ...keptPreloads].sort((a, b) => a.start - b.start)[0]
  const context: Context = { html, doc, page, options: resolved }
  const plan =
    block !== undefined && (anchor === undefined || anchor.start > block.start)
      ? planInPlace(context, block, keptPreloads, removed)
      : planInsertion(context, block, anchor, removed)
  // Deletions first; the block is then placed and indented in the text as it is without them.
  const deletions = removals(html, plan.deletions)
  const trimmed = applyEdits(html, deletions)
  return applyEdits(trimmed, [plan.edit(trimmed, offsetAfter(deletions))])
}

interface Context {
  html: string
  doc: ScannedDocument
  page: HtmlAnalysis
  options: ResolvedInjectOptions
}

interface Plan {
  /** Ranges of the original text to delete. */
  deletions: HtmlRange[]
  /** The edit that writes the block into the text left after the deletions. */
  edit: (trimmed: string, after: (offset: number) => number) => Edit
}

/** The block stays where it is; elements elsewhere that it replaces are deleted. */
function planInPlace(
  { html, doc, page, options }: Context,
  block: ExistingBlock,
  keptPreloads: readonly HtmlModulePreload[],
  removed: readonly HtmlRange[],
): Plan {
  return {
    deletions: removed.filter((range) => range.start < block.start || range.end > block.end),
    edit: (trimmed, after) => {
      const start = after(block.start)
      const end = after(block.end)
      const indent = lineIndent(trimmed, start)
      const newline = newlineAt(trimmed, start)
      const text = renderBlock(html, doc, page, block, options, { newline, unit: page.indent, indent })
      // A kept preload that would sit right under the generated ones is moved down by a blank
      // line, so that the next injection does not take it for one of its own.
      const follower = keptPreloads.find((link) => link.start >= block.end)
      if (options.preloads !== undefined && follower && isTightGap(trimmed.slice(end, after(follower.start)))) {
        return { start, end: after(follower.start), text: text + newline + newline + indent }
      }
      return { start, end, text }
    },
  }
}

/**
 * The block goes as late in the head as possible, but before the first module script or
 * modulepreload; a block found elsewhere is deleted where it stands, and marker comments and
 * es-module-shims scripts right above the new place join the block.
 */
function planInsertion(
  { html, doc, page, options }: Context,
  block: ExistingBlock | undefined,
  anchor: HtmlModuleScript | HtmlModulePreload | undefined,
  removed: readonly HtmlRange[],
): Plan {
  const moving = block === undefined ? removed : [...removed, block]
  const end = headEnd(doc, moving)
  const beforeAnchor = anchor !== undefined && anchor.start < end.at
  const point: Place = beforeAnchor ? { at: anchor.start, ref: anchor.start, deeper: false } : end
  const lead = findLead(html, doc, page, options, point.at, moving)
  const joining = [...lead.comments, ...lead.esModuleShims]
  return {
    deletions: [...moving, ...joining],
    edit: (trimmed, after) => {
      const at = after(point.at)
      const indent = (point.ref === undefined ? '' : lineIndent(trimmed, after(point.ref))) + (point.deeper ? page.indent : '')
      const newline = newlineAt(trimmed, at)
      const esModuleShims = [...lead.esModuleShims, ...(block?.esModuleShims ?? [])]
      const existing = { esModuleShims, map: block?.map }
      const text = renderBlock(html, doc, page, existing, options, { newline, unit: page.indent, indent })
      // A hand-written preload right under the block is set off by a blank line (see findBlock).
      const separate = options.preloads !== undefined && beforeAnchor && 'href' in anchor
      return insertion(trimmed, at, indent, text, newline, separate)
    },
  }
}

/** Where the block goes: `at`, indented like the line of `ref` (one level `deeper` inside a parent). */
interface Place {
  at: number
  ref: number | undefined
  deeper: boolean
}

/**
 * The end of the head: before `</head>`, else after the head's last element, else after `<head>`,
 * `<html>` or the doctype (a script there lands in the implied head; no `<head>` is created).
 */
function headEnd(doc: ScannedDocument, removed: readonly HtmlRange[]): Place {
  const last = doc.headChildren.filter((el) => !removed.some((range) => el.start >= range.start && el.end <= range.end)).at(-1)
  const head = doc.head
  if (head?.endTagStart !== undefined) {
    return last ? { at: head.endTagStart, ref: last.start, deeper: false } : { at: head.endTagStart, ref: head.start, deeper: true }
  }
  if (last) return { at: last.end, ref: last.start, deeper: false }
  if (head) return { at: head.startTagEnd, ref: head.start, deeper: true }
  if (doc.htmlElement) return { at: doc.htmlElement.startTagEnd, ref: doc.htmlElement.start, deeper: false }
  return { at: doc.doctypeEnd ?? 0, ref: undefined, deeper: false }
}

/**
 * Inserts `text` at `at` on lines of its own: before the line when `at` starts one, after the
 * line's content when `at` ends one, and between two line breaks in the middle of a line.
 */
function insertion(html: string, at: number, indent: string, text: string, newline: string, separate: boolean): Edit {
  const blank = separate ? newline : ''
  if (startsLine(html, at)) {
    const start = lineStart(html, at)
    return { start, end: start, text: indent + text + newline + blank }
  }
  if (isHtmlWhitespace(html.slice(at, lineEnd(html, at)))) {
    return { start: at, end: at, text: newline + indent + text }
  }
  return { start: at, end: at, text: newline + indent + text + newline + blank + lineIndent(html, at) }
}
