import { describe, expect, it } from 'vitest'
import { changedResolutions } from './__tests__/probe.js'
import { ImportMap } from './import-map.js'
import { toRelative } from './url.js'

describe('toRelative: how a URL is written in a map', () => {
  const table: [href: string, mapUrl: string, rootUrl: string | null, written: string][] = [
    ['https://example.com/app/x.js', 'https://example.com/app/index.html', null, './x.js'],
    ['https://example.com/app/index.html', 'https://example.com/app/index.html', null, './index.html'],
    ['https://example.com/app/', 'https://example.com/app/index.html', null, './'],
    ['https://example.com/app/deep/x.js?v=1#h', 'https://example.com/app/index.html', null, './deep/x.js?v=1#h'],
    ['https://example.com/lib/x.js', 'https://example.com/app/index.html', null, '../lib/x.js'],
    ['https://example.com/', 'https://example.com/app/deep/index.html', null, '../../'],
    ['https://example.com/npm:react@18/index.js', 'https://example.com/index.html', null, './npm:react@18/index.js'],
    ['https://example.com//x.js', 'https://example.com/app/index.html', null, '..//x.js'],
    ['https://example.com//x.js', 'https://example.com/index.html', null, './/x.js'],
    ['https://cdn.example/x.js', 'https://example.com/app/index.html', null, 'https://cdn.example/x.js'],
    ['http://example.com/x.js', 'https://example.com/app/index.html', null, 'http://example.com/x.js'],
    ['https://example.com:8443/x.js', 'https://example.com/app/index.html', null, 'https://example.com:8443/x.js'],
    ['data:text/javascript,1', 'https://example.com/app/index.html', null, 'data:text/javascript,1'],
    ['file:///p/dist/npm/a.js', 'file:///p/dist/index.html', 'file:///p/dist/', '/npm/a.js'],
    ['file:///p/dist/', 'file:///p/dist/index.html', 'file:///p/dist/', '/'],
    ['file:///p/src/a.js', 'file:///p/dist/index.html', 'file:///p/dist/', '../src/a.js'],
    ['https://cdn.example/a.js', 'file:///p/dist/index.html', 'file:///p/dist/', 'https://cdn.example/a.js'],
  ]
  for (const [href, mapUrl, rootUrl, written] of table) {
    it(`${href} at ${mapUrl}${rootUrl ? ` (root ${rootUrl})` : ''} → ${written}`, () => {
      const base = { url: new URL(mapUrl), root: rootUrl === null ? null : new URL(rootUrl) }
      expect(toRelative(href, base)).toBe(written)
    })
  }
})

