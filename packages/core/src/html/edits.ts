import { isHtmlWhitespace, lineBreakLength, lineEnd, lineStart } from './layout.js'
import type { HtmlRange } from './scan.js'

/** Replace `[start, end)` of the original text with `text` (an insertion when `start === end`). */
export interface Edit extends HtmlRange {
  text: string
}

/** Applies non-overlapping edits to the original text; everything outside them stays byte-identical. */
export function applyEdits(html: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end)
  let out = ''
  let at = 0
  for (const edit of sorted) {
    if (edit.start < at) {
      throw new Error(`Internal error: overlapping HTML edits at offset ${edit.start} (previous edit ends at ${at})`)
    }
    out += html.slice(at, edit.start) + edit.text
    at = edit.end
  }
  return out + html.slice(at)
}

/**
 * Edits that delete the given ranges. Ranges on one line with only whitespace between them are
 * deleted together, and a deletion that leaves its line blank takes the whole line with it.
 */
export function removals(html: string, ranges: readonly HtmlRange[]): Edit[] {
  const merged: HtmlRange[] = []
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1)
    const gap = last && html.slice(last.end, Math.max(last.end, range.start))
    if (last && gap !== undefined && isHtmlWhitespace(gap) && !gap.includes('\n') && !gap.includes('\r')) {
      last.end = Math.max(last.end, range.end)
    } else {
      merged.push({ start: range.start, end: range.end })
    }
  }
  return merged.map(({ start, end }) => {
    const from = lineStart(html, start)
    const to = lineEnd(html, end)
    if (isHtmlWhitespace(html.slice(from, start)) && isHtmlWhitespace(html.slice(end, to))) {
      return { start: from, end: to + lineBreakLength(html, to), text: '' }
    }
    return { start, end, text: '' }
  })
}

/** The original text between two offsets without the given ranges. */
export function textBetween(html: string, from: number, to: number, without: readonly HtmlRange[]): string {
  let text = ''
  let at = from
  for (const range of [...without].sort((a, b) => a.start - b.start)) {
    if (range.end <= at || range.start >= to) continue
    text += html.slice(at, range.start)
    at = Math.max(at, range.end)
  }
  return text + html.slice(at, Math.max(at, to))
}

/**
 * Maps offsets of the original text to the text left once `deletions` (edits without text) are
 * applied. An offset inside a deletion maps to where the deletion was.
 */
export function offsetAfter(deletions: readonly Edit[]): (offset: number) => number {
  const sorted = [...deletions].sort((a, b) => a.start - b.start)
  return (offset) => {
    let removed = 0
    for (const deletion of sorted) {
      if (deletion.start >= offset) break
      removed += Math.min(deletion.end, offset) - deletion.start
    }
    return offset - removed
  }
}
