/**
 * The processed `package.json` the jspm.io route serves (reference 002, "package.json"): the
 * original fields plus `exports` enumerated to concrete subpaths and a `files` listing, so the
 * package.json alone tells a resolver every subpath. A simple local enumeration, not jspm's build.
 */

/** A value of `exports` (a target, conditions, a fallback array or `null`). */
export type ExportsValue = string | null | ExportsValue[] | { [key: string]: ExportsValue }

/** `exports` in subpath form: every key starts with `.`. */
export type SubpathExports = Record<string, ExportsValue>

/** Node's rule: an object whose keys start with `.` is a subpath map; anything else is the `.` entry. */
export function normalizeExports(exports: ExportsValue): SubpathExports {
  if (exports !== null && typeof exports === 'object' && !Array.isArray(exports) && Object.keys(exports).some((k) => k.startsWith('.'))) {
    return exports
  }
  return { '.': exports }
}

function targets(value: ExportsValue): string[] {
  if (typeof value === 'string') return [value]
  if (value === null) return []
  return (Array.isArray(value) ? value : Object.values(value)).flatMap(targets)
}

function substitute(value: ExportsValue, capture: string): ExportsValue {
  if (typeof value === 'string') return value.replaceAll('*', capture)
  if (value === null) return null
  if (Array.isArray(value)) return value.map((v) => substitute(v, capture))
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, capture)]))
}

/** The capture of `pattern` (one `*`) in `text`, or `undefined`. Captures are never empty. */
function capture(pattern: string, text: string): string | undefined {
  const star = pattern.indexOf('*')
  const base = pattern.slice(0, star)
  const trailer = pattern.slice(star + 1)
  if (text.length <= base.length + trailer.length || !text.startsWith(base) || !text.endsWith(trailer)) return undefined
  return text.slice(base.length, text.length - trailer.length)
}

/**
 * The key Node's PACKAGE_EXPORTS_RESOLVE would use for `subpath`: an exact key without `*` first,
 * else the matching pattern key ordered by PATTERN_KEY_COMPARE (longest base, then longest key).
 */
function governingKey(exports: SubpathExports, subpath: string): string | undefined {
  if (subpath in exports && !subpath.includes('*')) return subpath
  const patterns = Object.keys(exports).filter((k) => k.includes('*') && capture(k, subpath) !== undefined)
  return patterns.sort((a, b) => b.indexOf('*') - a.indexOf('*') || b.length - a.length)[0]
}

/**
 * Replace each pattern key (`./features/*`) by the concrete subpaths its targets match among
 * `files` (package-relative paths), keeping only those the pattern itself governs (a more
 * specific key such as `./features/internal/*: null` wins) and that resolve to something.
 */
export function enumerateExports(exports: ExportsValue, files: readonly string[]): SubpathExports {
  const map = normalizeExports(exports)
  const out: SubpathExports = {}
  for (const [key, value] of Object.entries(map)) {
    if (!key.includes('*')) {
      out[key] = value
      continue
    }
    const expansions = new Map<string, ExportsValue>()
    for (const target of targets(value).filter((t) => t.includes('*'))) {
      for (const file of files) {
        const match = capture(target, `./${file}`)
        if (match === undefined) continue
        const subpath = key.replace('*', match)
        if (governingKey(map, subpath) === key) expansions.set(subpath, substitute(value, match))
      }
    }
    for (const subpath of [...expansions.keys()].sort()) out[subpath] = expansions.get(subpath) ?? null
  }
  return out
}

const relative = (path: string): string => `./${path.replace(/^\.?\//, '')}`

/** The file a legacy `main`-style field names, trying Node's extension and index fallbacks. */
function legacyFile(field: string, files: ReadonlySet<string>): string {
  const bare = field.replace(/^\.?\//, '')
  return relative([bare, `${bare}.js`, `${bare}.json`, `${bare}/index.js`].find((f) => files.has(f)) ?? bare)
}

/**
 * Exports for a package without `exports` (reference 002: inferred): `.` from `browser` (string, or
 * the object form remapping main), `module` and `main`, then every module and JSON file. A browser
 * remap to `false` becomes a `browser: null` condition (not available in browsers).
 */
export function inferExports(manifest: Record<string, unknown>, files: readonly string[]): SubpathExports {
  const set = new Set(files)
  const main = legacyFile(typeof manifest.main === 'string' ? manifest.main : 'index.js', set)
  const browserField = manifest.browser
  const remaps = new Map<string, string | null>()
  if (browserField !== null && typeof browserField === 'object') {
    for (const [from, to] of Object.entries(browserField as Record<string, unknown>)) {
      if (!from.startsWith('.')) continue // bare keys remap dependencies, not the package's own files
      remaps.set(legacyFile(from, set), typeof to === 'string' ? legacyFile(to, set) : null)
    }
  }
  const browserMain = typeof browserField === 'string' ? legacyFile(browserField, set) : remaps.get(main)
  const root: Record<string, ExportsValue> = {}
  if (browserMain !== undefined) root.browser = browserMain
  if (typeof manifest.module === 'string') root.module = legacyFile(manifest.module, set)
  root.default = main
  const out: SubpathExports = { '.': Object.keys(root).length === 1 ? main : root }
  for (const file of [...files].sort()) {
    if (!/\.(?:c|m)?js$|\.json$/.test(file)) continue
    const path = relative(file)
    const remap = remaps.get(path)
    out[path] = remap === undefined ? path : { browser: remap, default: path }
  }
  return out
}

/** The package.json jspm.io serves for a package version: enumerated `exports`, a `files` listing. */
export function jspmPackageJson(manifest: Record<string, unknown>, files: readonly string[]): Record<string, unknown> {
  const { devDependencies: _dev, scripts: _scripts, ...kept } = manifest
  const exports = manifest.exports === undefined ? inferExports(manifest, files) : enumerateExports(manifest.exports as ExportsValue, files)
  return { ...kept, exports, files: [...files].sort() }
}
