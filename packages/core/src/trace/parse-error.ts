import { EsmapError } from '../errors.js'
import { lineIndex, shorten } from './position.js'

export const PARSE_ERROR = 'ESMAP_PARSE_ERROR'

/**
 * The error for source that a lexer rejects, naming the URL, the 1-based line and column, and
 * the text there. `cause` is the lexer's own error, whose `idx` (when present) locates it.
 */
export function parseError(url: string, source: string, cause: unknown): EsmapError {
  const idx = typeof (cause as { idx?: unknown })?.idx === 'number' ? (cause as { idx: number }).idx : undefined
  let where = ''
  if (idx !== undefined) {
    const { line, column } = lineIndex(source)(idx)
    const near = shorten(source.slice(idx, idx + 40).split(/\r?\n|\r/)[0]!, 30).trim()
    const at = idx >= source.length ? ' (at the end of the file)' : near ? ` near \`${near}\`` : ' (at the end of the line)'
    where = ` at line ${line}, column ${column}${at}`
  }
  return new EsmapError(PARSE_ERROR, `Could not parse ${url}${where}: it is not valid JavaScript`, {
    specifier: url,
    cause,
    fix: 'Check that the URL serves JavaScript (not an HTML error page); import JSON or CSS with `with { type: "json" }` / `with { type: "css" }`; JSX is not supported, publish compiled JavaScript.',
  })
}
