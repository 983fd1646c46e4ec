import { EsmapError } from '@esmap/core'

/** Segments no key may contain: they would name a parent, the folder itself, or the temp area. */
const RESERVED = new Set(['.', '..'])

/**
 * Why `key` is not a storage key, or `undefined` when it is one. A key is `/`-separated
 * non-empty segments, none `.` or `..`, without `\`, NUL or other control characters, and not
 * starting with `/` or `.tmp/` (the filesystem store's temp area). Checked on every call, so no
 * key can name a path outside the store's root, whatever a request asked for.
 */
export function keyProblem(key: string): string | undefined {
  if (key === '') return 'the key is empty'
  if (key.length > 1024) return 'the key is longer than 1024 characters'
  if (/[\u0000-\u001f\u007f\\]/.test(key)) return 'the key contains a backslash or a control character'
  const segments = key.split('/')
  if (segments.some((s) => s === '')) return 'the key has an empty segment (a leading, trailing or double "/")'
  if (segments.some((s) => RESERVED.has(s))) return 'the key has a "." or ".." segment'
  if (segments[0] === '.tmp') return 'keys under ".tmp/" are reserved for temporary files'
  return undefined
}

/** Throws ESMAP_INVALID_STORAGE_KEY unless `key` is a storage key. */
export function assertKey(key: string): string {
  const problem = keyProblem(key)
  if (problem === undefined) return key
  throw new EsmapError('ESMAP_INVALID_STORAGE_KEY', `${JSON.stringify(key.slice(0, 200))} is not a storage key: ${problem}`, {
    specifier: key.slice(0, 200),
    fix: 'Build keys from validated package names, versions and file paths (segments joined with "/").',
  })
}

/** Throws unless `prefix` is `''` or a key followed by `/`. */
export function assertPrefix(prefix: string): string {
  if (prefix === '') return prefix
  if (prefix.endsWith('/')) assertKey(prefix.slice(0, -1))
  else assertKey(prefix)
  return prefix
}
