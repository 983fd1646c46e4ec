import type { ExportsTarget, PackageJson } from '../types.js'

/**
 * The `auto` route's question: does this package ship ES modules that a browser can load as they
 * are published? Then a raw-file CDN serves it; otherwise (CommonJS) a converting CDN does.
 * Decided from package.json alone, before any module is fetched. A package counts as ESM when any of:
 * 1. `"type": "module"` (its `.js` files are ES modules);
 * 2. a `module` field (the bundler convention for an ESM entry), unless it names a `.cjs` file;
 * 3. `main` names an `.mjs` file;
 * 4. `exports` has a target ending in `.mjs`, or an `import` / `module` condition whose target is
 *    not a `.cjs` file (`types` conditions are skipped: declarations are not modules).
 * Everything else is treated as CommonJS. A dual package (ESM + CJS) counts as ESM: its ESM half is
 * what the browser loads.
 */
export function isEsmPackage(pkg: PackageJson): boolean {
  if (pkg.type === 'module') return true
  if (typeof pkg.module === 'string' && !pkg.module.endsWith('.cjs')) return true
  if (typeof pkg.main === 'string' && pkg.main.endsWith('.mjs')) return true
  return pkg.exports !== undefined && exportsShipEsm(pkg.exports, false)
}

/** Conditions that point at type declarations, not modules. */
const TYPE_KEYS = new Set(['types', 'typings'])

/** Step 4 over the `exports` tree; `underEsmCondition` is true below an `import` / `module` key. */
function exportsShipEsm(target: ExportsTarget, underEsmCondition: boolean): boolean {
  if (target === null) return false
  if (typeof target === 'string') return target.endsWith('.mjs') || (underEsmCondition && !target.endsWith('.cjs'))
  if (Array.isArray(target)) return target.some((t) => exportsShipEsm(t, underEsmCondition))
  return Object.entries(target).some(
    ([key, value]) => !TYPE_KEYS.has(key) && exportsShipEsm(value, underEsmCondition || key === 'import' || key === 'module'),
  )
}
