/**
 * Line and indentation arithmetic on the original HTML text. Offsets are UTF-16 code units,
 * as in `String.prototype.slice` and parse5's source locations.
 */

/** True when `text` holds only ASCII whitespace as HTML defines it (space, tab, LF, FF, CR). */
export function isHtmlWhitespace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) return false
  }
  return true
}

/** The number of line breaks in `text`: `\r\n`, `\n` and a lone `\r` each count once. */
export function countLineBreaks(text: string): number {
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) count++
  }
  return count
}

/** The offset where the line holding `offset` starts. */
export function lineStart(html: string, offset: number): number {
  for (let i = offset - 1; i >= 0; i--) {
    if (html[i] === '\n' || html[i] === '\r') return i + 1
  }
  return 0
}

/** The offset of the line break that ends the line holding `offset` (or the end of the text). */
export function lineEnd(html: string, offset: number): number {
  for (let i = offset; i < html.length; i++) {
    if (html[i] === '\n' || html[i] === '\r') return i
  }
  return html.length
}

/** The length of the line break at `offset` (2 for `\r\n`, 1 for `\n` or `\r`, 0 at the end). */
export function lineBreakLength(html: string, offset: number): number {
  if (html[offset] === '\r') return html[offset + 1] === '\n' ? 2 : 1
  return html[offset] === '\n' ? 1 : 0
}

/** The leading spaces and tabs of the line holding `offset`, up to `offset` at most. */
export function lineIndent(html: string, offset: number): string {
  const start = lineStart(html, offset)
  let end = start
  while (end < offset && (html[end] === ' ' || html[end] === '\t')) end++
  return html.slice(start, end)
}

/** True when only spaces and tabs stand between the start of the line and `offset`. */
export function startsLine(html: string, offset: number): boolean {
  return lineIndent(html, offset).length === offset - lineStart(html, offset)
}

/** The page's line break: the first one in the text, `\n` when there is none. */
export function detectNewline(html: string): '\n' | '\r\n' {
  const lf = html.indexOf('\n')
  return lf > 0 && html[lf - 1] === '\r' ? '\r\n' : '\n'
}

/**
 * The line break used around `offset`: the one ending its line, else the one before it, else the
 * page's. Edits use it so that a page mixing line breaks gets, at each place, the kind already there.
 */
export function newlineAt(html: string, offset: number): string {
  const end = lineEnd(html, offset)
  if (end < html.length) return html.slice(end, end + lineBreakLength(html, end))
  const start = lineStart(html, offset)
  if (start > 0) return html[start - 1] === '\n' && html[start - 2] === '\r' ? '\r\n' : html[start - 1]!
  return detectNewline(html)
}

/**
 * The page's indentation unit, read from the elements whose start tag begins a line:
 * a tab when any of them is indented with a tab, otherwise the smallest positive number of
 * spaces (at most 8), and two spaces for a page without indented elements.
 */
export function detectIndent(html: string, elementStarts: Iterable<number>): string {
  let spaces = Infinity
  for (const start of elementStarts) {
    if (!startsLine(html, start)) continue
    const indent = lineIndent(html, start)
    if (indent.includes('\t')) return '\t'
    if (indent.length > 0) spaces = Math.min(spaces, indent.length)
  }
  return spaces === Infinity ? '  ' : ' '.repeat(Math.min(spaces, 8))
}

/**
 * The indentation step of pretty-printed JSON: how much deeper the line after the opening `{` is
 * indented than the `{` line. `undefined` for JSON on one line or with mixed tabs and spaces.
 */
export function detectJsonIndent(json: string): string | undefined {
  const lines = json.split(/\r\n|\n|\r/).filter((line) => !isHtmlWhitespace(line))
  const open = lines.findIndex((line) => line.trim() === '{')
  const next = lines[open + 1]
  if (open === -1 || next === undefined) return undefined
  const outer = leadingWhitespace(lines[open]!)
  const inner = leadingWhitespace(next)
  if (!inner.startsWith(outer) || inner.length === outer.length) return undefined
  const step = inner.slice(outer.length)
  return /^( +|\t+)$/.test(step) ? step : undefined
}

function leadingWhitespace(line: string): string {
  return line.slice(0, line.length - line.trimStart().length)
}
