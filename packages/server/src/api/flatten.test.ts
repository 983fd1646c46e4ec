import { expect, it } from 'vitest'
import { flattenToImports } from './flatten.js'

const S = 'http://cdn/'
const A = 'http://cdn/npm:a@1.0.0/'
const B = 'http://cdn/npm:b@1.0.0/'

it.each([
  ['moves scope entries to imports when nothing overlaps', { imports: { a: `${A}i.js` }, scopes: { [A]: { dep: 'http://cdn/npm:dep@2.0.0/i.js' } } }, { imports: { a: `${A}i.js`, dep: 'http://cdn/npm:dep@2.0.0/i.js' } }],
  ['drops an entry that imports already has with the same address', { imports: { dep: 'x:1' }, scopes: { [A]: { dep: 'x:1' } } }, { imports: { dep: 'x:1' } }],
  ['keeps an entry that imports maps elsewhere (two versions)', { imports: { dep: 'x:1' }, scopes: { [A]: { dep: 'x:2' } } }, { imports: { dep: 'x:1' }, scopes: { [A]: { dep: 'x:2' } } }],
  ['keeps an entry a "/" key of imports overlaps', { imports: { 'dep/': 'x:1/' }, scopes: { [A]: { 'dep/sub': 'x:2' } } }, { imports: { 'dep/': 'x:1/' }, scopes: { [A]: { 'dep/sub': 'x:2' } } }],
  ['moves the enclosing scope first; the inner entry that disagrees stays', { scopes: { [A]: { dep: 'x:2' }, [S]: { dep: 'x:1' } } }, { imports: { dep: 'x:1' }, scopes: { [A]: { dep: 'x:2' } } }],
  ['keeps an inner entry an enclosing scope still overlaps', { imports: { dep: 'x:0' }, scopes: { [S]: { dep: 'x:1', 'lib/': 'x:lib/' }, [A]: { 'lib/a': 'x:a' } } }, { imports: { dep: 'x:0', 'lib/': 'x:lib/' }, scopes: { [S]: { dep: 'x:1' } , [A]: { 'lib/a': 'x:a' } } }],
  ['the first of two sibling scopes moves; the other keeps its own version', { scopes: { [A]: { dep: 'x:1' }, [B]: { dep: 'x:2' } } }, { imports: { dep: 'x:1' }, scopes: { [B]: { dep: 'x:2' } } }],
  ['keeps integrity as it is', { imports: { a: 'x:a' }, integrity: { 'x:a': 'sha384-a' } }, { imports: { a: 'x:a' }, integrity: { 'x:a': 'sha384-a' } }],
])('%s', (_name, map, expected) => {
  expect(flattenToImports(map)).toEqual(expected)
})
