import { describe, expect, it } from 'vitest'
import { conditionsFor, resolveGeneratorOptions } from './options.js'

describe('resolveGeneratorOptions', () => {
  it('applies every default in one place', () => {
    const o = resolveGeneratorOptions({ cwd: '/project' })
    expect({ ...o, ignore: [...o.ignore], mapUrl: o.mapUrl.href }).toEqual({
      mapUrl: 'file:///project/',
      rootUrl: undefined,
      env: ['browser', 'development', 'module'],
      defaultProvider: 'jspm.io',
      providers: {},
      customProviders: {},
      providerConfig: {},
      resolutions: {},
      inputMap: undefined,
      ignore: [],
      cache: true,
      cacheDir: undefined,
      integrity: false,
      flattenScopes: true,
      combineSubpaths: true,
      fetch: undefined,
      installMode: 'default',
      singletons: [],
      packageJson: undefined,
      npm: undefined,
      cwd: '/project',
      unstable: false,
      log: undefined,
      concurrency: 32,
    })
  })

  const cases: [name: string, options: Parameters<typeof resolveGeneratorOptions>[0], pick: (o: ReturnType<typeof resolveGeneratorOptions>) => unknown, expected: unknown][] = [
    ['mapUrl relative to cwd', { cwd: '/project', mapUrl: './public/map.json' }, (o) => o.mapUrl.href, 'file:///project/public/map.json'],
    ['mapUrl as a URL', { mapUrl: 'https://app.example/index.html' }, (o) => o.mapUrl.href, 'https://app.example/index.html'],
    ['rootUrl relative to cwd', { cwd: '/project', rootUrl: 'public/' }, (o) => o.rootUrl?.href, 'file:///project/public/'],
    ['env: import, require and default always apply, so they are left out; duplicates too', { env: ['browser', 'import', 'browser', 'default', 'require', 'worker'] }, (o) => o.env, ['browser', 'worker']],
    ['integrity: true is sha384', { integrity: true }, (o) => o.integrity, 'sha384'],
    ['integrity: an algorithm', { integrity: 'sha512' }, (o) => o.integrity, 'sha512'],
    ['registry: a registry URL without .npmrc, with a trailing slash', { registry: 'http://127.0.0.1:1/registry' }, (o) => o.npm, { registry: 'http://127.0.0.1:1/registry/', scopes: {}, credentials: {} }],
    ['ignore as a set', { ignore: ['a', 'b', 'a'] }, (o) => [...o.ignore], ['a', 'b']],
  ]
  for (const [name, options, pick, expected] of cases) it(name, () => expect(pick(resolveGeneratorOptions(options))).toEqual(expected))
})

describe('conditionsFor', () => {
  it('env, then import for ES modules or require for CommonJS, then default', () => {
    expect(conditionsFor(['browser', 'production'], 'esm')).toEqual(['browser', 'production', 'import', 'default'])
    expect(conditionsFor(['browser'], 'cjs')).toEqual(['browser', 'require', 'default'])
  })
})
