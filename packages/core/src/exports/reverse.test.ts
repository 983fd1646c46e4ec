import { describe, expect, it } from 'vitest'
import type { PackageJson } from '../types.js'
import { resolvePackageEntry } from './entry.js'
import { enumerateExports, exportsForFile } from './reverse.js'

const modern: PackageJson = {
  name: 'modern',
  exports: {
    '.': { browser: './dist/browser.js', default: './dist/index.js' },
    './index.js': './dist/index.js',
    './features/*': './dist/features/*.js',
    './features/internal/*': null,
    './utils/*.js': { import: './esm/utils/*.mjs', default: './cjs/utils/*.cjs' },
    './package.json': './package.json',
    './missing': './dist/missing.js',
    './twice/*': './twice/*/*.js',
    './everything/*': './dist/index.js',
  },
}
const modernFiles = [
  'package.json',
  'dist/index.js',
  'dist/browser.js',
  'dist/features/a.js',
  'dist/features/deep/b.js',
  'dist/features/internal/secret.js',
  'dist/features/readme.md',
  'esm/utils/x.mjs',
  'cjs/utils/x.cjs',
  'twice/q/q.js',
  'twice/q/r.js',
  'dist/features/node_modules/dep.js',
]

const legacy: PackageJson = {
  name: 'legacy',
  main: 'lib/index',
  browser: { './lib/node.js': './lib/browser.js', './lib/ws.js': false },
}
const legacyFiles = ['package.json', 'lib/index.js', 'lib/node.js', 'lib/browser.js', 'lib/ws.js', 'lib/util/index.js', 'lib/data.json']

describe('exportsForFile', () => {
  const table: [name: string, pkg: PackageJson, file: string, conditions: string[], files: readonly string[] | undefined, expected: string[]][] = [
    ['the main entry and an explicit subpath', modern, './dist/index.js', [], undefined, ['.', './index.js']],
    ['the browser main, only under the browser condition', modern, './dist/browser.js', ['browser'], undefined, ['.']],
    ['the browser main is not exported without the condition', modern, './dist/browser.js', [], undefined, []],
    ['a pattern expansion', modern, 'dist/features/deep/b.js', [], undefined, ['./features/deep/b']],
    ['a pattern blocked by null', modern, './dist/features/internal/secret.js', [], undefined, []],
    ['a pattern under the import condition', modern, './esm/utils/x.mjs', ['import'], undefined, ['./utils/x.js']],
    ['the same key under the default condition', modern, './cjs/utils/x.cjs', [], undefined, ['./utils/x.js']],
    ['a condition that is not active', modern, './esm/utils/x.mjs', [], undefined, []],
    ['a target with "*" twice', modern, './twice/q/q.js', [], undefined, ['./twice/q']],
    ['a target with "*" twice that cannot match', modern, './twice/q/r.js', [], undefined, []],
    ['a match with a node_modules segment is not exported', modern, './dist/features/node_modules/dep.js', [], undefined, []],
    ['a file nothing exports', modern, './dist/features/readme.md', [], undefined, []],
    ['legacy: main, file, extensionless and directory forms', legacy, './lib/index.js', [], legacyFiles, ['.', './lib', './lib/index', './lib/index.js']],
    ['legacy without files: only exact paths', legacy, './lib/index.js', [], undefined, ['./lib/index.js']],
    ['legacy: a file the browser object redirects to', legacy, './lib/browser.js', ['browser'], legacyFiles, ['./lib/browser', './lib/browser.js', './lib/node', './lib/node.js']],
    ['legacy: a file the browser object redirects away', legacy, './lib/node.js', ['browser'], legacyFiles, []],
    ['legacy: the same file without the browser condition', legacy, './lib/node.js', [], legacyFiles, ['./lib/node', './lib/node.js']],
    ['legacy: a json file', legacy, 'lib/data.json', [], legacyFiles, ['./lib/data', './lib/data.json']],
    ['outside the package', legacy, '../x.js', [], legacyFiles, []],
  ]
  for (const [name, pkg, file, conditions, files, expected] of table) {
    it(name, () => expect(exportsForFile(pkg, file, conditions, files && new Set(files))).toEqual(expected))
  }

  it('every subpath it reports resolves forwards to the file', () => {
    for (const file of modernFiles) {
      for (const subpath of exportsForFile(modern, file, ['browser', 'import'])) {
        expect(resolvePackageEntry(modern, subpath, ['browser', 'import'])).toBe(`./${file}`)
      }
    }
  })
})

describe('enumerateExports', () => {
  it('expands patterns against the file list and drops blocked, missing and unexpandable (`./everything/*`) entries', () => {
    expect(enumerateExports(modern, modernFiles, [])).toEqual({
      '.': './dist/index.js',
      './features/a': './dist/features/a.js',
      './features/deep/b': './dist/features/deep/b.js',
      './index.js': './dist/index.js',
      './package.json': './package.json',
      './twice/q': './twice/q/q.js',
      './utils/x.js': './cjs/utils/x.cjs',
    })
  })

  it('follows the conditions', () => {
    expect(enumerateExports(modern, modernFiles, ['browser', 'import'])).toEqual({
      '.': './dist/browser.js',
      './features/a': './dist/features/a.js',
      './features/deep/b': './dist/features/deep/b.js',
      './index.js': './dist/index.js',
      './package.json': './package.json',
      './twice/q': './twice/q/q.js',
      './utils/x.js': './esm/utils/x.mjs',
    })
  })

  it('lists every file of a legacy package, with its probing forms and the browser field applied', () => {
    expect(enumerateExports(legacy, legacyFiles, ['browser'])).toEqual({
      '.': './lib/index.js',
      './lib': './lib/index.js',
      './lib/browser': './lib/browser.js',
      './lib/browser.js': './lib/browser.js',
      './lib/data': './lib/data.json',
      './lib/data.json': './lib/data.json',
      './lib/index': './lib/index.js',
      './lib/index.js': './lib/index.js',
      './lib/node': './lib/browser.js',
      './lib/node.js': './lib/browser.js',
      './lib/util': './lib/util/index.js',
      './lib/util/index': './lib/util/index.js',
      './lib/util/index.js': './lib/util/index.js',
      './package': './package.json',
      './package.json': './package.json',
    })
  })

  it('agrees with exportsForFile for every file', () => {
    for (const [pkg, files] of [[modern, modernFiles], [legacy, legacyFiles]] as const) {
      const all = enumerateExports(pkg, files, ['browser'])
      for (const file of files) {
        const expected = Object.keys(all).filter((subpath) => all[subpath] === `./${file}`)
        expect(exportsForFile(pkg, file, ['browser'], new Set(files))).toEqual(expected)
      }
    }
  })
})
