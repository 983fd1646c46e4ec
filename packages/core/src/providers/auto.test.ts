import { describe, expect, it } from 'vitest'
import type { PackageJson } from '../types.js'
import { isEsmPackage } from './auto.js'

describe('isEsmPackage: ES modules go to a raw-file CDN, the rest to a converting one', () => {
  const table: [string, PackageJson, boolean][] = [
    ['type: module', { type: 'module', main: 'index.js' }, true],
    ['type: commonjs', { type: 'commonjs', main: 'index.js' }, false],
    ['no fields at all', {}, false],
    ['main only', { main: 'lib/index.js' }, false],
    ['module field', { main: 'dist/index.cjs.js', module: 'dist/index.esm.js' }, true],
    ['module field naming .cjs', { module: 'dist/index.cjs' }, false],
    ['main .mjs', { main: 'index.mjs' }, true],
    ['exports string .mjs', { exports: './index.mjs' }, true],
    ['exports string .js, no type', { exports: './index.js' }, false],
    ['exports import condition', { exports: { '.': { import: './esm/index.js', require: './cjs/index.js' } } }, true],
    ['exports import condition naming .cjs', { exports: { import: './wrapper.cjs', require: './index.cjs' } }, false],
    ['exports module condition', { exports: { '.': { module: './index.es.js', default: './index.js' } } }, true],
    ['exports nested import under browser', { exports: { '.': { browser: { import: './b.js' }, default: './index.js' } } }, true],
    ['exports require and default only', { exports: { '.': { require: './index.js', default: './index.js' } } }, false],
    ['exports import with only types', { exports: { '.': { import: { types: './index.d.ts' }, require: './index.js' } } }, false],
    ['exports types then import .mjs', { exports: { '.': { types: './index.d.mts', import: './index.mjs' } } }, true],
    ['exports array fallback with .mjs', { exports: { '.': ['./index.mjs', './index.cjs'] } }, true],
    ['exports null target', { exports: { './internal': null, '.': './index.js' } }, false],
    ['subpath .mjs only', { exports: { '.': './index.js', './feature': './feature.mjs' } }, true],
  ]
  for (const [title, pkg, expected] of table) it(`${title} → ${expected ? 'ESM' : 'CommonJS'}`, () => expect(isEsmPackage(pkg)).toBe(expected))
})
