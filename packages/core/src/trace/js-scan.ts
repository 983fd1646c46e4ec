/**
 * A small streaming JavaScript tokenizer: just enough grammar to find call sites such as
 * `require('x')` and `import.meta.resolve('x')` without being fooled by comments, strings,
 * template literals or regular expressions.
 *
 * It is a lexer, not a parser. The one ambiguity a lexer cannot settle exactly, `/` as division
 * or as the start of a regular expression, is decided from the previous significant token (the
 * usual heuristic): after an identifier, a literal, `)` or `]` it is division, otherwise a regex.
 */

export type TokenType =
  /** Identifier or keyword (also `#private` names). */
  | 'ident'
  /** A `'…'` or `"…"` string literal, quotes included. */
  | 'string'
  /** A complete template literal without substitutions: `` `…` ``. */
  | 'template'
  /** A piece of a template literal with substitutions (head, middle or tail). */
  | 'template-part'
  | 'number'
  | 'regex'
  /** One punctuator character, or `...`. */
  | 'punct'

export interface Token {
  type: TokenType
  /** Index of the first character. */
  start: number
  /** Index after the last character. */
  end: number
}

export interface Tokenizer {
  next(): Token | undefined
  peek(): Token | undefined
}

/** Keywords after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_KEYWORD = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await',
])

const isIdentStart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 36 || c === 95 || c === 35 || c === 92 || c > 127
const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57)
const isDigit = (c: number): boolean => c >= 48 && c <= 57
const isLineBreak = (c: number): boolean => c === 10 || c === 13 || c === 0x2028 || c === 0x2029

/**
 * Tokenizes `source` from index `from` (default 0, where a `#!` line is skipped).
 * Starting in the middle of a file is safe at a token boundary outside a template literal.
 */
export function tokenize(source: string, from = 0): Tokenizer {
  let pos = from
  if (from === 0 && source.startsWith('#!')) {
    while (pos < source.length && !isLineBreak(source.charCodeAt(pos))) pos++
  }
  let prev: Token | undefined
  let peeked: Token | undefined
  // One entry per open template substitution: the brace depth at which its `}` closes it.
  const templateStack: number[] = []
  let braceDepth = 0

  const skipTrivia = (): void => {
    while (pos < source.length) {
      const c = source.charCodeAt(pos)
      if (c === 47 /* / */ && source.charCodeAt(pos + 1) === 47) {
        pos += 2
        while (pos < source.length && !isLineBreak(source.charCodeAt(pos))) pos++
      } else if (c === 47 && source.charCodeAt(pos + 1) === 42 /* * */) {
        const close = source.indexOf('*/', pos + 2)
        pos = close === -1 ? source.length : close + 2
      } else if (c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || isLineBreak(c) || (c > 127 && /\s/.test(source[pos]!))) {
        pos++
      } else return
    }
  }

  const scanString = (quote: number): void => {
    pos++
    while (pos < source.length) {
      const c = source.charCodeAt(pos)
      if (c === 92 /* \ */) pos += 2
      else if (c === quote) { pos++; return }
      else if (c === 10 || c === 13) return // unterminated: stop at the line break
      else pos++
    }
  }

  /** Scans template characters up to and including the closing `` ` `` or the next `${`. */
  const scanTemplateChars = (): 'end' | 'substitution' => {
    while (pos < source.length) {
      const c = source.charCodeAt(pos)
      if (c === 92) pos += 2
      else if (c === 96 /* ` */) { pos++; return 'end' }
      else if (c === 36 /* $ */ && source.charCodeAt(pos + 1) === 123 /* { */) { pos += 2; return 'substitution' }
      else pos++
    }
    return 'end'
  }

  const scanRegex = (): void => {
    let inClass = false
    pos++
    while (pos < source.length) {
      const c = source.charCodeAt(pos)
      if (c === 92) pos += 2
      else if (isLineBreak(c)) return // not a regex after all; resume after what was read
      else if (c === 91 /* [ */) { inClass = true; pos++ }
      else if (c === 93 /* ] */) { inClass = false; pos++ }
      else if (c === 47 && !inClass) { pos++; break }
      else pos++
    }
    while (pos < source.length && isIdentPart(source.charCodeAt(pos))) pos++
  }

  const regexAllowed = (): boolean => {
    if (prev === undefined) return true
    const text = source.slice(prev.start, prev.end)
    switch (prev.type) {
      case 'ident': return REGEX_AFTER_KEYWORD.has(text)
      case 'punct': return text !== ')' && text !== ']'
      case 'template-part': return !text.endsWith('`') // after `${` an expression starts
      default: return false
    }
  }

  const read = (): Token | undefined => {
    skipTrivia()
    if (pos >= source.length) return undefined
    const start = pos
    const c = source.charCodeAt(pos)
    let type: TokenType = 'punct'
    if (c === 39 || c === 34) { scanString(c); type = 'string' }
    else if (c === 96) { pos++; type = scanTemplateChars() === 'end' ? 'template' : 'template-part' }
    else if (c === 125 /* } */ && templateStack.length > 0 && templateStack[templateStack.length - 1] === braceDepth) {
      pos++
      templateStack.pop()
      type = 'template-part'
      if (scanTemplateChars() === 'substitution') templateStack.push(braceDepth)
      return { type, start, end: pos }
    }
    else if (isIdentStart(c)) {
      pos++
      while (pos < source.length && isIdentPart(source.charCodeAt(pos))) pos++
      type = 'ident'
    } else if (isDigit(c) || (c === 46 && isDigit(source.charCodeAt(pos + 1)))) {
      const hex = c === 48 && /[xXbBoO]/.test(source[pos + 1] ?? '')
      pos++
      while (pos < source.length) {
        const d = source.charCodeAt(pos)
        if (isIdentPart(d) || d === 46) pos++
        else if ((d === 43 || d === 45) && !hex && /[eE]/.test(source[pos - 1]!)) pos++
        else break
      }
      type = 'number'
    } else if (c === 47 && regexAllowed()) { scanRegex(); type = 'regex' }
    else if (c === 46 && source.startsWith('...', pos)) pos += 3
    else {
      pos++
      if (c === 123) braceDepth++
      else if (c === 125) braceDepth--
    }
    if (type === 'template-part') templateStack.push(braceDepth)
    return { type, start, end: pos }
  }

  const next = (): Token | undefined => {
    const token = peeked ?? read()
    peeked = undefined
    if (token) prev = token
    return token
  }
  const peek = (): Token | undefined => {
    if (peeked === undefined) {
      // `read` decides regex vs division from `prev`, which must be the token before the peeked one.
      peeked = read()
    }
    return peeked
  }
  return { next, peek }
}

