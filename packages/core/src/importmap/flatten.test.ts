import { describe, expect, it } from 'vitest'
import { changedResolutions } from './__tests__/probe.js'
import { ImportMap } from './import-map.js'

const cdn = 'https://cdn.example/'
const mapUrl = 'https://app.example/index.html'

interface Case {
  name: string
  map: { imports?: Record<string, string | null>; scopes?: Record<string, Record<string, string | null>> }
  flat: { imports?: Record<string, string | null>; scopes?: Record<string, Record<string, string | null>> }
  /** Resolutions that failed before and succeed after: [specifier, URL, parents]. */
  gained?: [string, string, string[]][]
}

/** The origin scope URL itself and a module in it, as parents. */
const onOrigin = (origin: string): string[] => [origin, `${origin}probe.js`]

const cases: Case[] = [
  {
    name: 'merges package scopes into their origin scope when they agree',
    map: { scopes: { [`${cdn}npm:a@1/`]: { dep: `${cdn}npm:dep@1/index.js` }, [`${cdn}npm:b@2/`]: { dep: `${cdn}npm:dep@1/index.js`, other: `${cdn}npm:other@3/index.js` } } },
    flat: { scopes: { [cdn]: { other: `${cdn}npm:other@3/index.js`, dep: `${cdn}npm:dep@1/index.js` } } },
    gained: [
      ['dep', `${cdn}npm:dep@1/index.js`, onOrigin(cdn)],
      ['other', `${cdn}npm:other@3/index.js`, [...onOrigin(cdn), `${cdn}npm:a@1/`, `${cdn}npm:a@1/probe.js`]],
    ],
  },
  {
    name: 'keeps a conflicting entry in its package scope (the first scope in order wins the origin)',
    map: { scopes: { [`${cdn}npm:a@1/`]: { dep: `${cdn}npm:dep@1/index.js` }, [`${cdn}npm:b@2/`]: { dep: `${cdn}npm:dep@2/index.js` } } },
    flat: { scopes: { [`${cdn}npm:b@2/`]: { dep: `${cdn}npm:dep@2/index.js` }, [cdn]: { dep: `${cdn}npm:dep@1/index.js` } } },
    gained: [['dep', `${cdn}npm:dep@1/index.js`, onOrigin(cdn)]],
  },
  {
    name: 'keeps an entry that would override `imports` for other parents on the origin, and drops one that equals it',
    map: { imports: { dep: `${cdn}npm:dep@2/index.js` }, scopes: { [`${cdn}npm:a@1/`]: { dep: `${cdn}npm:dep@1/index.js` }, [`${cdn}npm:b@2/`]: { dep: `${cdn}npm:dep@2/index.js` } } },
    flat: { imports: { dep: `${cdn}npm:dep@2/index.js` }, scopes: { [`${cdn}npm:a@1/`]: { dep: `${cdn}npm:dep@1/index.js` } } },
  },
  {
    name: 'drops an entry the origin scope already holds',
    map: { scopes: { [cdn]: { dep: `${cdn}npm:dep@1/index.js` }, [`${cdn}npm:a@1/`]: { dep: `${cdn}npm:dep@1/index.js` } } },
    flat: { scopes: { [cdn]: { dep: `${cdn}npm:dep@1/index.js` } } },
  },
  {
    name: 'keeps an entry whose prefix overlaps a key of `imports`',
    map: { imports: { 'lodash/fp/': `${cdn}npm:lodash-fp@1/` }, scopes: { [`${cdn}npm:a@1/`]: { 'lodash/': `${cdn}npm:lodash@4/` } } },
    flat: { imports: { 'lodash/fp/': `${cdn}npm:lodash-fp@1/` }, scopes: { [`${cdn}npm:a@1/`]: { 'lodash/': `${cdn}npm:lodash@4/` } } },
  },
  {
    name: 'keeps URL keys, which parents elsewhere on the origin resolve as plain URLs',
    map: { scopes: { [`${cdn}npm:a@1/`]: { [`${cdn}polyfill.js`]: `${cdn}polyfill@2.js`, dep: `${cdn}dep.js` } } },
    flat: { scopes: { [`${cdn}npm:a@1/`]: { [`${cdn}polyfill.js`]: `${cdn}polyfill@2.js` }, [cdn]: { dep: `${cdn}dep.js` } } },
    gained: [['dep', `${cdn}dep.js`, onOrigin(cdn)]],
  },
  {
    name: 'keeps a nested scope entry that conflicts with its enclosing package scope',
    map: { scopes: { [`${cdn}npm:a@1/`]: { x: `${cdn}x@1.js` }, [`${cdn}npm:a@1/lib/`]: { x: `${cdn}x@2.js` } } },
    flat: { scopes: { [`${cdn}npm:a@1/lib/`]: { x: `${cdn}x@2.js` }, [cdn]: { x: `${cdn}x@1.js` } } },
    gained: [['x', `${cdn}x@1.js`, onOrigin(cdn)]],
  },
  {
    name: 'keeps a longer prefix while a shorter one of the same scope stays behind',
    map: { scopes: { [cdn]: { 'pkg/': `${cdn}other/` }, [`${cdn}npm:a@1/`]: { 'pkg/': `${cdn}pkg@1/`, 'pkg/sub/': `${cdn}sub@1/` } } },
    flat: { scopes: { [`${cdn}npm:a@1/`]: { 'pkg/sub/': `${cdn}sub@1/`, 'pkg/': `${cdn}pkg@1/` }, [cdn]: { 'pkg/': `${cdn}other/` } } },
  },
  {
    name: 'moves a prefix and its longer keys together when nothing conflicts',
    map: { scopes: { [`${cdn}npm:a@1/`]: { 'pkg/': `${cdn}pkg@1/`, 'pkg/sub/': `${cdn}sub@1/` } } },
    flat: { scopes: { [cdn]: { 'pkg/sub/': `${cdn}sub@1/`, 'pkg/': `${cdn}pkg@1/` } } },
    gained: [
      ['pkg/', `${cdn}pkg@1/`, onOrigin(cdn)],
      ['pkg/x.js', `${cdn}pkg@1/x.js`, onOrigin(cdn)],
      ['pkg/sub/', `${cdn}sub@1/`, onOrigin(cdn)],
      ['pkg/sub/x.js', `${cdn}sub@1/x.js`, onOrigin(cdn)],
      ['pkg/sub/y.js', `${cdn}sub@1/y.js`, onOrigin(cdn)],
      ['pkg/sub/sub/y.js', `${cdn}sub@1/sub/y.js`, onOrigin(cdn)],
    ],
  },
  {
    name: 'flattens each origin on its own, file: URLs into file:///',
    map: { scopes: { 'https://other.example/x@1/': { a: 'https://other.example/a.js' }, 'file:///app/node_modules/b/': { c: 'file:///app/node_modules/c/index.js' } } },
    flat: { scopes: { 'https://other.example/': { a: 'https://other.example/a.js' }, 'file:///': { c: 'file:///app/node_modules/c/index.js' } } },
    gained: [
      ['a', 'https://other.example/a.js', onOrigin('https://other.example/')],
      ['c', 'file:///app/node_modules/c/index.js', [...onOrigin('file:///'), 'file:///elsewhere/app.js']],
    ],
  },
  {
    name: 'leaves exact (non-"/") scopes and non-special schemes alone',
    map: { scopes: { [`${cdn}npm:a@1/index.js`]: { dep: `${cdn}dep.js` }, 'blob:https://app.example/x/': { dep: `${cdn}dep.js` } } },
    flat: { scopes: { [`${cdn}npm:a@1/index.js`]: { dep: `${cdn}dep.js` }, 'blob:https://app.example/x/': { dep: `${cdn}dep.js` } } },
  },
]

describe('ImportMap#flatten', () => {
  for (const c of cases) {
    it(c.name, () => {
      const before = ImportMap.parse(c.map, mapUrl)
      const after = before.clone().flatten()
      expect({ imports: after.imports, scopes: after.scopes }).toEqual({ imports: c.flat.imports ?? {}, scopes: c.flat.scopes ?? {} })
      expect(changedResolutions(before, after)).toEqual({})
      const gained = (c.gained ?? []).flatMap(([specifier, url, parents]) => parents.map((parent) => [`${specifier} @ ${parent}`, { before: url, after: 'throws' }]))
      expect(changedResolutions(after, before)).toEqual(Object.fromEntries(gained))
    })
  }

  it('is idempotent', () => {
    for (const c of cases) {
      const once = ImportMap.parse(c.map, mapUrl).flatten()
      expect(once.clone().flatten().toJSON()).toEqual(once.toJSON())
    }
  })
})
