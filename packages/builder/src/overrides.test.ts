import { describe, expect, it } from 'vitest'
import { isEsmapError } from '@esmap/core'
import { resolvePackageConfig, selectOverride, type PackageConfig } from './overrides.js'
import type { PackageOverride, PackageOverrides } from './types.js'

describe('selectOverride: name@range before name, first matching range in key order', () => {
  const overrides: PackageOverrides = {
    'pkg@^1.2.0': { main: 'one-two' },
    'pkg@1': { main: 'one' },
    pkg: { main: 'any' },
    '@scope/pkg@>=2': { main: 'scoped-two' },
    'pkg-other@*': { main: 'other' },
  }
  const table: [string, string, string | undefined][] = [
    ['pkg', '1.3.0', 'one-two'],
    ['pkg', '1.1.0', 'one'],
    ['pkg', '2.0.0', 'any'],
    ['pkg', '1.3.0-beta.1', 'one-two'],
    ['@scope/pkg', '2.1.0', 'scoped-two'],
    ['@scope/pkg', '1.0.0', undefined],
    ['pkg-other', '0.0.1', 'other'],
    ['unrelated', '1.0.0', undefined],
  ]
  it.each(table)('%s@%s → %j', (name, version, main) => {
    expect(selectOverride(overrides, name, version)?.main).toBe(main)
  })
})

describe('resolvePackageConfig', () => {
  const pkg = { name: 'p', version: '1.0.0', main: 'index.js', files: ['dist'], directories: { lib: 'lib', test: 'test' }, jspm: { main: 'jspm-main', format: 'cjs' } }

  it('reads legacy fields from the package only under "jspm"; npm metadata (files, directories) is not configuration', () => {
    const config = resolvePackageConfig('p@1.0.0', pkg, undefined)
    expect(config).toEqual<PackageConfig>({
      pkg: { ...pkg, main: 'jspm-main' },
      format: 'cjs',
      shim: {},
      map: {},
      lib: undefined,
      files: undefined,
      ignore: undefined,
      cjsNamedExports: {},
    })
  })

  it('layers the package\'s "jspm", the override, then the override\'s "jspm"', () => {
    const override: PackageOverride = {
      main: 'override-main',
      format: 'amd',
      dependencies: { dep: '^2.0.0' },
      browser: { './a.js': './b.js' },
      exports: { '.': './x.js' },
      shim: { 'vendor/g': ['jquery'], 'vendor/h.js': { deps: ['g'], exports: 'H.fn' } },
      map: { jquery: '@empty', self: '.' },
      directories: { lib: './src/' },
      files: ['src'],
      ignore: ['src/test/**'],
      cjsNamedExports: { './index.js': ['a'], 'lib/b.js': ['b'] },
      jspm: { format: 'global', map: { other: 'other-pkg' } },
    }
    expect(resolvePackageConfig('p@1.0.0', pkg, override)).toEqual<PackageConfig>({
      pkg: { ...pkg, main: 'override-main', dependencies: { dep: '^2.0.0' }, browser: { './a.js': './b.js' }, exports: { '.': './x.js' } },
      format: 'global',
      shim: { 'vendor/g': { deps: ['jquery'], exports: undefined }, 'vendor/h.js': { deps: ['g'], exports: 'H.fn' } },
      map: { other: 'other-pkg' },
      lib: 'src',
      files: ['src'],
      ignore: ['src/test/**'],
      cjsNamedExports: { 'index.js': ['a'], 'lib/b.js': ['b'] },
    })
  })

  const invalid: [string, PackageOverride, string][] = [
    ['an unknown format', { format: 'umd' as never }, 'Invalid "format" in the package configuration of p@1.0.0: "umd" is not one of esm, cjs, amd, global.'],
    ['a shim that is neither form', { shim: { g: { deps: 'jquery' } as never } }, 'Invalid "shim" in the package configuration of p@1.0.0: "g" must be an array of dependencies or { deps?: string[], exports?: string }.'],
    ['a map to a non-string', { map: { a: 1 } as never }, 'Invalid "map" in the package configuration of p@1.0.0: it must be an object of strings.'],
    ['files that are not globs', { files: 'dist' as never }, 'Invalid "files" in the package configuration of p@1.0.0: it must be an array of globs.'],
    ['cjsNamedExports that are not arrays', { cjsNamedExports: { 'x.js': 'a' } as never }, 'Invalid "cjsNamedExports" in the package configuration of p@1.0.0: it must be an object of file → array of names.'],
    ['directories that are not an object', { directories: 'src' as never }, 'Invalid "directories" in the package configuration of p@1.0.0: it must be an object such as { "lib": "src" }.'],
  ]
  it.each(invalid)('rejects %s with ESMAP_INVALID_OVERRIDE', (_, override, message) => {
    let error: unknown
    try {
      resolvePackageConfig('p@1.0.0', { name: 'p' }, override)
    } catch (err) {
      error = err
    }
    expect(isEsmapError(error, 'ESMAP_INVALID_OVERRIDE')).toBe(true)
    expect((error as Error).message.split('\n')[0]).toBe(message)
  })
})
