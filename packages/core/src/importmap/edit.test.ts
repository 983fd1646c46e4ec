import { describe, expect, it } from 'vitest'
import { changedResolutions } from './__tests__/probe.js'
import { ImportMap } from './import-map.js'

const mapUrl = 'https://app.example/index.html'

describe('ImportMap#set and #delete', () => {
  it('normalises keys, addresses and scopes as parsing does', () => {
    const map = ImportMap.empty(mapUrl)
      .set('react', 'https://cdn.example/react@18/index.js')
      .set('./local.js', './src/local.js')
      .set('lodash/', '/vendor/lodash/', '/legacy/')
      .set('blocked', null, new URL('https://cdn.example/x/'))
      .set('react', new URL('https://cdn.example/react@19/index.js'))
    expect(map.imports).toEqual({ react: 'https://cdn.example/react@19/index.js', 'https://app.example/local.js': 'https://app.example/src/local.js' })
    expect(map.scopes).toEqual({ 'https://app.example/legacy/': { 'lodash/': 'https://app.example/vendor/lodash/' }, 'https://cdn.example/x/': { blocked: null } })
    expect(map.toJSON()).toEqual({
      imports: { react: 'https://cdn.example/react@19/index.js', './local.js': './src/local.js' },
      scopes: { './legacy/': { 'lodash/': './vendor/lodash/' }, 'https://cdn.example/x/': { blocked: null } },
    })
  })

  it('equals parsing the same entries', () => {
    const edited = ImportMap.empty(mapUrl).set('a/', '../a/', './s/').set('/b.js', 'https://cdn.example/b.js')
    const parsed = ImportMap.parse({ imports: { '/b.js': 'https://cdn.example/b.js' }, scopes: { './s/': { 'a/': '../a/' } } }, mapUrl)
    expect(edited.toJSON()).toEqual(parsed.toJSON())
  })

  it('deletes entries, dropping a scope left empty', () => {
    const map = ImportMap.parse({ imports: { a: '/a.js', './b.js': '/b.js' }, scopes: { '/s/': { c: '/c.js' } } }, mapUrl)
    expect(map.delete('a')).toBe(true)
    expect(map.delete('a')).toBe(false)
    expect(map.delete('https://app.example/b.js')).toBe(true)
    expect(map.delete('c', '/other/')).toBe(false)
    expect(map.delete('c', 'https://app.example/s/')).toBe(true)
    expect(map.scopes).toEqual({})
    expect(map.toJSON()).toEqual({})
  })

  const errors: [name: string, edit: (m: ImportMap) => unknown, message: string][] = [
    ['an empty specifier', (m) => m.set('', '/x.js'), 'Cannot map the empty specifier "": specifier keys cannot be the empty string.\n  Fix: give a bare specifier such as "pkg" or a URL such as "./app.js".'],
    ['a bare address', (m) => m.set('a', 'a.js'), 'Cannot map "a" to "a.js": an address must be a URL or start with "/", "./" or "../" (resolved against https://app.example/index.html).\n  Fix: use an absolute URL, or a path starting with "/", "./" or "../".'],
    ['a prefix without a trailing slash', (m) => m.set('a/', '/a'), 'Cannot map "a/" to "https://app.example/a": a specifier ending in "/" needs an address ending in "/".\n  Fix: map "a/" to "https://app.example/a/".'],
    ['an unparseable scope', (m) => m.set('a', '/a.js', 'https://[x]/'), 'Cannot use "https://[x]/" as an import map scope: it does not parse as a URL against https://app.example/index.html.\n  Fix: use an absolute URL, or a path starting with "/", "./" or "../".'],
    ['a bare integrity key', (m) => m.setIntegrity('a.js', 'sha384-x'), 'Cannot set integrity for "a.js": integrity keys must be URLs or start with "/", "./" or "../".\n  Fix: use an absolute URL, or a path starting with "/", "./" or "../".'],
  ]
  for (const [name, edit, message] of errors) {
    it(`rejects ${name}`, () => {
      const map = ImportMap.empty(mapUrl)
      expect(() => edit(map)).toThrow(expect.objectContaining({ code: 'ESMAP_IMPORT_MAP_INVALID_ENTRY', message }))
      expect(map.toJSON()).toEqual({})
    })
  }
})

describe('ImportMap integrity', () => {
  it('sets, gets and deletes integrity by absolute or map-relative URL', () => {
    const map = ImportMap.parse({ integrity: { './a.js': 'sha384-a' } }, mapUrl)
      .setIntegrity('https://cdn.example/b.js', 'sha384-b')
      .setIntegrity(new URL('https://app.example/c.js'), 'sha384-c')
    expect(map.getIntegrity('https://app.example/a.js')).toBe('sha384-a')
    expect(map.getIntegrity('./a.js')).toBe('sha384-a')
    expect(map.getIntegrity(new URL('https://cdn.example/b.js'))).toBe('sha384-b')
    expect(map.getIntegrity('https://cdn.example/missing.js')).toBeUndefined()
    expect(map.getIntegrity('bare')).toBeUndefined()
    expect(map.toJSON()).toEqual({ integrity: { 'https://cdn.example/b.js': 'sha384-b', './c.js': 'sha384-c', './a.js': 'sha384-a' } })
    expect(map.deleteIntegrity('/c.js')).toBe(true)
    expect(map.deleteIntegrity('/c.js')).toBe(false)
    expect(map.integrity).toEqual({ 'https://cdn.example/b.js': 'sha384-b', 'https://app.example/a.js': 'sha384-a' })
  })
})

