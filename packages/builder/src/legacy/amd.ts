/** String literals inside a piece of source (`'a', "b"`), unescaped by JSON rules for `"`-quoted ones. */
function stringLiterals(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(/(['"])((?:(?!\1)[^\\\n]|\\.)*)\1/g)) out.push((m[2] ?? '').replace(/\\(.)/g, '$1'))
  return out
}

/**
 * The dependency ids an AMD module names literally: the arrays of its `define([...], f)` and
 * `define('id', [...], f)` calls, and the `require('x')` calls of the CommonJS sugar form
 * (`define(function (require) { var x = require('x') })`, given by the caller's scan).
 * `require`, `exports` and `module` are AMD's own and not dependencies.
 */
export function amdDependencies(source: string, literalRequires: readonly string[]): string[] {
  const ids = new Set<string>()
  for (const m of source.matchAll(/\bdefine\s*\(\s*(?:(['"])(?:(?!\1)[^\\\n]|\\.)*\1\s*,\s*)?\[([^\]]*)\]/g)) {
    for (const id of stringLiterals(m[2] ?? '')) ids.add(id)
  }
  for (const id of literalRequires) ids.add(id)
  for (const own of ['require', 'exports', 'module']) ids.delete(own)
  return [...ids]
}

/**
 * An AMD module as a CommonJS module (reference 001, format `amd`): a `define` is declared in
 * front of the source (on its first line, so every other line keeps its position) that runs the
 * factory with its dependencies and makes its result `module.exports`. Each dependency is a
 * literal `require()` in one `switch`, so the bundler sees and bundles (or imports) every one;
 * the helper is a function declaration at the end (hoisted).
 */
export function amdToCjs(source: string, path: string, deps: readonly string[]): string {
  const cases = deps.map((id) => `case ${JSON.stringify(id)}: return require(${JSON.stringify(id)});`).join(' ')
  const missing = `throw new Error("AMD module ${path} asked for " + JSON.stringify(id) + ", which is not one of its literal dependencies.")`
  const prefix = `var define = __esmapAmdDefine(module, function (id) { switch (id) { ${cases} } ${missing}; });`
  const helper = [
    'function __esmapAmdDefine(module, load) {',
    '  function define(id, deps, factory) {',
    "    if (typeof id !== 'string') { factory = deps; deps = id; }",
    "    if (!Array.isArray(deps)) { factory = deps; deps = typeof factory === 'function' ? ['require', 'exports', 'module'].slice(0, factory.length) : []; }",
    "    function req(dep) { return dep === 'require' ? req : dep === 'exports' ? module.exports : dep === 'module' ? module : load(dep); }",
    "    var result = typeof factory === 'function' ? factory.apply(module.exports, deps.map(req)) : factory;",
    '    if (result !== undefined) module.exports = result;',
    '  }',
    '  define.amd = {};',
    '  return define;',
    '}',
  ].join('\n')
  return `${prefix} ${source}\n${helper}\n`
}
