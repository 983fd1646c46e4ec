import { describe, expect, it } from 'vitest'
import type { NonLiteralImport } from '@esmap/core'
import { rewriteDynamicRequires } from './dynamic-require.js'

const call = (line: number, column: number, form: NonLiteralImport['form'] = 'require'): NonLiteralImport => ({ url: 'x.js', form, snippet: '', line, column })
const helper = (where: string): string =>
  `\nfunction __esmapDynamicRequire(line, id) { throw new Error("Cannot require(" + JSON.stringify(id) + ") in " + "${where}" + " line " + line + ": the specifier is computed at run time, and only require() with a string literal is converted to an import for the browser."); }\n`

describe('rewriteDynamicRequires', () => {
  it('replaces each call at its position, back to front, and declares the thrower once', () => {
    const source = 'var a = require(x)\r\nvar b = require (y + "z"); var c = require(w)\n'
    expect(rewriteDynamicRequires(source, [call(1, 9), call(2, 9), call(2, 36)], 'p@1/x.js')).toBe(
      `var a = __esmapDynamicRequire(1, x)\r\nvar b = __esmapDynamicRequire(2, y + "z"); var c = __esmapDynamicRequire(2, w)\n${helper('p@1/x.js')}`,
    )
  })

  it('leaves the source alone without require calls, and skips positions that are not a require', () => {
    expect(rewriteDynamicRequires('import(x)', [call(1, 1, 'dynamic-import')], 'p@1/x.js')).toBe('import(x)')
    expect(rewriteDynamicRequires('foo(x)', [call(1, 1)], 'p@1/x.js')).toBe(`foo(x)${helper('p@1/x.js')}`)
  })
})
