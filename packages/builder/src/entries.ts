import { enumerateExports, type PackageJson } from '@esmap/core'
import { isModulePath } from './format.js'

/** What a build makes of a package: the modules it builds, the files it copies, and its exports. */
export interface EntryPlan {
  /** Module files that are entry points (package paths), in code unit order. */
  modules: string[]
  /** Files copied as they are, in code unit order (`package.json` is generated, never copied). */
  assets: string[]
  /** Every exported subpath → `./file`, for the processed package.json (`.` first). */
  exports: Record<string, string>
  /** True when the package has no `exports` and its entry points were inferred. */
  inferred: boolean
}

/** Readme, license and typing files (reference 002, "Assets"): always served. */
const ALWAYS = /^(?:(?:readme|license|licence|copying|notice)(?:\.[^/]*)?|.*\.d\.[cm]?ts)$/i

/**
 * The entry points and assets of a package under `conditions` (reference 002, "Package
 * Optimization" and "Assets").
 *
 * - With `exports`: every subpath `exports` defines (patterns expanded against the files,
 *   `null` targets left out) is exported; module targets are entry points and other targets
 *   assets.
 * - Without `exports`, the exports are inferred: `.` is the legacy main (`browser`, `module`,
 *   `main`, `index` as the conditions allow, with the `browser` object's remaps) and every
 *   module and JSON file outside `node_modules/` is a subpath, also without its extension.
 *   Every module file an inferred subpath leads to is an entry point, so any deep import works.
 *
 * Readme, license and `.d.ts` files are always copied.
 */
export function planEntries(pkg: PackageJson, files: ReadonlySet<string>, conditions: readonly string[]): EntryPlan {
  const inferred = pkg.exports === undefined || pkg.exports === null
  const all = enumerateExports(pkg, files, [...conditions, 'import'])
  const exports: Record<string, string> = {}
  const modules = new Set<string>()
  const assets = new Set<string>()
  for (const [subpath, target] of Object.entries(all)) {
    const file = target.slice(2)
    if (inferred && (file.startsWith('node_modules/') || file.includes('/node_modules/'))) continue
    if (inferred && !isModulePath(file) && !file.endsWith('.json')) continue
    exports[subpath] = target
    if (file === 'package.json') continue
    if (isModulePath(file)) modules.add(file)
    else assets.add(file)
  }
  for (const file of files) if (ALWAYS.test(file) && !file.startsWith('node_modules/')) assets.add(file)
  return { modules: [...modules].sort(), assets: [...assets].sort(), exports, inferred }
}
