import { describe, expect, it } from 'vitest'
import { ImportMap } from './import-map.js'
import type { ImportMapImport } from './types.js'

const cdn = 'https://cdn.example/'
const app = 'https://app.example/main.js'
const map = ImportMap.parse(
  {
    imports: { react: `${cdn}react@18/index.js`, 'react/': `${cdn}react@18/`, lodash: `${cdn}lodash@4/index.js`, unused: `${cdn}unused.js`, 'gone/': null },
    scopes: {
      [`${cdn}legacy@1/`]: { react: `${cdn}react@16/index.js`, lodash: `${cdn}lodash@3/index.js` },
      [`${cdn}other@1/`]: { react: `${cdn}react@17/index.js` },
    },
    integrity: {
      [`${cdn}react@18/index.js`]: 'sha384-r18',
      [`${cdn}react@18/jsx-runtime.js`]: 'sha384-jsx',
      [`${cdn}react@16/index.js`]: 'sha384-r16',
      [`${cdn}unused.js`]: 'sha384-unused',
      [`${cdn}legacy@1/index.js`]: 'sha384-legacy',
    },
  },
  'https://app.example/index.html',
)

describe('ImportMap#prune', () => {
  const imports: ImportMapImport[] = [
    { specifier: 'react', parent: app },
    { specifier: 'react/jsx-runtime.js', parent: new URL(app) },
    { specifier: 'react', parent: `${cdn}legacy@1/index.js` },
    { specifier: 'gone/x.js', parent: app },
    { specifier: 'missing', parent: app },
    { specifier: './local.js', parent: app },
  ]

  it('keeps the entries the imports resolve through, and integrity of the modules involved', () => {
    const pruned = map.clone().prune(imports)
    expect(pruned.toJSON()).toEqual({
      imports: { 'react/': `${cdn}react@18/`, react: `${cdn}react@18/index.js`, 'gone/': null },
      scopes: { [`${cdn}legacy@1/`]: { react: `${cdn}react@16/index.js` } },
      integrity: {
        [`${cdn}react@18/jsx-runtime.js`]: 'sha384-jsx',
        [`${cdn}react@18/index.js`]: 'sha384-r18',
        [`${cdn}react@16/index.js`]: 'sha384-r16',
        [`${cdn}legacy@1/index.js`]: 'sha384-legacy',
      },
    })
  })

  it('resolves every listed import exactly as before', () => {
    const pruned = map.clone().prune(imports)
    for (const { specifier, parent } of imports) expect(pruned.tryResolve(specifier, parent)).toBe(map.tryResolve(specifier, parent))
    expect(() => pruned.resolve('gone/x.js', app)).toThrow(expect.objectContaining({ code: 'ESMAP_IMPORT_MAP_BLOCKED' }))
  })

  it('drops everything for no imports', () => {
    expect(map.clone().prune([]).toJSON()).toEqual({})
  })

  it('rejects a parent that is not an absolute URL', () => {
    expect(() => map.clone().prune([{ specifier: 'react', parent: 'main.js' }])).toThrow(expect.objectContaining({ code: 'ESMAP_INVALID_PARENT_URL' }))
  })
})
