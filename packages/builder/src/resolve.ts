import { lookupImports, PROBE_EXTENSIONS, resolveBrowserMap, type PackageFiles, type PackageJson } from '@esmap/core'

/** One package as its modules' imports see it. */
export interface PackageView {
  /** `name@version`, for messages. */
  label: string
  /** package.json after overrides. */
  pkg: PackageJson
  /** The package's files after `files`/`ignore`/`directories.lib`. */
  files: PackageFiles
  /** The build's environment conditions (without `import`/`require`). */
  conditions: readonly string[]
  /** The `map` override. */
  map: Readonly<Record<string, string>>
}

/**
 * Where an import of a package module leads:
 * - `file`: a file of the package (bundled),
 * - `external`: a bare specifier (or URL) that the import map resolves,
 * - `empty`: an empty module (`@empty` in `map`, `false` in the `browser` field),
 * - `missing`: nothing; `why` says what was looked for.
 */
export type Resolution =
  | { kind: 'file'; path: string }
  | { kind: 'external'; specifier: string }
  | { kind: 'empty'; why: string }
  | { kind: 'missing'; why: string }

/** How the import is written: ESM `import`/`import()`, or CommonJS `require()`. */
export type ImportStyle = 'import' | 'require'

const isRelative = (s: string): boolean => s === '.' || s === '..' || s.startsWith('./') || s.startsWith('../') || s.startsWith('/')
/** `https:`, `data:`, `node:` and other schemes: never remapped, always left to the import map. */
const isUrl = (s: string): boolean => /^[a-zA-Z][a-zA-Z\d+.-]*:/.test(s)

/** `dir/` + `request`, with `.` and `..` resolved; undefined when it climbs above the package. */
function joinPath(dir: string, request: string): string | undefined {
  const out = request.startsWith('/') ? [] : dir.split('/').filter((s) => s !== '')
  for (const segment of request.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') {
      if (out.length === 0) return undefined
      out.pop()
    } else out.push(segment)
  }
  return out.join('/')
}

const dirOf = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf('/')))

/** A package.json's `main`, or undefined (also when the bytes are not JSON: Node ignores them too). */
function mainOf(bytes: Uint8Array | undefined): string | undefined {
  if (bytes === undefined) return undefined
  try {
    const main: unknown = (JSON.parse(new TextDecoder().decode(bytes)) as { main?: unknown }).main
    return typeof main === 'string' ? main : undefined
  } catch {
    return undefined
  }
}

/**
 * Node's CommonJS file lookup inside the package: the path itself, then with each extension
 * (LOAD_AS_FILE), then the folder's package.json `main` (`rootMain` for the package root, whose
 * package.json is not among the files after `directories.lib`), then its `index` (LOAD_AS_DIRECTORY).
 */
export function probe(files: PackageFiles, path: string, rootMain?: string, depth = 0): string | undefined {
  if (path !== '' && files.has(path)) return path
  if (path !== '') {
    const withExt = PROBE_EXTENSIONS.map((ext) => path + ext).find((p) => files.has(p))
    if (withExt !== undefined) return withExt
  }
  const main = path === '' ? rootMain : mainOf(files.get(`${path}/package.json`))
  const mainPath = main === undefined ? undefined : joinPath(path, main)
  // A `main` that names the folder itself (`"."`), or mains that send each other in a circle,
  // fall through to the index.
  const viaMain = mainPath === undefined || mainPath === path || depth > 8 ? undefined : probe(files, mainPath, undefined, depth + 1)
  const index = path === '' ? 'index' : `${path}/index`
  return viaMain ?? PROBE_EXTENSIONS.map((ext) => index + ext).find((p) => files.has(p))
}

/** The `map` override's rewrite of a bare specifier (`dep` or `dep/sub`), or undefined. */
function mapped(map: Readonly<Record<string, string>>, specifier: string): string | undefined {
  const keys = Object.keys(map).sort((a, b) => b.length - a.length)
  const key = keys.find((k) => specifier === k || specifier.startsWith(`${k}/`))
  if (key === undefined) return undefined
  const target = map[key] as string
  const rest = specifier.slice(key.length)
  if (target === '@empty') return '@empty'
  if (target === '.' || target === './') return `.${rest === '' ? '' : rest}`
  return target + rest
}

/**
 * Resolves `specifier`, imported by the package file `importer`, the way the built package
 * will see it. In order:
 * 1. the `map` override rewrites bare names (`@empty` → empty, `.`/`./x` → the package);
 * 2. `#name` goes through the package's `imports` (with `import` or `require` added to the conditions);
 * 3. relative paths are joined to the importer's folder and probed like CommonJS (exact file,
 *    extensions, `package.json` `main`, `index`), then remapped by the `browser` object;
 * 4. bare specifiers are remapped by the `browser` object, else left to the import map.
 */
export function resolveRequest(view: PackageView, specifier: string, importer: string, style: ImportStyle): Resolution {
  const browser = view.conditions.includes('browser')
  let request = specifier
  if (!isRelative(request) && !request.startsWith('#')) {
    const target = mapped(view.map, request)
    if (target === '@empty') return { kind: 'empty', why: `"map" sends "${specifier}" to @empty` }
    if (target !== undefined) return target.startsWith('.') ? resolveFile(view, joinPath('', target), specifier, browser) : resolveBare(view, target, browser)
  }
  if (request.startsWith('#')) {
    const target = lookupImports(view.pkg, request, [...view.conditions, style])
    if (target === undefined) return { kind: 'missing', why: `"${request}" is not defined in the "imports" of ${view.label}` }
    if (target.startsWith('./')) return resolveFile(view, joinPath('', target), specifier, browser)
    request = target
  }
  if (isRelative(request)) return resolveFile(view, joinPath(dirOf(importer), request), specifier, browser)
  return resolveBare(view, request, browser)
}

function resolveFile(view: PackageView, path: string | undefined, specifier: string, browser: boolean): Resolution {
  if (path === undefined) return { kind: 'missing', why: `"${specifier}" points outside ${view.label}` }
  const file = probe(view.files, path, typeof view.pkg.main === 'string' ? view.pkg.main : undefined)
  if (file === undefined) return { kind: 'missing', why: `no file "${path}" (nor with .js/.mjs/.cjs/.json, nor an index) in ${view.label}` }
  if (!browser) return { kind: 'file', path: file }
  const replacement = resolveBrowserMap(view.pkg, `./${file}`)
  if (replacement === undefined || replacement === `./${file}`) return { kind: 'file', path: file }
  if (replacement === null) return { kind: 'empty', why: `the "browser" field replaces "${file}" with an empty module` }
  if (!replacement.startsWith('./')) return { kind: 'external', specifier: replacement }
  const remapped = probe(view.files, replacement.slice(2))
  return remapped === undefined ? { kind: 'missing', why: `the "browser" field sends "${file}" to "${replacement}", which does not exist` } : { kind: 'file', path: remapped }
}

function resolveBare(view: PackageView, specifier: string, browser: boolean): Resolution {
  if (isUrl(specifier) || !browser) return { kind: 'external', specifier }
  const replacement = resolveBrowserMap(view.pkg, specifier)
  if (replacement === undefined) return { kind: 'external', specifier }
  if (replacement === null) return { kind: 'empty', why: `the "browser" field replaces "${specifier}" with an empty module` }
  if (replacement.startsWith('./')) return resolveFile(view, joinPath('', replacement), specifier, browser)
  return { kind: 'external', specifier: replacement }
}
