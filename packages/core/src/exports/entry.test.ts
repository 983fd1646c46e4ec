import { describe, expect, it } from 'vitest'
import { EsmapError } from '../errors.js'
import type { PackageJson } from '../types.js'
import { lookupPackageEntry, resolvePackageEntry, type PackageEntry } from './entry.js'
import { probeFile } from './files.js'
import { resolveBrowserMap, resolveLegacyMain, type BrowserMapping } from './legacy.js'

describe('probeFile: extension and index probing against a file list', () => {
  const files = new Set(['a.js', 'b.mjs', 'c.cjs', 'd.json', 'e.js', 'e.json', 'dir/index.js', 'm/index.mjs', 'index.cjs', 'x'])
  const table: [path: string, expected: string | undefined][] = [
    ['a.js', 'a.js'],
    ['a', 'a.js'],
    ['b', 'b.mjs'],
    ['c', 'c.cjs'],
    ['d', 'd.json'],
    ['e', 'e.js'],
    ['dir', 'dir/index.js'],
    ['m', 'm/index.mjs'],
    ['x', 'x'],
    ['', 'index.cjs'],
    ['missing', undefined],
    ['dir/index', 'dir/index.js'],
  ]
  for (const [path, expected] of table) it(`"${path}" → ${String(expected)}`, () => expect(probeFile(files, path)).toBe(expected))

  it('accepts a predicate as the file list', () => {
    const seen: string[] = []
    const exists = (p: string): boolean => (seen.push(p), p === 'lib/index.json')
    expect(probeFile(exists, 'lib')).toBe('lib/index.json')
    expect(seen).toEqual(['lib', 'lib.js', 'lib.mjs', 'lib.cjs', 'lib.json', 'lib/index.js', 'lib/index.mjs', 'lib/index.cjs', 'lib/index.json'])
  })
})

describe('resolveLegacyMain', () => {
  const pkg: PackageJson = { name: 'p', main: './lib/main', module: 'esm/index.mjs', browser: 'browser.js' }
  const files = new Set(['lib/main.js', 'esm/index.mjs', 'browser.js', 'index.js'])
  const table: [name: string, pkg: PackageJson, conditions: string[], files: ReadonlySet<string> | undefined, expected: string | undefined][] = [
    ['main, probed', pkg, [], files, './lib/main.js'],
    ['module under the module condition', pkg, ['module'], files, './esm/index.mjs'],
    ['browser string under the browser condition', pkg, ['browser', 'module'], files, './browser.js'],
    ['without files: the field as written', pkg, ['module'], undefined, './esm/index.mjs'],
    ['without files: main without extension stays as written', pkg, [], undefined, './lib/main'],
    ['without any field: index.js', { name: 'p' }, [], undefined, './index.js'],
    ['without any field, probed: index', { name: 'p' }, [], new Set(['index.json']), './index.json'],
    ['a missing module falls back to main', { name: 'p', module: 'gone.mjs', main: 'm.js' }, ['module'], new Set(['m.js']), './m.js'],
    ['a missing main falls back to index', { name: 'p', main: 'gone.js' }, [], new Set(['index.js']), './index.js'],
    ['main pointing at a directory', { name: 'p', main: 'lib/' }, [], new Set(['lib/index.js']), './lib/index.js'],
    ['main "." is the index', { name: 'p', main: '.' }, [], new Set(['index.mjs']), './index.mjs'],
    ['main leaving the package is ignored', { name: 'p', main: '../x.js' }, [], new Set(['index.js']), './index.js'],
    ['nothing exists', { name: 'p', main: 'a.js' }, [], new Set(['other.js']), undefined],
    ['the browser object form is not a main', { name: 'p', main: 'm.js', browser: { './m.js': './b.js' } }, ['browser'], undefined, './m.js'],
  ]
  for (const [name, p, conditions, f, expected] of table) {
    it(name, () => expect(resolveLegacyMain(p, conditions, f)).toBe(expected))
  }
})

describe('resolveBrowserMap', () => {
  const pkg: PackageJson = {
    name: 'p',
    browser: {
      './lib/node.js': './lib/browser.js',
      'lib/stream': './lib/stream-browser.js',
      './lib/dir': './lib/dir-browser/',
      './lib/server.js': false,
      fs: false,
      crypto: 'crypto-browserify',
      './lib/self.js': './lib/self.js',
    },
  }
  const table: [string, BrowserMapping][] = [
    ['./lib/node.js', './lib/browser.js'],
    ['./lib/stream.js', './lib/stream-browser.js'],
    ['./lib/stream', './lib/stream-browser.js'],
    ['./lib/dir/index.js', './lib/dir-browser'],
    ['./lib/server.js', null],
    ['fs', null],
    ['crypto', 'crypto-browserify'],
    ['crypto/sub', undefined],
    ['./lib/other.js', undefined],
    ['path', undefined],
    ['./lib/self.js', './lib/self.js'],
  ]
  for (const [input, expected] of table) it(`${input} → ${String(expected)}`, () => expect(resolveBrowserMap(pkg, input)).toBe(expected))

  it('is undefined for the string form and for no field', () => {
    expect(resolveBrowserMap({ browser: './b.js' }, './index.js')).toBe(undefined)
    expect(resolveBrowserMap({}, 'fs')).toBe(undefined)
  })

  it('rejects a replacement that leaves the package', () => {
    const run = (): BrowserMapping => resolveBrowserMap({ name: 'bad', browser: { './a.js': '../../b.js' } }, './a.js')
    expect(run).toThrow(EsmapError)
    expect(run).toThrow('Invalid "browser" field in package "bad": "./a.js" maps to "../../b.js", which is outside the package')
  })

  it('rejects a replacement that is neither a string nor false', () => {
    const run = (): BrowserMapping => resolveBrowserMap({ name: 'bad', browser: { fs: true } as unknown as Record<string, string> }, 'fs')
    expect(run).toThrow('Invalid "browser" field in package "bad": "fs" maps to true; a replacement must be a string or false')
  })
})

