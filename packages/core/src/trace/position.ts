/** A 1-based line and column. */
export interface SourcePosition {
  line: number
  column: number
}

/**
 * Maps string indices to 1-based line/column positions. The line table is built on first use,
 * so sources with no position to report pay nothing. Line breaks are `\n`, `\r\n` and `\r`
 * (as ECMAScript counts lines, minus the rare U+2028/U+2029).
 */
export function lineIndex(source: string): (index: number) => SourcePosition {
  let starts: number[] | undefined
  return (index) => {
    if (starts === undefined) {
      starts = [0]
      if (!source.includes('\r')) {
        // The common case, found by the engine's own search rather than char by char.
        for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1)
      } else {
        for (let i = 0; i < source.length; i++) {
          const c = source.charCodeAt(i)
          if (c === 10 || (c === 13 && source.charCodeAt(i + 1) !== 10)) starts.push(i + 1)
        }
      }
    }
    // Binary search for the last line start <= index.
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= index) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: index - starts[lo]! + 1 }
  }
}

/** `text` with runs of whitespace collapsed, cut to `max` characters with an ellipsis. */
export function shorten(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ')
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}
