import { probeFile, resolveBrowserMap, type PackageFileList } from '../exports/index.js'
import { hasFile, packagePath, toRelative } from '../exports/files.js'
import type { PackageJson } from '../types.js'

/** Where an import of a file inside a package really goes. */
export type FileTarget =
  /** A file of the package (`./lib/env.browser.js`), possibly the one asked for. */
  | { kind: 'file'; path: string }
  /** `false` in the `browser` field: an empty module. */
  | { kind: 'empty' }
  /** The `browser` field sends the file to another package (`"./lib/ws.js": "isomorphic-ws"`). */
  | { kind: 'bare'; specifier: string }

export interface RemapOptions {
  /** The `browser` condition is on: the `browser` field's object form applies. */
  browser: boolean
  /** The importer is CommonJS: `require('./env')` finds `env.js` or `env/index.js` as Node does. */
  commonjs: boolean
}

/**
 * A relative import inside a package (`path` as `./dir/file`, relative to the package root):
 * 1. when the package's files are known, the file is probed (the path, then with `.js`, `.mjs`,
 *    `.cjs`, `.json`, then `/index` with each): always for a CommonJS importer, as Node does; for
 *    an ES module only when the exact file does not exist (an extensionless import that bundlers
 *    accept: the map then sends the browser to the file a bundler would take);
 * 2. with `browser`, the `browser` field may replace the (probed) file: with another file (probed
 *    again), an empty module, or another package.
 */
export function remapFile(pkg: PackageJson, files: PackageFileList | undefined, path: string, options: RemapOptions): FileTarget {
  const probe = (p: string): string => {
    const inPackage = packagePath(p)
    if (files === undefined || inPackage === undefined) return p
    if (!options.commonjs && hasFile(files, inPackage)) return p
    const found = probeFile(files, inPackage)
    return found === undefined ? p : toRelative(found)
  }
  const file = probe(path)
  if (!options.browser) return { kind: 'file', path: file }
  const mapped = resolveBrowserMap(pkg, file)
  if (mapped === undefined) return { kind: 'file', path: file }
  if (mapped === null) return { kind: 'empty' }
  return mapped.startsWith('./') ? { kind: 'file', path: probe(mapped) } : { kind: 'bare', specifier: mapped }
}
