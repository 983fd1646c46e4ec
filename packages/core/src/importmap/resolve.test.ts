import { describe, expect, it } from 'vitest'
import { ImportMap } from './import-map.js'
import type { ImportMapErrorCode } from './errors.js'

const map = ImportMap.parse(
  {
    imports: {
      react: 'https://cdn.example/react@18/index.js',
      'react/': 'https://cdn.example/react@18/',
      'lodash/': 'https://cdn.example/lodash@4/',
      'lodash/fp/': 'https://cdn.example/lodash-fp@1/',
      'blocked/': null,
      'data/': 'data:text/javascript,x/',
      'https://cdn.example/polyfill.js': 'https://cdn.example/polyfill@2.js',
    },
    scopes: {
      'https://cdn.example/legacy@1/': { react: 'https://cdn.example/react@16/index.js', 'lodash/': null },
      'https://cdn.example/legacy@1/deep/': { other: '/other.js' },
      'https://cdn.example/exact.js': { react: 'https://cdn.example/react@17/index.js' },
    },
  },
  'https://app.example/index.html',
)

const app = 'https://app.example/main.js'

describe('ImportMap#resolve', () => {
  const table: [specifier: string, parent: string, expected: string][] = [
    ['react', app, 'https://cdn.example/react@18/index.js'],
    ['react/jsx-runtime.js', app, 'https://cdn.example/react@18/jsx-runtime.js'],
    ['lodash/map.js', app, 'https://cdn.example/lodash@4/map.js'],
    ['lodash/fp/map.js', app, 'https://cdn.example/lodash-fp@1/map.js'],
    ['lodash/fp', app, 'https://cdn.example/lodash@4/fp'],
    ['./local.js', app, 'https://app.example/local.js'],
    ['https://cdn.example/polyfill.js', app, 'https://cdn.example/polyfill@2.js'],
    ['/polyfill.js', 'https://cdn.example/x.js', 'https://cdn.example/polyfill@2.js'],
    ['react', 'https://cdn.example/legacy@1/deep/index.js', 'https://cdn.example/react@16/index.js'],
    ['other', 'https://cdn.example/legacy@1/deep/index.js', 'https://app.example/other.js'],
    ['react/x.js', 'https://cdn.example/legacy@1/index.js', 'https://cdn.example/react@18/x.js'],
    ['react', 'https://cdn.example/exact.js', 'https://cdn.example/react@17/index.js'],
    ['react', 'https://cdn.example/exact.js?query', 'https://cdn.example/react@18/index.js'],
    ['react', new URL('https://cdn.example/legacy@1/a.js') as unknown as string, 'https://cdn.example/react@16/index.js'],
  ]
  for (const [specifier, parent, expected] of table) {
    it(`${specifier} from ${parent}`, () => {
      expect(map.resolve(specifier, parent)).toBe(expected)
      expect(map.tryResolve(specifier, parent)).toBe(expected)
    })
  }
})

describe('ImportMap#resolve errors', () => {
  const table: [specifier: string, parent: string, code: ImportMapErrorCode, message: string][] = [
    [
      'vue',
      app,
      'ESMAP_UNMAPPED_SPECIFIER',
      'Unmapped bare specifier "vue": no import map entry matches it (imported by https://app.example/main.js)\n  Fix: add "vue" (or a prefix of it ending in "/") to the import map\'s "imports", or to a scope that covers https://app.example/main.js.',
    ],
    [
      'blocked/x.js',
      app,
      'ESMAP_IMPORT_MAP_BLOCKED',
      'Import of "blocked/x.js" is blocked: the import map entry "blocked/" in "imports" is null (imported by https://app.example/main.js)\n  Fix: map "blocked/" to a valid URL (one ending in "/" when the key does), or remove the entry.',
    ],
    [
      'lodash/map.js',
      'https://cdn.example/legacy@1/a.js',
      'ESMAP_IMPORT_MAP_BLOCKED',
      'Import of "lodash/map.js" is blocked: the import map entry "lodash/" in the scope "https://cdn.example/legacy@1/" is null (imported by https://cdn.example/legacy@1/a.js)\n  Fix: map "lodash/" to a valid URL (one ending in "/" when the key does), or remove the entry.',
    ],
    [
      'lodash/../secret.js',
      app,
      'ESMAP_IMPORT_MAP_BACKTRACKING',
      'Import of "lodash/../secret.js" is blocked: it backtracks above https://cdn.example/lodash@4/, the address of "lodash/" in "imports" (imported by https://app.example/main.js)\n  Fix: import a path inside "lodash/", or add an entry for "lodash/../secret.js".',
    ],
    [
      'data/y',
      app,
      'ESMAP_IMPORT_MAP_BACKTRACKING',
      'Import of "data/y" is blocked: its path after "data/" in "imports" does not resolve against the address data:text/javascript,x/ (imported by https://app.example/main.js)\n  Fix: map "data/" to a hierarchical URL (http:, https:, file:), or add an exact entry for "data/y".',
    ],
  ]
  for (const [specifier, parent, code, message] of table) {
    it(`${specifier} from ${parent}: ${code}`, () => {
      expect(() => map.resolve(specifier, parent)).toThrow(expect.objectContaining({ name: 'ImportMapError', code, specifier, importer: parent, message }))
      expect(() => map.resolve(specifier, parent)).toThrow(TypeError)
      expect(map.tryResolve(specifier, parent)).toBeUndefined()
    })
  }

  it('rejects a parent that is not an absolute URL', () => {
    expect(() => map.resolve('react', './main.js')).toThrow(
      expect.objectContaining({
        code: 'ESMAP_INVALID_PARENT_URL',
        message: 'Cannot resolve "react" from "./main.js": the parent is not an absolute URL\n  Fix: pass the URL of the importing module, such as "https://example.com/app.js" or a file: URL.',
      }),
    )
    expect(map.tryResolve('react', './main.js')).toBeUndefined()
  })
})
