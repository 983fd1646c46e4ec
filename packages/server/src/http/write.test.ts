import { expect, it } from 'vitest'
import { contentType } from './reply.js'
import { etagMatches } from './write.js'

it.each([
  [undefined, '"abc"', false],
  ['"abc"', '"abc"', true],
  ['W/"abc"', '"abc"', true],
  ['"x", "abc"', '"abc"', true],
  ['*', '"abc"', true],
  ['"abcd"', '"abc"', false],
  ['abc', '"abc"', false],
] as const)('if-none-match %j vs %j → %j', (header, etag, expected) => {
  expect(etagMatches(header, etag)).toBe(expected)
})

it.each([
  ['index.js', 'text/javascript; charset=utf-8'],
  ['dist/x.MJS', 'text/javascript; charset=utf-8'],
  ['a.cjs', 'text/javascript; charset=utf-8'],
  ['package.json', 'application/json; charset=utf-8'],
  ['index.js.map', 'application/json; charset=utf-8'],
  ['style.css', 'text/css; charset=utf-8'],
  ['add.wasm', 'application/wasm'],
  ['README.md', 'text/markdown; charset=utf-8'],
  ['LICENSE', 'text/plain; charset=utf-8'],
  ['page.html', 'text/plain; charset=utf-8'],
  ['mod.ts', 'text/plain; charset=utf-8'],
  ['logo.svg', 'image/svg+xml'],
  ['bin/tool', 'application/octet-stream'],
  ['x.unknown', 'application/octet-stream'],
])('content type of %s', (path, expected) => {
  expect(contentType(path)).toBe(expected)
})
