import { describe, expect, it } from 'vitest'
import { files } from './__tests__/run.js'
import { fileKind, hasModuleSyntax, type FileKind, type FormatContext } from './format.js'
import type { ModuleFormat } from './types.js'

describe('hasModuleSyntax: import/export statements, not import() or the words in strings', () => {
  const table: [string, boolean][] = [
    ['export const a = 1', true],
    ["import x from 'y'", true],
    ["import 'y'", true],
    ['export default 1', true],
    ["const a = import('x')", false],
    ['console.log(import.meta.url)', false],
    ['var s = "import x from y"', false],
    ['// export const a\nmodule.exports = 1', false],
    ['obj.export = 1; obj.import = 2', false],
    ['module.exports = 1', false],
  ]
  it.each(table)('%j → %s', (source, expected) => {
    expect(hasModuleSyntax(source)).toBe(expected)
  })
})

describe('fileKind (reference 002: everything that is not an ES module is CommonJS)', () => {
  const packageFiles = files({ 'esm/package.json': '{"type":"module"}', 'esm/cjs/package.json': '{"type":"commonjs"}', 'broken/package.json': 'not json' })
  const ctx = (type: unknown, format?: ModuleFormat, shimmed: string[] = []): FormatContext => ({ files: packageFiles, type, format, shimmed: new Set(shimmed) })
  const table: [string, string, string, FormatContext, FileKind][] = [
    ['.mjs is ESM', 'a.mjs', 'module.exports = 1', ctx(undefined), 'esm'],
    ['.cjs is CommonJS', 'a.cjs', 'export const a = 1', ctx('module'), 'cjs'],
    ['.js with export syntax is ESM', 'a.js', 'export const a = 1', ctx(undefined), 'esm'],
    ['.js without it is CommonJS', 'a.js', 'window.x = 1', ctx(undefined), 'cjs'],
    ['.js in a "type": "module" package is ESM', 'a.js', 'window.x = 1', ctx('module'), 'esm'],
    ['a nested "type": "module" scope', 'esm/a.js', 'window.x = 1', ctx(undefined), 'esm'],
    ['a nested "type": "commonjs" scope inside it', 'esm/cjs/a.js', 'window.x = 1', ctx('module'), 'cjs'],
    ['a package.json that is not JSON makes no scope', 'broken/a.js', 'window.x = 1', ctx('module'), 'esm'],
    ['a forced format applies to .js', 'a.js', 'export const a = 1', ctx(undefined, 'amd'), 'amd'],
    ['but not to .mjs', 'a.mjs', '', ctx(undefined, 'cjs'), 'esm'],
    ['a shimmed file is a global script', 'a.js', 'export const a = 1', ctx('module', 'esm', ['a.js']), 'global'],
    ['.json', 'data.json', '{}', ctx(undefined), 'json'],
    ['anything else is an asset', 'style.css', '', ctx(undefined), 'asset'],
  ]
  it.each(table)('%s', (_, path, source, context, expected) => {
    expect(fileKind(path, source, context)).toBe(expected)
  })
})
