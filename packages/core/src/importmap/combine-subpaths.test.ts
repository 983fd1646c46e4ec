import { describe, expect, it } from 'vitest'
import { changedResolutions } from './__tests__/probe.js'
import { ImportMap } from './import-map.js'

const cdn = 'https://cdn.example/'
const mapUrl = 'https://app.example/index.html'
type Json = { imports?: Record<string, string | null>; scopes?: Record<string, Record<string, string | null>> }

const cases: { name: string; map: Json; combined: Json }[] = [
  {
    name: 'collapses subpaths of one folder into a prefix entry',
    map: { imports: { pkg: `${cdn}pkg@1/index.js`, 'pkg/a.js': `${cdn}pkg@1/a.js`, 'pkg/b.js': `${cdn}pkg@1/b.js` } },
    combined: { imports: { 'pkg/': `${cdn}pkg@1/`, pkg: `${cdn}pkg@1/index.js` } },
  },
  {
    name: 'uses the shortest prefix whose folder maps every subpath',
    map: { imports: { 'pkg/lib/a.js': `${cdn}pkg@1/lib/a.js`, 'pkg/lib/b.js': `${cdn}pkg@1/lib/b.js`, '@s/p/x/y.js': `${cdn}@s/p@2/dist/x/y.js`, '@s/p/z.js': `${cdn}@s/p@2/dist/z.js` } },
    combined: { imports: { 'pkg/': `${cdn}pkg@1/`, '@s/p/': `${cdn}@s/p@2/dist/` } },
  },
  {
    name: 'keeps a lone subpath',
    map: { imports: { 'pkg/a.js': `${cdn}pkg@1/a.js`, 'other/b.js': `${cdn}other@1/b.js` } },
    combined: { imports: { 'pkg/a.js': `${cdn}pkg@1/a.js`, 'other/b.js': `${cdn}other@1/b.js` } },
  },
  {
    name: 'takes the folder most subpaths agree on and keeps the others as exact entries',
    map: { imports: { 'pkg/a.js': `${cdn}pkg@1/a.js`, 'pkg/b.js': `${cdn}pkg@1/b.js`, 'pkg/c.js': `${cdn}patched/c.js` } },
    combined: { imports: { 'pkg/c.js': `${cdn}patched/c.js`, 'pkg/': `${cdn}pkg@1/` } },
  },
  {
    name: 'keeps subpaths whose addresses are not the folder plus the subpath',
    map: { imports: { 'pkg/a.js': `${cdn}pkg@1/a.js?v=1`, 'pkg/b.js': `${cdn}pkg@1/b.mjs`, 'pkg/c.js': null, 'pkg/e.js': `${cdn}pkg@1/sub/e.js` } },
    combined: { imports: { 'pkg/e.js': `${cdn}pkg@1/sub/e.js`, 'pkg/c.js': null, 'pkg/b.js': `${cdn}pkg@1/b.mjs`, 'pkg/a.js': `${cdn}pkg@1/a.js?v=1` } },
  },
  {
    name: 'keeps subpaths when the map already has the prefix or a shorter one',
    map: { imports: { 'pkg/': `${cdn}old/`, 'pkg/a.js': `${cdn}pkg@1/a.js`, 'pkg/b.js': `${cdn}pkg@1/b.js`, 'q/': `${cdn}q/`, 'q/r/a.js': `${cdn}r/a.js`, 'q/r/b.js': `${cdn}r/b.js` } },
    combined: { imports: { 'q/r/b.js': `${cdn}r/b.js`, 'q/r/a.js': `${cdn}r/a.js`, 'q/': `${cdn}q/`, 'pkg/b.js': `${cdn}pkg@1/b.js`, 'pkg/a.js': `${cdn}pkg@1/a.js`, 'pkg/': `${cdn}old/` } },
  },
  {
    name: 'keeps subpaths in a scope when the prefix would shadow what parents there resolve through `imports`',
    map: { imports: { 'pkg/c.js': `${cdn}pkg@2/c.js` }, scopes: { [`${cdn}app/`]: { 'pkg/a.js': `${cdn}pkg@1/a.js`, 'pkg/b.js': `${cdn}pkg@1/b.js` } } },
    combined: { imports: { 'pkg/c.js': `${cdn}pkg@2/c.js` }, scopes: { [`${cdn}app/`]: { 'pkg/b.js': `${cdn}pkg@1/b.js`, 'pkg/a.js': `${cdn}pkg@1/a.js` } } },
  },
  {
    name: 'combines in a scope when no enclosing scope or `imports` maps the prefix',
    map: { imports: { other: `${cdn}other.js` }, scopes: { [cdn]: { x: `${cdn}x.js` }, [`${cdn}app/`]: { 'pkg/a.js': `${cdn}pkg@1/a.js`, 'pkg/b.js': `${cdn}pkg@1/b.js` } } },
    combined: { imports: { other: `${cdn}other.js` }, scopes: { [cdn]: { x: `${cdn}x.js` }, [`${cdn}app/`]: { 'pkg/': `${cdn}pkg@1/` } } },
  },
  {
    name: 'keeps URL keys, which resolve as plain URLs when not mapped',
    map: { imports: { [`${cdn}lib/a.js`]: `${cdn}lib@1/a.js`, [`${cdn}lib/b.js`]: `${cdn}lib@1/b.js` } },
    combined: { imports: { [`${cdn}lib/b.js`]: `${cdn}lib@1/b.js`, [`${cdn}lib/a.js`]: `${cdn}lib@1/a.js` } },
  },
]

describe('ImportMap#combineSubpaths', () => {
  for (const c of cases) {
    it(c.name, () => {
      const before = ImportMap.parse(c.map, mapUrl)
      const after = before.clone().combineSubpaths()
      const expected = ImportMap.parse(c.combined, mapUrl)
      expect({ imports: after.imports, scopes: after.scopes }).toEqual({ imports: expected.imports, scopes: expected.scopes })
      expect(changedResolutions(before, after)).toEqual({})
    })
  }

  it('resolves every subpath the entries mapped to the same URL, and new subpaths under the folder', () => {
    const before = ImportMap.parse(cases[0]?.map ?? {}, mapUrl)
    const after = before.clone().combineSubpaths()
    for (const specifier of ['pkg', 'pkg/a.js', 'pkg/b.js']) expect(after.resolve(specifier, mapUrl)).toBe(before.resolve(specifier, mapUrl))
    expect(before.tryResolve('pkg/c.js', mapUrl)).toBeUndefined()
    expect(after.resolve('pkg/c.js', mapUrl)).toBe(`${cdn}pkg@1/c.js`)
  })

  it('with imports: false, combines scopes only', () => {
    const map = {
      imports: { 'pkg/a.js': `${cdn}pkg@1/a.js`, 'pkg/b.js': `${cdn}pkg@1/b.js` },
      scopes: { [`${cdn}app/`]: { 'dep/a.js': `${cdn}dep@1/a.js`, 'dep/b.js': `${cdn}dep@1/b.js` } },
    }
    const before = ImportMap.parse(map, mapUrl)
    const after = before.clone().combineSubpaths({ imports: false })
    expect(after.toJSON()).toEqual({ imports: map.imports, scopes: { [`${cdn}app/`]: { 'dep/': `${cdn}dep@1/` } } })
    expect(changedResolutions(before, after)).toEqual({})
  })

  it('is idempotent', () => {
    for (const c of cases) {
      const once = ImportMap.parse(c.map, mapUrl).combineSubpaths()
      expect(once.clone().combineSubpaths().toJSON()).toEqual(once.toJSON())
    }
  })
})
