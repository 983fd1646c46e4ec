import { createHash } from 'node:crypto'

export type IntegrityAlgorithm = 'sha256' | 'sha384' | 'sha512'

const algorithms: ReadonlySet<string> = new Set(['sha256', 'sha384', 'sha512'])

/**
 * Subresource Integrity metadata for the exact bytes given: `alg-base64(digest)`.
 * Strings are hashed as their UTF-8 encoding; byte arrays are hashed as they are, so a
 * byte-order mark or invalid UTF-8 in served bytes never changes the hash.
 */
export function integrity(bytes: Uint8Array | string, algorithm: IntegrityAlgorithm = 'sha384'): string {
  if (!algorithms.has(algorithm)) {
    throw new TypeError(`Unsupported integrity algorithm "${algorithm}": use sha256, sha384 or sha512.`)
  }
  return `${algorithm}-${createHash(algorithm).update(bytes).digest('base64')}`
}
