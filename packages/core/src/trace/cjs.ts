import { parse as parseCjs } from 'cjs-module-lexer'
import { callExtent, literalValue, tokenize, type Token } from './js-scan.js'
import { parseError } from './parse-error.js'
import { lineIndex, shorten } from './position.js'
import type { ModuleImport, NonLiteralImport } from './types.js'

/** The CommonJS side of a source: its `require` calls and whether it looks like CommonJS at all. */
export interface CjsScan {
  requires: ModuleImport[]
  nonLiteral: NonLiteralImport[]
  /** Uses `require(…)`, `module.exports` or a free `exports` binding. */
  looksLikeCommonJs: boolean
}

/**
 * Finds `require(…)` calls with the JS tokenizer, so requires in comments, strings, template
 * literals and regexes are not counted. A call is `require` not preceded by `.` (so
 * `obj.require(…)` is not one) and not a declaration (`function require(…)`, or a method
 * `require(…) { … }`); `require()` with no argument is ignored. `require.resolve` is not a
 * dependency and is not reported.
 */
export function scanCommonJs(source: string, url: string): CjsScan {
  // Neither word appears: nothing to find, and no need to tokenize the whole source.
  if (!source.includes('require') && !source.includes('exports')) return { requires: [], nonLiteral: [], looksLikeCommonJs: false }
  const position = lineIndex(source)
  const requires: ModuleImport[] = []
  const nonLiteral: NonLiteralImport[] = []
  let looksLikeCommonJs = false
  const tokens = tokenize(source)
  // The two significant tokens before the current one.
  let prev: Token | undefined
  let prev2: Token | undefined
  // Compares without slicing: this loop runs once per token of sources that can be megabytes.
  const is = (token: Token | undefined, text: string): boolean =>
    token !== undefined && token.end - token.start === text.length && source.startsWith(text, token.start)

  for (let token = tokens.next(); token; prev2 = prev, prev = token, token = tokens.next()) {
    if (token.type !== 'ident') continue
    const member = is(prev, '.')
    if (is(token, 'exports')) {
      if (member ? is(prev2, 'module') : !is(tokens.peek(), ':')) looksLikeCommonJs = true
    } else if (is(token, 'require') && !member && !is(prev, 'function') && is(tokens.peek(), '(')) {
      const { end, first, after } = callExtent(source, tokens.peek()!.start)
      if (!first || is(first, ')') || is(after, '{')) continue // `require()`, or a method named `require`
      looksLikeCommonJs = true
      const at = position(token.start)
      const specifier = literalValue(source, first)
      // A literal call is `require('x')`: nothing but whitespace (or a trailing comma) after the literal.
      if (specifier !== undefined && /^\s*,?\s*$/.test(source.slice(first.end, end - 1))) {
        requires.push({ specifier, form: 'require', dynamic: false, line: at.line, column: at.column })
      } else {
        nonLiteral.push({ url, form: 'require', snippet: shorten(source.slice(token.start, end)), line: at.line, column: at.column })
      }
    }
  }
  return { requires, nonLiteral, looksLikeCommonJs }
}

/** Named exports and re-exports as Node detects them (cjs-module-lexer). */
export function cjsExports(source: string, url: string): { exports: string[]; reexports: string[] } {
  try {
    const { exports, reexports } = parseCjs(source)
    return { exports, reexports }
  } catch (err) {
    throw parseError(url, source, err)
  }
}