describe('resolvePackageEntry', () => {
  const legacy: PackageJson = {
    name: 'legacy',
    main: 'lib/node',
    module: 'esm/index.js',
    browser: { './lib/node.js': './lib/browser.js', './esm/index.js': './esm/browser.js', './lib/ws.js': false, './lib/http.js': 'http-browserify' },
  }
  const legacyFiles = new Set(['lib/node.js', 'lib/browser.js', 'esm/index.js', 'esm/browser.js', 'lib/ws.js', 'lib/util/index.js', 'data.json'])
  const withExports: PackageJson = {
    name: 'modern',
    exports: { '.': { browser: './dist/browser.js', default: './dist/node.js' }, './feature': './dist/feature.js', './ws': './dist/ws.js' },
    browser: { './dist/ws.js': false, './dist/feature.js': './dist/feature-browser' },
  }
  const modernFiles = new Set(['dist/browser.js', 'dist/node.js', 'dist/feature.js', 'dist/feature-browser.js', 'dist/ws.js'])

  const table: [name: string, pkg: PackageJson, subpath: string, conditions: string[], files: ReadonlySet<string> | undefined, expected: PackageEntry][] = [
    ['legacy main, probed', legacy, '.', [], legacyFiles, './lib/node.js'],
    ['legacy main, browser-remapped', legacy, '.', ['browser'], legacyFiles, './lib/browser.js'],
    ['legacy module, browser-remapped', legacy, '.', ['browser', 'module'], legacyFiles, './esm/browser.js'],
    ['legacy module without browser', legacy, '.', ['module'], legacyFiles, './esm/index.js'],
    ['legacy subpath, probed', legacy, './lib/util', [], legacyFiles, './lib/util/index.js'],
    ['legacy subpath, extension probed', legacy, './data', [], legacyFiles, './data.json'],
    ['legacy subpath without files', legacy, './lib/util', [], undefined, './lib/util'],
    ['legacy subpath remapped before probing', legacy, './lib/node', ['browser'], legacyFiles, './lib/browser.js'],
    ['legacy subpath to an empty module', legacy, './lib/ws.js', ['browser'], legacyFiles, null],
    ['legacy subpath to another package', legacy, './lib/http.js', ['browser'], legacyFiles, 'http-browserify'],
    ['legacy subpath that does not exist', legacy, './nope', [], legacyFiles, undefined],
    ['legacy subpath that leaves the package', legacy, './../x.js', [], legacyFiles, undefined],
    ['exports, browser condition', withExports, '.', ['browser'], modernFiles, './dist/browser.js'],
    ['exports, no browser condition ignores the browser object', withExports, './ws', [], modernFiles, './dist/ws.js'],
    ['exports target remapped to an empty module by the browser object', withExports, './ws', ['browser'], modernFiles, null],
    ['exports target remapped and probed', withExports, './feature', ['browser'], modernFiles, './dist/feature-browser.js'],
    ['exports target remapped, no files: as written', withExports, './feature', ['browser'], undefined, './dist/feature-browser'],
  ]
  for (const [name, pkg, subpath, conditions, files, expected] of table) {
    it(name, () => expect(resolvePackageEntry(pkg, subpath, conditions, files)).toBe(expected))
  }

  it('throws ERR_PACKAGE_PATH_NOT_EXPORTED for a subpath that exports does not define', () => {
    expect(() => resolvePackageEntry(withExports, './internal', ['browser'])).toThrow(
      'Package subpath "./internal" is not defined by "exports" in package "modern" for the conditions [browser]',
    )
  })

  it('lookupPackageEntry returns undefined instead', () => {
    expect(lookupPackageEntry(withExports, './internal', ['browser'])).toBe(undefined)
    expect(lookupPackageEntry(withExports, './feature', [])).toBe('./dist/feature.js')
  })

  it('throws ERR_INVALID_MODULE_SPECIFIER for a subpath that is not "." or "./x", with or without exports', () => {
    for (const p of [legacy, withExports]) {
      try {
        resolvePackageEntry(p, 'lib/x.js', [])
        expect.unreachable()
      } catch (err) {
        expect((err as EsmapError).code).toBe('ERR_INVALID_MODULE_SPECIFIER')
        expect((err as EsmapError).message).toContain(`Invalid module specifier "lib/x.js" for package "${p.name}"`)
      }
    }
  })
})
