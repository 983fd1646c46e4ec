import { describe, expect, it } from 'vitest'
import { lockJson } from '../install/registry.fixture.js'
import { createProviderRegistry } from '../providers/index.js'
import type { ImportMapJson } from '../types.js'
import { readInputMap } from './input-map.js'

const cdn = 'https://cdn.example/npm/'
const providers = createProviderRegistry({ defaultProvider: 'jsdelivr', providerConfig: { jsdelivr: { cdnUrl: cdn } } })
const mapUrl = new URL('https://app.example/')
const read = (map: ImportMapJson | string, ignore: string[] = []) => {
  const state = readInputMap(providers, map, mapUrl, undefined, new Set(ignore))
  return { lock: lockJson(state.lock), custom: state.custom.toJSON(), pins: state.pins }
}

describe('readInputMap', () => {
  const cases: [name: string, map: ImportMapJson, ignore: string[], expected: ReturnType<typeof read>][] = [
    [
      'top-level package entries are pins and primaries; subpaths lock their package',
      { imports: { lit: `${cdn}lit@3.1.0/index.js`, 'lit/html.js': `${cdn}lit@3.1.0/html.js`, 'dom/client': `${cdn}react-dom@18.3.1/client.js` } },
      [],
      { lock: { imports: { dom: 'npm:react-dom@18.3.1', lit: 'npm:lit@3.1.0' }, scopes: {} }, custom: {}, pins: ['lit/html.js', 'lit', 'dom/client'] },
    ],
    [
      'a package scope locks that package\'s dependencies',
      { imports: { a: `${cdn}a@1.0.0/index.js` }, scopes: { [`${cdn}a@1.0.0/`]: { b: `${cdn}b@2.0.0/index.js`, 'b/x.js': `${cdn}b@2.0.0/x.js` } } },
      [],
      { lock: { imports: { a: 'npm:a@1.0.0' }, scopes: { 'npm:a@1.0.0': { b: 'npm:b@2.0.0' } } }, custom: {}, pins: ['a'] },
    ],
    [
      'a flattened scope locks every package under it that has no entry of its own, exact names first',
      {
        imports: { a: `${cdn}a@1.0.0/index.js`, c: `${cdn}c@1.0.0/index.js` },
        scopes: { 'https://cdn.example/': { 'b/x.js': `${cdn}b@3.0.0/x.js`, b: `${cdn}b@2.0.0/index.js` }, [`${cdn}c@1.0.0/`]: { b: `${cdn}b@1.0.0/index.js` } },
      },
      [],
      {
        lock: {
          imports: { a: 'npm:a@1.0.0', c: 'npm:c@1.0.0' },
          scopes: { 'npm:a@1.0.0': { b: 'npm:b@2.0.0' }, 'npm:c@1.0.0': { b: 'npm:b@1.0.0' } },
        },
        custom: {},
        pins: ['c', 'a'],
      },
    ],
    [
      'custom mappings, ignored specifiers and folder prefixes are kept as they are, not pinned',
      { imports: { custom: '/mapping.js', react: `${cdn}react@18.3.1/index.js`, 'lit/': `${cdn}lit@3.1.0/` }, integrity: { 'https://app.example/mapping.js': 'sha384-x', [`${cdn}react@18.3.1/index.js`]: 'sha384-y' } },
      ['react'],
      {
        lock: { imports: {}, scopes: {} },
        custom: { imports: { 'lit/': `${cdn}lit@3.1.0/`, react: `${cdn}react@18.3.1/index.js`, custom: './mapping.js' }, integrity: { './mapping.js': 'sha384-x' } },
        pins: [],
      },
    ],
  ]
  for (const [name, map, ignore, expected] of cases) it(name, () => expect(read(map, ignore)).toEqual(expected))

  it('reads the import map of an HTML page', () => {
    const html = `<!doctype html><script type="importmap">{ "imports": { "a": "${cdn}a@1.0.0/index.js" } }</script>`
    expect(read(html)).toEqual({ lock: { imports: { a: 'npm:a@1.0.0' }, scopes: {} }, custom: {}, pins: ['a'] })
  })
})
