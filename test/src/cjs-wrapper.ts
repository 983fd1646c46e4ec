/**
 * The CommonJS → ES module conversion the jspm.io and esm.sh routes apply, in the spirit of
 * jspm.io's "`export default module.exports`" interop (reference 002): the module body runs in a
 * function with `module`, `exports` and `require`; every literal `require('x')` becomes an
 * `import`; `exports.name = ...` assignments also become named exports. Dynamic `require(expr)`
 * throws at run time, as on jspm.io. Not a bundler: enough for the fixture packages.
 */

const REQUIRE = /\brequire\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g
const NAMED = /\b(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=[^=]/g
const ESM_SYNTAX = /^\s*(?:import\s*[\w{*'"]|export\s+[\w{*]|export\s+default\b)/m

/** Module files are `.js`, `.cjs` and `.mjs`. */
export function isModulePath(path: string): boolean {
  return /\.(?:c|m)?js$/.test(path)
}

/**
 * Whether a module is CommonJS by Node's rules as jspm.io reads them: `.cjs` always, `.mjs` never,
 * `.js` unless the package is `"type": "module"` or the source has `import`/`export` syntax.
 */
export function isCommonJs(path: string, source: string, packageType: unknown): boolean {
  if (path.endsWith('.cjs')) return true
  if (!path.endsWith('.js')) return false
  return packageType !== 'module' && !ESM_SYNTAX.test(source)
}

/** The literal `require()` specifiers of a CommonJS source, first occurrence order, deduplicated. */
export function requireSpecifiers(source: string): string[] {
  return [...new Set([...source.matchAll(REQUIRE)].map((m) => m[2] ?? ''))]
}

/** Names assigned as `exports.name =` / `module.exports.name =`, deduplicated, without `default`. */
export function cjsNamedExports(source: string): string[] {
  return [...new Set([...source.matchAll(NAMED)].map((m) => m[1] ?? ''))].filter((n) => n !== 'default' && n !== '__esModule')
}

/**
 * Convert a CommonJS source to an ES module. `resolve` maps a `require` specifier to the import
 * specifier to use (so `./helper` can become `./helper.js`); bare specifiers stay bare.
 */
export function cjsToEsm(source: string, path: string, resolve: (specifier: string) => string = (s) => s): string {
  const specifiers = requireSpecifiers(source)
  const imports = specifiers.map((s, i) => `import __cjs${i} from ${JSON.stringify(resolve(s))};`)
  const table = specifiers.map((s, i) => `${JSON.stringify(s)}: __cjs${i}`).join(', ')
  const named = cjsNamedExports(source)
  const dir = path.slice(0, Math.max(0, path.lastIndexOf('/')))
  return [
    `// ${path}: CommonJS converted to an ES module by the esmap fixture server`,
    ...imports,
    `const __deps = { ${table} };`,
    'const module = { exports: {} };',
    `const require = (id) => { if (id in __deps) return __deps[id]; throw new Error('Cannot require ' + JSON.stringify(id) + ' from ${path}: only literal require() calls are converted'); };`,
    '(function (exports, require, module, __filename, __dirname) {',
    source.trimEnd(),
    `}).call(module.exports, module.exports, require, module, ${JSON.stringify(`/${path}`)}, ${JSON.stringify(`/${dir}`)});`,
    'export default module.exports;',
    ...(named.length > 0 ? [`export const { ${named.join(', ')} } = module.exports;`] : []),
    '',
  ].join('\n')
}