/** The source text of a token. */
export const tokenText = (source: string, token: Token): string => source.slice(token.start, token.end)

/**
 * The value of a string literal token or a substitution-free template token, with escapes decoded
 * (`\n`, `\x41`, `\u0041`, `\u{1F600}`, line continuations, `\'`). Undefined for any other token.
 */
export function literalValue(source: string, token: Token): string | undefined {
  if (token.type !== 'string' && token.type !== 'template') return undefined
  const raw = source.slice(token.start + 1, token.end - 1)
  if (!raw.includes('\\')) return raw
  return raw.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])/g, (_, esc: string) => {
    switch (esc[0]) {
      case 'n': return '\n'
      case 't': return '\t'
      case 'r': return '\r'
      case 'b': return '\b'
      case 'f': return '\f'
      case 'v': return '\v'
      case '0': return '\0'
      case '\r': case '\n': case '\u2028': case '\u2029': return ''
      case 'x': return String.fromCharCode(parseInt(esc.slice(1), 16))
      case 'u': return esc.length > 1 ? String.fromCodePoint(parseInt(esc.replace(/[u{}]/g, ''), 16)) : 'u'
      default: return esc
    }
  })
}

/**
 * The extent of a call's argument list that starts with the `(` at `openParen`: the index after
 * the matching `)`, the first token inside the parentheses, and the token after them. Used to
 * quote a call site, read a single literal argument, and tell a call from a method definition
 * (`require(x) { … }`).
 */
export function callExtent(
  source: string,
  openParen: number,
): { end: number; first: Token | undefined; after: Token | undefined } {
  const tokens = tokenize(source, openParen)
  tokens.next() // the `(`
  const first = tokens.peek()
  let depth = 1
  for (let token = tokens.next(); token; token = tokens.next()) {
    if (token.type !== 'punct') continue
    const ch = source[token.start]
    if (ch === '(' || ch === '[' || ch === '{') depth++
    else if (ch === ')' || ch === ']' || ch === '}') {
      depth--
      if (depth === 0) return { end: token.end, first, after: tokens.next() }
    }
  }
  return { end: source.length, first, after: undefined }
}
