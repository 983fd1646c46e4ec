/** Names that can be written as they are in `export { x as name }` (any IdentifierName). */
const IDENTIFIER_NAME = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u

/** `name`, or the string literal form `"a-b"` (ES2022 arbitrary module namespace names). */
export function exportName(name: string): string {
  return IDENTIFIER_NAME.test(name) ? name : JSON.stringify(name)
}

/**
 * The ES module face of a CommonJS module (reference 002, "CommonJS Compatibility"):
 * `export default module.exports`, plus one named export per detected name, read from
 * `module.exports` once the module has run. `stars` are other packages the module re-exports
 * whole (`module.exports = require('dep')`), whose names come through `export *`.
 *
 * `moduleId` is what `require` is given; the bundler runs the module lazily in its CommonJS
 * wrapper, so cycles between CommonJS modules keep CommonJS semantics.
 */
export function cjsFacade(moduleId: string, names: readonly string[], stars: readonly string[] = []): string {
  const lines = [`var __module = require(${JSON.stringify(moduleId)});`, 'export default __module;']
  if (names.length > 0) {
    lines.push(`var ${names.map((name, i) => `__e${i} = __module[${JSON.stringify(name)}]`).join(', ')};`)
    lines.push(`export { ${names.map((name, i) => `__e${i} as ${exportName(name)}`).join(', ')} };`)
  }
  for (const star of stars) lines.push(`export * from ${JSON.stringify(star)};`)
  return `${lines.join('\n')}\n`
}
