import { describe, expect, it } from 'vitest'
import { applyEdits, removals } from './edits.js'
import { escapeAttribute, escapeScriptJson, renderAttributes, setStartTagAttribute } from './render.js'

describe('escapeScriptJson', () => {
  it.each([
    ['"</script>"', '"<\\/script>"'],
    ['"</SCRIPT >"', '"<\\/SCRIPT >"'],
    ['"<!-- x -->"', '"\\u003C!-- x -->"'],
    ['"<script>"', '"<script>"'],
    ['"a < b > c"', '"a < b > c"'],
  ])('%s → %s', (json, escaped) => {
    expect(escapeScriptJson(json)).toBe(escaped)
    expect(JSON.parse(escaped)).toBe(JSON.parse(json))
  })
})

describe('attributes', () => {
  it('escapes & and " in double-quoted values', () => {
    expect(escapeAttribute('/a?x=1&y="2"')).toBe('/a?x=1&amp;y=&quot;2&quot;')
  })

  it('writes defined attributes in order, bare for true', () => {
    expect(renderAttributes([['src', '/a.js'], ['integrity', undefined], ['async', true], ['nonce', 'n']])).toBe(
      ' src="/a.js" async nonce="n"',
    )
  })

  it.each([
    ['replaces a written attribute', '<script nonce=old type="importmap">', 0, ['nonce', 8, 17], '<script nonce="new" type="importmap">'],
    ['adds one before >', '<script type="importmap">', 0, ['type', 8, 24], '<script type="importmap" nonce="new">'],
    ['adds one before />', '<script type="importmap" />', 0, ['type', 8, 24], '<script type="importmap" nonce="new"/>'],
    ['keeps a slash that ends an unquoted value', '<script type=a/>', 0, ['type', 8, 15], '<script type=a/ nonce="new">'],
    ['works at an offset', 'xx<script type="importmap">', 2, ['type', 10, 26], 'xx<script type="importmap" nonce="new">'],
  ] as const)('setStartTagAttribute %s', (_, html, offset, [name, start, end], expected) => {
    const tag = html.slice(offset)
    const ranges = new Map([[name, { start, end }]])
    expect(html.slice(start, end).startsWith(name)).toBe(true)
    expect(html.slice(0, offset) + setStartTagAttribute(tag, offset, ranges, 'nonce', 'new')).toBe(expected)
  })
})

describe('removals', () => {
  it.each([
    ['a whole line, line break included', 'a\n  <x>\nb', [[4, 7]], 'a\nb'],
    ['a whole CRLF line', 'a\r\n\t<x>\r\nb', [[4, 7]], 'a\r\nb'],
    ['only the element when the line holds more', 'a <x> b', [[2, 5]], 'a  b'],
    ['elements on one line together', 'a\n  <x> <y>\nb', [[4, 7], [8, 11]], 'a\nb'],
    ['the last line without a line break', 'a\n<x>', [[2, 5]], 'a\n'],
  ])('%s', (_, html, ranges, expected) => {
    expect(applyEdits(html, removals(html, ranges.map(([start, end]) => ({ start: start!, end: end! }))))).toBe(expected)
  })

  it('refuses overlapping edits', () => {
    expect(() => applyEdits('abcdef', [{ start: 1, end: 4, text: '' }, { start: 3, end: 5, text: '' }])).toThrowError(
      'Internal error: overlapping HTML edits at offset 3 (previous edit ends at 4)',
    )
  })
})
