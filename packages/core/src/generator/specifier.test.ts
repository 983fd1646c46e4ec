import { describe, expect, it } from 'vitest'
import { joinBare, parseBare, specifierKind, type BareSpecifier, type SpecifierKind } from './specifier.js'

describe('specifierKind', () => {
  const cases: [string, SpecifierKind][] = [
    ['./a.js', 'relative'],
    ['../a.js', 'relative'],
    ['/a.js', 'relative'],
    ['.', 'relative'],
    ['https://cdn.example/a.js', 'url'],
    ['data:text/javascript,', 'url'],
    ['node:fs', 'url'],
    ['#internal', 'imports'],
    ['react', 'bare'],
    ['@scope/pkg/sub', 'bare'],
    ['jsr:@std/path@^1', 'bare'],
    ['npm:preact@10/hooks', 'bare'],
  ]
  for (const [specifier, kind] of cases) it(specifier, () => expect(specifierKind(specifier)).toBe(kind))
})

describe('parseBare and joinBare', () => {
  const cases: [string, BareSpecifier][] = [
    ['react', { alias: 'react', subpath: '.' }],
    ['react/jsx-runtime', { alias: 'react', subpath: './jsx-runtime' }],
    ['@scope/pkg', { alias: '@scope/pkg', subpath: '.' }],
    ['@scope/pkg/a/b.js', { alias: '@scope/pkg', subpath: './a/b.js' }],
    ['lit/', { alias: 'lit', subpath: './' }],
    ['jsr:@std/path@^1', { alias: 'jsr:@std/path@^1', subpath: '.' }],
    ['jsr:@std/path@^1/posix', { alias: 'jsr:@std/path@^1', subpath: './posix' }],
    ['npm:preact@10/hooks', { alias: 'npm:preact@10', subpath: './hooks' }],
  ]
  for (const [specifier, expected] of cases) {
    it(specifier, () => {
      expect(parseBare(specifier)).toEqual(expected)
      expect(joinBare(expected.alias, expected.subpath)).toBe(specifier)
    })
  }
})
