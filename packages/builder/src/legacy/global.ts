import type { Shim } from '../overrides.js'

/**
 * A script that writes globals (reference 001, format `global` and `shim`) as a CommonJS
 * module: its `deps` are required first (in order), then the script runs at global scope, as a
 * classic script would (indirect `eval`, so top-level `var` and function declarations become
 * globals and `this` is the global object), and the global named by `exports` (a dotted path)
 * becomes `module.exports`. Without `exports`, the globals the script added are detected as
 * SystemJS did: one new global is the export; several are exported as an object of them.
 *
 * The script text is embedded as a string (with a `sourceURL` naming it), so it is not
 * minified; pages with a Content Security Policy need `'unsafe-eval'` for it.
 */
export function globalToCjs(source: string, url: string, shim: Shim): string {
  const lines = shim.deps.map((dep) => `require(${JSON.stringify(dep)});`)
  const script = `${source}\n//# sourceURL=${url}`
  if (shim.exports !== undefined) {
    lines.push(`(0, eval)(${JSON.stringify(script)});`)
    const path = JSON.stringify(shim.exports.split('.'))
    lines.push(`module.exports = ${path}.reduce(function (value, key) { return value == null ? undefined : value[key]; }, globalThis);`)
  } else {
    lines.push('var __esmapBefore = Object.keys(globalThis);')
    lines.push(`(0, eval)(${JSON.stringify(script)});`)
    lines.push('var __esmapAdded = Object.keys(globalThis).filter(function (key) { return __esmapBefore.indexOf(key) === -1; });')
    lines.push(
      'module.exports = __esmapAdded.length === 1 ? globalThis[__esmapAdded[0]] : __esmapAdded.reduce(function (all, key) { all[key] = globalThis[key]; return all; }, {});',
    )
  }
  return `${lines.join('\n')}\n`
}
