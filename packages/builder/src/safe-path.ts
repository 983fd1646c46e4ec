import { EsmapError, type PackageFiles, type PackageJson } from '@esmap/core'

/**
 * Why `path` could lead outside the folder it is relative to, or undefined when it cannot:
 * absolute paths (`/x`, `\x`, `C:x`), `..` segments (`/` and `\` both count as separators), and
 * NUL characters. A leading `./` and `.` segments are fine.
 */
export function unsafeReason(path: string): string | undefined {
  if (path.includes('\0')) return 'it contains a NUL character'
  if (/^([/\\]|[a-zA-Z]:)/.test(path)) return 'it is an absolute path'
  if (path.split(/[/\\]/).includes('..')) return 'it has a ".." segment'
  return undefined
}

/** `ESMAP_UNSAFE_PATH`, naming the package, what the path is, and the path. */
export function unsafePathError(pkg: string, what: string, path: string, reason: string): EsmapError {
  return new EsmapError('ESMAP_UNSAFE_PATH', `Unsafe ${what} "${path}" in package ${pkg}: ${reason}.`, {
    specifier: pkg,
    fix: `Nothing may point outside the package: correct the ${what} with a package override, or do not build this package version.`,
  })
}

/** Throws ESMAP_UNSAFE_PATH when `path` could leave the package. */
export function assertSafePath(pkg: string, what: string, path: string): void {
  const reason = unsafeReason(path)
  if (reason !== undefined) throw unsafePathError(pkg, what, path, reason)
}

/**
 * The package name and version become folders (`<name>@<version>/`): a name is one segment, or
 * `@scope/name`; a version is one segment. Throws ESMAP_UNSAFE_PATH otherwise.
 */
export function assertSafeIdentity(name: string, version: string): void {
  const label = `${name}@${version}`
  const nameOk = /^(@[^/\\]+\/)?[^/\\]+$/.test(name) && !name.split('/').some((s) => s === '.' || s === '..' || s === '@' || s === '')
  if (!nameOk || unsafeReason(name) !== undefined) throw unsafePathError(label, 'package name', name, 'a name is one path segment or "@scope/name"')
  if (version === '' || version === '.' || version === '..' || /[/\\\0]/.test(version)) {
    throw unsafePathError(label, 'package version', version, 'a version is one path segment')
  }
}

/** Every string anywhere under a JSON value (targets of `exports`/`imports` at any depth). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(strings)
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings)
  return []
}

/** A target that is a path in the package (`./x`, `/x`, `../x`) rather than a bare specifier. */
const isPathLike = (target: string): boolean => target.startsWith('.') || target.startsWith('/') || target.startsWith('\\') || /^[a-zA-Z]:/.test(target)

/**
 * Checks every file path of the package and every path its package.json points at: file
 * entries, `exports` and `imports` targets, `main`, `module`, and the `browser` field's paths.
 * Throws ESMAP_UNSAFE_PATH naming the package and the first unsafe path.
 */
export function assertSafePackage(label: string, pkg: PackageJson, files: PackageFiles): void {
  for (const path of files.keys()) {
    if (path === '') throw unsafePathError(label, 'file entry', path, 'it is empty')
    assertSafePath(label, 'file entry', path)
  }
  for (const target of strings(pkg.exports)) assertSafePath(label, '"exports" target', target)
  for (const target of strings(pkg.imports)) if (isPathLike(target)) assertSafePath(label, '"imports" target', target)
  for (const field of ['main', 'module'] as const) {
    const value = pkg[field]
    if (typeof value === 'string') assertSafePath(label, `"${field}" field`, value)
  }
  const browser = pkg.browser
  if (typeof browser === 'string') assertSafePath(label, '"browser" field', browser)
  else if (typeof browser === 'object' && browser !== null) {
    for (const [key, value] of Object.entries(browser)) {
      if (isPathLike(key)) assertSafePath(label, '"browser" field key', key)
      if (typeof value === 'string' && isPathLike(value)) assertSafePath(label, '"browser" field target', value)
    }
  }
}
