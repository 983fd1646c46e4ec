import type { NonLiteralImport } from '@esmap/core'

/** The runtime stand-in for a `require()` whose specifier is computed. */
export const DYNAMIC_REQUIRE = '__esmapDynamicRequire'

/** Index of the 1-based `line`/`column` in `source` (lines end with `\n`, `\r\n` or `\r`). */
function offsetOf(source: string, line: number, column: number): number {
  let offset = 0
  for (let l = 1; l < line; l++) {
    const next = source.slice(offset).search(/\r\n|\r|\n/)
    if (next === -1) return -1
    offset += next + (source.startsWith('\r\n', offset + next) ? 2 : 1)
  }
  return offset + column - 1
}

/**
 * Replaces each `require(expr)` whose specifier is computed with
 * `__esmapDynamicRequire(line, expr)`, and declares that function at the end of the source: it
 * throws an error naming the package, the file, the line and the specifier when the call is
 * reached. (A bundler would otherwise leave a `require` that fails with a bare "dynamic
 * require is not supported".) Only the changed lines move; calls that are not where the scan
 * put them are left as they are.
 */
export function rewriteDynamicRequires(source: string, calls: readonly NonLiteralImport[], where: string): string {
  const requires = calls.filter((c) => c.form === 'require')
  if (requires.length === 0) return source
  let out = source
  // Back to front, so earlier offsets stay valid.
  for (const call of [...requires].sort((a, b) => b.line - a.line || b.column - a.column)) {
    const at = offsetOf(out, call.line, call.column)
    if (at < 0 || !out.startsWith('require', at)) continue
    const paren = out.indexOf('(', at + 'require'.length)
    if (paren < 0 || out.slice(at + 'require'.length, paren).trim() !== '') continue
    out = `${out.slice(0, at)}${DYNAMIC_REQUIRE}(${call.line}, ${out.slice(paren + 1)}`
  }
  const message = `"Cannot require(" + JSON.stringify(id) + ") in " + ${JSON.stringify(where)} + " line " + line + ": the specifier is computed at run time, and only require() with a string literal is converted to an import for the browser."`
  return `${out}\nfunction ${DYNAMIC_REQUIRE}(line, id) { throw new Error(${message}); }\n`
}
