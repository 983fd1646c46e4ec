import { isVersion, validatePackageName } from '@esmap/core'

/** A CDN request path, `/npm:<name>@<spec>/<path>`, taken apart and decoded. */
export interface CdnPath {
  name: string
  /** The version, range or dist-tag after `@`, decoded; `''` when the URL names none. */
  spec: string
  /** True when `spec` is an exact version (`2.1.0`): the URL is canonical and immutable. */
  exact: boolean
  /** The file inside the package (segments decoded, joined with `/`); `undefined` without a `/` after the version. */
  path: string | undefined
}

/** Why a path is not a CDN path this server serves (a 400). */
export interface CdnPathProblem {
  problem: string
}

/** Segments that would leave the package: refused rather than normalised. */
const DOT_SEGMENTS = new Set(['.', '..'])

/** Percent-decodes one segment; `undefined` for a bad escape or a decoded `/`, `\` or control character. */
function decodeSegment(segment: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(segment)
  } catch {
    return undefined
  }
  return /[/\\\u0000-\u001f\u007f]/.test(decoded) ? undefined : decoded
}

/**
 * Reads a request's pathname (still percent-encoded, without the query) as a CDN path. Returns
 * `undefined` when it does not start with `/npm:`, a {@link CdnPathProblem} when it does but is
 * unsafe or malformed, else the parts. Each segment is decoded on its own, so an encoded `/`
 * (`%2f`) can never split a segment in two, and `.`/`..` segments (also as `%2e%2e`), empty
 * segments (`//`), backslashes and control characters are refused: no path that leaves the
 * package reaches the storage.
 */
export function parseCdnPath(pathname: string): CdnPath | CdnPathProblem | undefined {
  if (!pathname.startsWith('/npm:')) return undefined
  const raw = pathname.slice('/npm:'.length).split('/')
  const segments: string[] = []
  for (const segment of raw) {
    const decoded = decodeSegment(segment)
    if (decoded === undefined) return { problem: `the path segment "${segment}" is not allowed (bad percent-encoding, or an encoded "/", "\\" or control character)` }
    segments.push(decoded)
  }
  // 1. The package: `name@spec` or `@scope/name@spec` (the scope is its own segment).
  const scoped = segments[0]?.startsWith('@') === true
  if (scoped && segments.length < 2) return { problem: `"${segments[0]}" is a scope without a package name: write /npm:@scope/name@version/path` }
  const head = scoped ? `${segments[0]}/${segments[1] ?? ''}` : (segments[0] ?? '')
  const rest = segments.slice(scoped ? 2 : 1)
  const at = head.indexOf('@', scoped ? 1 : 0)
  const name = at === -1 ? head : head.slice(0, at)
  const spec = at === -1 ? '' : head.slice(at + 1)
  const check = validatePackageName(name)
  if (!check.validForOldPackages) return { problem: `"${name}" is not an npm package name: ${check.errors.join('; ')}` }
  if (at !== -1 && spec === '') return { problem: `the version after "${name}@" is empty` }
  // 2. The file: no empty, `.` or `..` segment (a trailing `/` alone means the package root).
  if (rest.length === 0) return { name, spec, exact: isVersion(spec), path: undefined }
  const file = rest.length === 1 && rest[0] === '' ? [] : rest
  const bad = file.find((s) => s === '' || DOT_SEGMENTS.has(s))
  if (bad !== undefined) return { problem: `the file path "${rest.join('/')}" has ${bad === '' ? 'an empty segment' : `a "${bad}" segment`}` }
  return { name, spec, exact: isVersion(spec), path: file.join('/') }
}

/** `path` percent-encoded per segment, for a redirect's `location`. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}

/** The canonical URL path of a package version (and file): `/npm:@scope/name@1.2.3/file.js`. */
export function canonicalPath(name: string, version: string, path: string | undefined): string {
  const pkg = `/npm:${name}@${encodeURIComponent(version)}`
  return path === undefined ? pkg : `${pkg}/${encodePath(path)}`
}