describe('ImportMap#rebase', () => {
  const input = {
    imports: { app: './src/app.js', 'lib/': './lib/', react: 'https://cdn.example/react.js', './src/polyfill.js': '/vendor/polyfill.js' },
    scopes: { './lib/': { dep: '/vendor/dep.js' }, 'https://cdn.example/': { dep: '/vendor/dep2.js' } },
    integrity: { './src/app.js': 'sha384-app', 'https://cdn.example/react.js': 'sha384-react' },
  }

  it('writes URLs relative to the map URL', () => {
    const map = ImportMap.parse(input, 'file:///p/dist/index.html').rebase('file:///p/dist/sub/map.json')
    expect(map.mapUrl).toBe('file:///p/dist/sub/map.json')
    expect(map.toJSON()).toEqual({
      imports: { react: 'https://cdn.example/react.js', 'lib/': '../lib/', app: '../src/app.js', '../src/polyfill.js': '../../../vendor/polyfill.js' },
      scopes: { 'https://cdn.example/': { dep: '../../../vendor/dep2.js' }, '../lib/': { dep: '../../../vendor/dep.js' } },
      integrity: { 'https://cdn.example/react.js': 'sha384-react', '../src/app.js': 'sha384-app' },
    })
  })

  it('writes URLs under the root URL root-relative', () => {
    const map = ImportMap.parse(input, 'file:///p/dist/index.html').rebase('file:///p/dist/index.html', 'file:///p/dist')
    expect(map.rootUrl).toBe('file:///p/dist/')
    expect(map.toJSON()).toEqual({
      imports: { react: 'https://cdn.example/react.js', 'lib/': '/lib/', app: '/src/app.js', '/src/polyfill.js': '../../vendor/polyfill.js' },
      scopes: { 'https://cdn.example/': { dep: '../../vendor/dep2.js' }, '/lib/': { dep: '../../vendor/dep.js' } },
      integrity: { 'https://cdn.example/react.js': 'sha384-react', '/src/app.js': 'sha384-app' },
    })
  })

  it('keeps every entry: the output parsed at the same map and root URLs equals the map', () => {
    const map = ImportMap.parse(input, 'file:///p/dist/index.html')
    for (const [mapUrl, rootUrl] of [['file:///p/dist/sub/map.json', null], ['file:///p/dist/index.html', 'file:///p/dist/'], ['file:///elsewhere/map.json', 'file:///p/']] as const) {
      const rebased = map.clone().rebase(mapUrl, rootUrl)
      const reread = new ImportMap({ mapUrl, rootUrl, map: rebased.toJSON() })
      expect({ imports: reread.imports, scopes: reread.scopes, integrity: reread.integrity }).toEqual({ imports: map.imports, scopes: map.scopes, integrity: map.integrity })
      expect(changedResolutions(map, reread)).toEqual({})
    }
  })

  it('writes a root-relative map that resolves the same when served from the root', () => {
    const map = ImportMap.parse(input, 'file:///p/dist/index.html').rebase(undefined, 'file:///p/dist/')
    const served = ImportMap.parse(map.toString(), 'https://site.example/index.html')
    expect(served.resolve('app', 'https://site.example/index.html')).toBe('https://site.example/src/app.js')
    expect(served.resolve('dep', 'https://site.example/lib/x.js')).toBe('https://site.example/vendor/dep.js')
    expect(served.getIntegrity('https://site.example/src/app.js')).toBe('sha384-app')
  })

  it('resolves root-relative input under the root URL, and "//" as scheme-relative', () => {
    const map = new ImportMap({ mapUrl: 'file:///p/dist/sub/index.html', rootUrl: 'file:///p/dist/', map: { imports: { a: '/a.js', b: '/../b.js', c: '//host/c.js' } } })
    expect(map.imports).toEqual({ c: 'file://host/c.js', b: 'file:///p/dist/b.js', a: 'file:///p/dist/a.js' })
    expect(map.set('d', '/d.js').imports.d).toBe('file:///p/dist/d.js')
  })

  it('keeps the map and root URLs when called without arguments, and clears the root with null', () => {
    const map = ImportMap.empty('https://example.com/app/index.html', 'https://example.com/app/').set('a', 'https://example.com/app/a.js')
    expect(map.rebase().toJSON()).toEqual({ imports: { a: '/a.js' } })
    expect(map.rebase(undefined, null).toJSON()).toEqual({ imports: { a: './a.js' } })
  })
})

describe('ImportMap#toJSON and #toString', () => {
  it('sorts every section code-unit descending and leaves out empty parts', () => {
    const map = ImportMap.parse(
      { imports: { b: '/b', a: '/a', 'a/': '/a/', C: '/C' }, scopes: { '/x/': {}, '/a/': { z: '/z', y: '/y' }, '/b/': { k: '/k' } }, integrity: { '/1': 'i1', '/3': 'i3', '/2': 'i2' } },
      'https://example.com/',
    )
    const json = map.toJSON()
    expect(Object.keys(json)).toEqual(['imports', 'scopes', 'integrity'])
    expect(Object.keys(json.imports ?? {})).toEqual(['b', 'a/', 'a', 'C'])
    expect(Object.keys(json.scopes ?? {})).toEqual(['./b/', './a/'])
    expect(Object.keys(json.scopes?.['./a/'] ?? {})).toEqual(['z', 'y'])
    expect(Object.keys(json.integrity ?? {})).toEqual(['./3', './2', './1'])
    expect(ImportMap.parse({ scopes: { '/x/': {} } }, 'https://example.com/').toJSON()).toEqual({})
  })

  it('prints JSON with the given indent, and is stable under a reparse', () => {
    const map = ImportMap.parse({ imports: { b: '/b.js', a: 'https://cdn.example/a.js' } }, 'https://example.com/index.html')
    expect(map.toString()).toBe('{\n  "imports": {\n    "b": "./b.js",\n    "a": "https://cdn.example/a.js"\n  }\n}')
    expect(map.toString(0)).toBe('{"imports":{"b":"./b.js","a":"https://cdn.example/a.js"}}')
    expect(ImportMap.parse(map.toString(), map.mapUrl).toString()).toBe(map.toString())
    expect(JSON.stringify(map)).toBe(map.toString(0))
  })
})
