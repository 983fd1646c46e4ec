import { describe, expect, it } from 'vitest'
import { diffMaps, formatMapDiff } from './diff.js'

describe('diffMaps', () => {
  it('lists added, removed and changed entries in every section, sorted', () => {
    const before = {
      imports: { lit: 'https://cdn/npm/lit@3.0.0/index.js', zod: 'https://cdn/npm/zod@3.0.0/index.js' },
      scopes: { 'https://cdn/npm/': { 'lit-html': 'https://cdn/npm/lit-html@3.0.0/lit-html.js' } },
      integrity: { 'https://cdn/npm/lit@3.0.0/index.js': 'sha384-a' },
    }
    const after = {
      imports: { lit: 'https://cdn/npm/lit@3.1.0/index.js', nanoid: 'https://cdn/npm/nanoid@5.0.0/index.js' },
      scopes: { 'https://cdn/npm/': { 'lit-html': 'https://cdn/npm/lit-html@3.0.0/lit-html.js' } },
      integrity: { 'https://cdn/npm/lit@3.1.0/index.js': 'sha384-b' },
    }
    const changes = diffMaps(before, after)
    expect(changes).toEqual([
      { kind: 'changed', section: 'imports', key: 'lit', before: 'https://cdn/npm/lit@3.0.0/index.js', after: 'https://cdn/npm/lit@3.1.0/index.js' },
      { kind: 'added', section: 'imports', key: 'nanoid', after: 'https://cdn/npm/nanoid@5.0.0/index.js' },
      { kind: 'removed', section: 'imports', key: 'zod', before: 'https://cdn/npm/zod@3.0.0/index.js' },
      { kind: 'removed', section: 'integrity', key: 'https://cdn/npm/lit@3.0.0/index.js', before: 'sha384-a' },
      { kind: 'added', section: 'integrity', key: 'https://cdn/npm/lit@3.1.0/index.js', after: 'sha384-b' },
    ])
    expect(formatMapDiff(changes.slice(0, 3))).toBe(
      [
        '~ imports["lit"]: https://cdn/npm/lit@3.0.0/index.js → https://cdn/npm/lit@3.1.0/index.js',
        '+ imports["nanoid"]: https://cdn/npm/nanoid@5.0.0/index.js',
        '- imports["zod"]: https://cdn/npm/zod@3.0.0/index.js',
      ].join('\n'),
    )
  })

  it('sees a whole scope appear and a null entry change', () => {
    expect(diffMaps({ imports: { x: null } }, { imports: { x: '/x.js' }, scopes: { '/s/': { y: '/y.js' } } })).toEqual([
      { kind: 'changed', section: 'imports', key: 'x', before: null, after: '/x.js' },
      { kind: 'added', section: 'scopes[/s/]', key: 'y', after: '/y.js' },
    ])
  })

  it('is empty for equal maps whatever their key order', () => {
    expect(diffMaps({ imports: { a: '1', b: '2' } }, { imports: { b: '2', a: '1' } })).toEqual([])
  })
})
