/**
 * The files of a package, as the caller knows them: a set of paths inside the package
 * (`dist/index.js`: no leading `./` or `/`, `/`-separated, as in `PackageFiles`), or a predicate
 * answering "does this file exist?".
 */
export type PackageFileList = ReadonlySet<string> | ((path: string) => boolean)

/** The extensions tried, in order, after a path and after `path/index` (Node's CJS order, plus ESM). */
export const PROBE_EXTENSIONS: readonly string[] = ['.js', '.mjs', '.cjs', '.json']

/** True when `path` (no leading `./`) is a file of the package. */
export function hasFile(files: PackageFileList, path: string): boolean {
  return typeof files === 'function' ? files(path) : files.has(path)
}

/**
 * `./x` / `x` / `/x` → `x`, with `.` and `..` segments resolved inside the package and empty
 * segments dropped. `''` is the package root. Undefined when the path leaves the package.
 */
export function packagePath(target: string): string | undefined {
  const out: string[] = []
  for (const segment of target.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') {
      if (out.length === 0) return undefined
      out.pop()
    } else out.push(segment)
  }
  return out.join('/')
}

/** A package path (`dist/x.js`, or `''` for the root) as a target / subpath: `./dist/x.js` or `.`. */
export function toRelative(path: string): '.' | `./${string}` {
  return path === '' ? '.' : `./${path}`
}

/**
 * The file that a legacy (CommonJS-style) path names: the path itself, then with each of
 * PROBE_EXTENSIONS appended, then `path/index` with each of them. `path` is a package path
 * (`lib/x`, `''` for the root). Undefined when none exists.
 */
export function probeFile(files: PackageFileList, path: string): string | undefined {
  if (path !== '' && hasFile(files, path)) return path
  if (path !== '') {
    for (const ext of PROBE_EXTENSIONS) if (hasFile(files, path + ext)) return path + ext
  }
  const index = path === '' ? 'index' : `${path}/index`
  for (const ext of PROBE_EXTENSIONS) if (hasFile(files, index + ext)) return index + ext
  return undefined
}
