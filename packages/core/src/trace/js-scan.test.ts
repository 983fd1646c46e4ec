import { describe, expect, it } from 'vitest'
import { callExtent, literalValue, tokenize, tokenText, type TokenType } from './js-scan.js'

function tokens(source: string): [TokenType, string][] {
  const out: [TokenType, string][] = []
  const scan = tokenize(source)
  for (let token = scan.next(); token; token = scan.next()) out.push([token.type, tokenText(source, token)])
  return out
}

describe('tokenize', () => {
  const table: [string, string, [TokenType, string][]][] = [
    ['comments are skipped', 'a // b\n/* c */ d', [['ident', 'a'], ['ident', 'd']]],
    ['a hashbang line is skipped', '#!/usr/bin/env node\nx', [['ident', 'x']]],
    ['strings keep escaped quotes', "'a\\'b' \"c\"", [['string', "'a\\'b'"], ['string', '"c"']]],
    ['division after an identifier', 'a / b / c', [['ident', 'a'], ['punct', '/'], ['ident', 'b'], ['punct', '/'], ['ident', 'c']]],
    ['division after a closing paren', '(a) / 2', [['punct', '('], ['ident', 'a'], ['punct', ')'], ['punct', '/'], ['number', '2']]],
    ['regex after an operator', "x = /'[/]'/g.test(y)", [['ident', 'x'], ['punct', '='], ['regex', "/'[/]'/g"], ['punct', '.'], ['ident', 'test'], ['punct', '('], ['ident', 'y'], ['punct', ')']]],
    ['regex after return', 'return /"/', [['ident', 'return'], ['regex', '/"/']]],
    ['a brace inside a substitution\'s string does not close it', "`a${'}'}b`", [['template-part', '`a${'], ['string', "'}'"], ['template-part', '}b`']]],
    ['nested template substitutions with braces', '`a${ {b: `c${d}`}.b }e` + f', [
      ['template-part', '`a${'], ['punct', '{'], ['ident', 'b'], ['punct', ':'], ['template-part', '`c${'], ['ident', 'd'],
      ['template-part', '}`'], ['punct', '}'], ['punct', '.'], ['ident', 'b'], ['template-part', '}e`'], ['punct', '+'], ['ident', 'f'],
    ]],
    ['a complete template is one token', '`x` / 2', [['template', '`x`'], ['punct', '/'], ['number', '2']]],
    ['numbers with exponents and separators', '1e-5 0x1F 1_000 .5', [['number', '1e-5'], ['number', '0x1F'], ['number', '1_000'], ['number', '.5']]],
    ['spread is one token', '...require', [['punct', '...'], ['ident', 'require']]],
  ]
  for (const [name, source, expected] of table) it(name, () => expect(tokens(source)).toEqual(expected))
})

describe('literalValue', () => {
  const table: [string, string | undefined][] = [
    ["'plain'", 'plain'],
    ['"a\\nb"', 'a\nb'],
    ["'\\x41\\u0042\\u{1F600}'", 'AB😀'],
    ["'it\\'s'", "it's"],
    ["'a\\\nb'", 'ab'],
    ['`tpl`', 'tpl'],
    ['name', undefined],
  ]
  for (const [source, value] of table) {
    it(`${source} → ${JSON.stringify(value)}`, () => {
      const token = tokenize(source).next()!
      expect(literalValue(source, token)).toBe(value)
    })
  }
})

describe('callExtent', () => {
  it('finds the matching parenthesis, the first token inside and the token after', () => {
    const source = "f(a(b), [c], {d: ')'}) { x }"
    const { end, first, after } = callExtent(source, 1)
    expect(source.slice(1, end)).toBe("(a(b), [c], {d: ')'})")
    expect(first && tokenText(source, first)).toBe('a')
    expect(after && tokenText(source, after)).toBe('{')
  })
  it('runs to the end of an unclosed call', () => {
    expect(callExtent('f(a, b', 1)).toEqual({ end: 6, first: { type: 'ident', start: 2, end: 3 }, after: undefined })
  })
})
