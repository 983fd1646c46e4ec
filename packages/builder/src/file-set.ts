import type { PackageFiles } from '@esmap/core'
import { globToRegExp, matchesAny } from './glob.js'
import type { PackageConfig } from './overrides.js'

/**
 * The files the build uses (reference 001, "Package Files"): `files` keeps only what its globs
 * match, `ignore` drops what its globs match, and both apply before `directories.lib`, which
 * keeps only that folder and makes every path relative to it (`src/a.js` → `a.js`).
 * The package's `package.json` is always kept (it is read from the package, not from the lib folder).
 */
export function selectFiles(files: PackageFiles, config: Pick<PackageConfig, 'files' | 'ignore' | 'lib'>): Map<string, Uint8Array> {
  const include = config.files?.map(globToRegExp)
  const exclude = (config.ignore ?? []).map(globToRegExp)
  const prefix = config.lib === undefined ? '' : `${config.lib}/`
  const out = new Map<string, Uint8Array>()
  for (const [path, bytes] of files) {
    if (include !== undefined && path !== 'package.json' && !matchesAny(include, path)) continue
    if (matchesAny(exclude, path)) continue
    if (prefix === '') out.set(path, bytes)
    else if (path.startsWith(prefix) && path.length > prefix.length) out.set(path.slice(prefix.length), bytes)
  }
  return out
}
