import { describe, expect, it } from 'vitest'
import { cjsNamedExports, cjsToEsm, isCommonJs, requireSpecifiers } from './cjs-wrapper.js'

describe('isCommonJs', () => {
  it.each([
    ['a.cjs', 'export const x = 1', 'module', true],
    ['a.mjs', 'module.exports = 1', undefined, false],
    ['a.js', 'module.exports = 1', undefined, true],
    ['a.js', 'module.exports = 1', 'commonjs', true],
    ['a.js', 'module.exports = 1', 'module', false],
    ['a.js', "import x from 'y'\n", undefined, false],
    ['a.js', 'export default 1', undefined, false],
    ['a.js', "const lazy = () => import('./x.js')", undefined, true],
    ['a.json', '{}', undefined, false],
  ])('%s %j (type %s) → %s', (path, source, type, expected) => {
    expect(isCommonJs(path, source, type)).toBe(expected)
  })
})

describe('CommonJS analysis', () => {
  it('finds literal require specifiers once, in order, and skips dynamic ones', () => {
    expect(requireSpecifiers("const a = require('a')\nconst b = require(\"./b\")\nrequire('a')\nrequire(name)")).toEqual(['a', './b'])
  })

  it('finds named exports of exports.x and module.exports.x, not comparisons or default', () => {
    expect(cjsNamedExports('exports.a = 1\nmodule.exports.b = 2\nif (exports.c === 3) {}\nexports.default = 4\nexports.a = 5')).toEqual(['a', 'b'])
  })
})

describe('cjsToEsm', () => {
  it('wraps the source, imports each literal require and re-exports named exports', () => {
    const out = cjsToEsm("const dep = require('dep')\nexports.x = dep.x\n", 'lib/a.js', (s) => `${s}-resolved`)
    expect(out).toBe(
      [
        '// lib/a.js: CommonJS converted to an ES module by the esmap fixture server',
        'import __cjs0 from "dep-resolved";',
        'const __deps = { "dep": __cjs0 };',
        'const module = { exports: {} };',
        "const require = (id) => { if (id in __deps) return __deps[id]; throw new Error('Cannot require ' + JSON.stringify(id) + ' from lib/a.js: only literal require() calls are converted'); };",
        '(function (exports, require, module, __filename, __dirname) {',
        "const dep = require('dep')",
        'exports.x = dep.x',
        '}).call(module.exports, module.exports, require, module, "/lib/a.js", "/lib");',
        'export default module.exports;',
        'export const { x } = module.exports;',
        '',
      ].join('\n'),
    )
  })

  it('produces a module that runs: default is module.exports, names are its properties', async () => {
    const source = "'use strict'\nexports.a = 1\nmodule.exports.b = __filename\nmodule.exports.c = this === module.exports\n"
    const url = `data:text/javascript;base64,${Buffer.from(cjsToEsm(source, 'x.js')).toString('base64')}`
    const mod = (await import(/* @vite-ignore */ url)) as { default: unknown; a: unknown; b: unknown }
    expect(mod.default).toEqual({ a: 1, b: '/x.js', c: true })
    expect([mod.a, mod.b]).toEqual([1, '/x.js'])
  })

  it('throws a clear error for a require it could not see statically', async () => {
    const url = `data:text/javascript;base64,${Buffer.from(cjsToEsm("const n = 'x'\nrequire(n)\n", 'y.js')).toString('base64')}`
    await expect(import(/* @vite-ignore */ url)).rejects.toThrow('Cannot require "x" from y.js: only literal require() calls are converted')
  })
})
