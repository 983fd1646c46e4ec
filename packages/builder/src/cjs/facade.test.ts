import { describe, expect, it } from 'vitest'
import { cjsFacade, exportName } from './facade.js'

describe('exportName', () => {
  const table: [string, string][] = [
    ['a', 'a'],
    ['$b_c1', '$b_c1'],
    ['class', 'class'],
    ['ünïcode', 'ünïcode'],
    ['kebab-case', '"kebab-case"'],
    ['1st', '"1st"'],
    ['', '""'],
    ['a"b', '"a\\"b"'],
  ]
  it.each(table)('%j → %s', (name, expected) => {
    expect(exportName(name)).toBe(expected)
  })
})

describe('cjsFacade', () => {
  it('default is module.exports; names are read from it; stars re-export other packages', () => {
    expect(cjsFacade('esmap-module:index.js', ['a', 'b-c'], ['dep'])).toBe(
      [
        'var __module = require("esmap-module:index.js");',
        'export default __module;',
        'var __e0 = __module["a"], __e1 = __module["b-c"];',
        'export { __e0 as a, __e1 as "b-c" };',
        'export * from "dep";',
        '',
      ].join('\n'),
    )
  })

  it('without names, only the default', () => {
    expect(cjsFacade('esmap-module:x.js', [])).toBe('var __module = require("esmap-module:x.js");\nexport default __module;\n')
  })
})
