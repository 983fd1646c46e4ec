import { describe, expect, it } from 'vitest'
import { enumerateExports, inferExports, jspmPackageJson, normalizeExports } from './jspm-package.js'
import type { ExportsValue, SubpathExports } from './jspm-package.js'

describe('normalizeExports', () => {
  it.each<[ExportsValue, SubpathExports]>([
    ['./index.js', { '.': './index.js' }],
    [null, { '.': null }],
    [['./a.js', './b.js'], { '.': ['./a.js', './b.js'] }],
    [{ import: './a.mjs', default: './a.js' }, { '.': { import: './a.mjs', default: './a.js' } }],
    [{ '.': './a.js', './b': './b.js' }, { '.': './a.js', './b': './b.js' }],
  ])('%j → %j', (exports, expected) => {
    expect(normalizeExports(exports)).toEqual(expected)
  })
})

describe('enumerateExports', () => {
  const files = ['dist/features/a.js', 'dist/features/b.js', 'dist/features/internal/secret.js', 'dist/features/readme.md', 'dist/index.js', 'package.json']

  it.each<[string, ExportsValue, SubpathExports]>([
    ['keeps a string', './dist/index.js', { '.': './dist/index.js' }],
    ['expands a pattern over the matching files', { './features/*': './dist/features/*.js' }, {
      './features/a': './dist/features/a.js',
      './features/b': './dist/features/b.js',
      './features/internal/secret': './dist/features/internal/secret.js',
    }],
    ['lets a more specific null pattern win', { './features/*': './dist/features/*.js', './features/internal/*': null }, {
      './features/a': './dist/features/a.js',
      './features/b': './dist/features/b.js',
    }],
    ['substitutes the capture into every condition', { './features/*.js': { browser: './dist/features/*.js', default: null } }, {
      './features/a.js': { browser: './dist/features/a.js', default: null },
      './features/b.js': { browser: './dist/features/b.js', default: null },
      './features/internal/secret.js': { browser: './dist/features/internal/secret.js', default: null },
    }],
    ['keeps arrays and null subpaths as they are', { '.': ['./missing.js', './dist/index.js'], './x': null }, {
      '.': ['./missing.js', './dist/index.js'],
      './x': null,
    }],
    ['lets an exact key win over a pattern', { './features/a': './dist/index.js', './features/*': './dist/features/*.js' }, {
      './features/a': './dist/index.js',
      './features/b': './dist/features/b.js',
      './features/internal/secret': './dist/features/internal/secret.js',
    }],
    ['expands a pattern without files to nothing', { './nothing/*': './dist/nothing/*.js' }, {}],
  ])('%s', (_, exports, expected) => {
    expect(enumerateExports(exports, files)).toEqual(expected)
  })
})

describe('inferExports', () => {
  const files = ['lib/main.js', 'lib/main.browser.js', 'lib/env.js', 'lib/env.browser.js', 'lib/node-only.js', 'es/main.js', 'package.json', 'README.md']

  it('maps . to main, module and the browser remap of main, and every module file', () => {
    const manifest = {
      main: './lib/main',
      module: 'es/main.js',
      browser: { './lib/main.js': './lib/main.browser.js', './lib/env': './lib/env.browser.js', './lib/node-only.js': false, fs: false },
    }
    expect(inferExports(manifest, files)).toEqual({
      '.': { browser: './lib/main.browser.js', module: './es/main.js', default: './lib/main.js' },
      './es/main.js': './es/main.js',
      './lib/env.browser.js': './lib/env.browser.js',
      './lib/env.js': { browser: './lib/env.browser.js', default: './lib/env.js' },
      './lib/main.browser.js': './lib/main.browser.js',
      './lib/main.js': { browser: './lib/main.browser.js', default: './lib/main.js' },
      './lib/node-only.js': { browser: null, default: './lib/node-only.js' },
      './package.json': './package.json',
    })
  })

  it('uses a browser string for . and index.js without main', () => {
    expect(inferExports({ browser: 'browser.js' }, ['index.js', 'browser.js'])).toEqual({
      '.': { browser: './browser.js', default: './index.js' },
      './browser.js': './browser.js',
      './index.js': './index.js',
    })
    expect(inferExports({}, ['index.js'])).toEqual({ '.': './index.js', './index.js': './index.js' })
  })
})

describe('jspmPackageJson', () => {
  it('drops scripts and devDependencies, enumerates exports and lists the files', () => {
    const manifest = {
      name: 'p',
      version: '1.0.0',
      scripts: { test: 'x' },
      devDependencies: { x: '1' },
      dependencies: { d: '^1.0.0' },
      exports: { '.': './a.js', './*': './*.js' },
    }
    expect(jspmPackageJson(manifest, ['b.js', 'a.js', 'package.json'])).toEqual({
      name: 'p',
      version: '1.0.0',
      dependencies: { d: '^1.0.0' },
      exports: { '.': './a.js', './a': './a.js', './b': './b.js' },
      files: ['a.js', 'b.js', 'package.json'],
    })
  })
})
