import { describe, expect, it } from 'vitest'
import { amdDependencies } from './amd.js'

describe('amdDependencies: the literal dependencies of define() calls and sugar-form requires', () => {
  const table: [string, string, string[], string[]][] = [
    ['an array', "define(['a', \"b/c\", 'exports'], function (a, b, exports) {})", [], ['a', 'b/c']],
    ['a named module', "define('name', ['./x'], function (x) {})", [], ['./x']],
    ['no array', 'define({ a: 1 })', [], []],
    ['the sugar form', "define(function (require) { var x = require('x') })", ['x'], ['x']],
    ['require, exports and module are not dependencies', "define(['require', 'module'], function () {})", ['require'], []],
    ['two define calls', "define(['a'], f); define('b', ['c'], g)", [], ['a', 'c']],
    ['escaped quotes', "define(['it\\'s'], f)", [], ["it's"]],
  ]
  it.each(table)('%s', (_, source, requires, expected) => {
    expect(amdDependencies(source, requires)).toEqual(expected)
  })
})