describe('ImportMap#extend', () => {
  const before = { imports: { a: '/a1.js', 'b/': '/b1/', 'b/c/': '/bc1/' }, scopes: { '/s/': { a: '/sa1.js' } }, integrity: { '/a1.js': 'sha384-1' } }
  const other = { imports: { a: '/a2.js', 'b/': '/b2/' }, scopes: { '/s/': { d: '/sd2.js' }, '/t/': { a: '/ta2.js' } }, integrity: { '/a1.js': 'sha384-2' } }

  it('adds and replaces entries, keeping the rest', () => {
    const map = ImportMap.parse(before, mapUrl).extend(other)
    expect(map.toJSON()).toEqual({
      imports: { 'b/c/': './bc1/', 'b/': './b2/', a: './a2.js' },
      scopes: { './t/': { a: './ta2.js' }, './s/': { d: './sd2.js', a: './sa1.js' } },
      integrity: { './a1.js': 'sha384-2' },
    })
  })

  it('accepts an ImportMap, JSON text or an object alike', () => {
    const fromObject = ImportMap.parse(before, mapUrl).extend(other).toJSON()
    expect(ImportMap.parse(before, mapUrl).extend(JSON.stringify(other)).toJSON()).toEqual(fromObject)
    expect(ImportMap.parse(before, mapUrl).extend(ImportMap.parse(other, mapUrl)).toJSON()).toEqual(fromObject)
  })

  it("resolves every key of the other map as the other map does, unless a longer kept key wins", () => {
    const map = ImportMap.parse(before, mapUrl).extend(other)
    const from = ImportMap.parse(other, mapUrl)
    const table: [string, string][] = [
      ['a', 'https://app.example/main.js'],
      ['b/x.js', 'https://app.example/main.js'],
      ['d', 'https://app.example/s/x.js'],
      ['a', 'https://app.example/t/x.js'],
    ]
    for (const [specifier, parent] of table) expect(map.resolve(specifier, parent)).toBe(from.resolve(specifier, parent))
    expect(map.resolve('b/c/x.js', 'https://app.example/main.js')).toBe('https://app.example/bc1/x.js')
  })
})

describe('ImportMap#clone and #entries', () => {
  it('clones deeply', () => {
    const map = ImportMap.parse({ imports: { a: '/a.js' }, scopes: { '/s/': { b: '/b.js' } } }, mapUrl, {})
    const copy = map.clone().set('c', '/c.js', '/s/')
    expect(map.scopes).toEqual({ 'https://app.example/s/': { b: 'https://app.example/b.js' } })
    expect(copy.scopes).toEqual({ 'https://app.example/s/': { c: 'https://app.example/c.js', b: 'https://app.example/b.js' } })
    expect(copy.mapUrl).toBe(mapUrl)
  })

  it('lists imports, then scopes, spec-sorted, with absolute URLs', () => {
    const map = ImportMap.parse({ scopes: { '/s/': { b: '/b.js', 'b/': null } }, imports: { a: '/a.js', z: '/z.js' } }, mapUrl)
    expect([...map.entries()]).toEqual([
      { specifier: 'z', target: 'https://app.example/z.js', scope: null },
      { specifier: 'a', target: 'https://app.example/a.js', scope: null },
      { specifier: 'b/', target: null, scope: 'https://app.example/s/' },
      { specifier: 'b', target: 'https://app.example/b.js', scope: 'https://app.example/s/' },
    ])
  })
})

describe('single-entry edits change only the specifiers they map', () => {
  const input = { imports: { a: '/a.js', 'a/': '/a/', 'a/b/': '/ab/' }, scopes: { '/s/': { a: '/sa.js' } } }
  const s = 'https://app.example/s/'
  const edits: [string, (m: ImportMap) => unknown, string[]][] = [
    ['set a new key', (m) => m.set('c', '/c.js'), []],
    ['replace an exact entry', (m) => m.set('a', '/a2.js'), ['a @ file:///elsewhere/app.js', 'a @ https://app.example/probe.js', 'a @ https://elsewhere.example/app.js']],
    ['delete a prefix entry', (m) => m.delete('a/b/'), ['a/b/ @ file:///elsewhere/app.js', 'a/b/ @ https://app.example/probe.js', `a/b/ @ ${s}`, `a/b/ @ ${s}probe.js`, 'a/b/ @ https://elsewhere.example/app.js'].flatMap((p) => [p, p.replace('a/b/', 'a/b/sub/y.js'), p.replace('a/b/', 'a/b/x.js')])],
    // A scope entry "a/" shadows the longer top-level "a/b/" for parents in the scope.
    ['set a scope prefix entry', (m) => m.set('a/', '/sa/', '/s/'), [s, `${s}probe.js`].flatMap((p) => ['a/', 'a/b/', 'a/b/sub/y.js', 'a/b/x.js', 'a/sub/y.js', 'a/x.js'].map((spec) => `${spec} @ ${p}`))],
  ]
  for (const [name, edit, changed] of edits) {
    it(name, () => {
      const before = ImportMap.parse(input, mapUrl)
      const after = before.clone()
      edit(after)
      expect(Object.keys(changedResolutions(before, after)).sort()).toEqual(changed.sort())
    })
  }
})
