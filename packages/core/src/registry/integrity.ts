import { createHash } from 'node:crypto'

/** What the registry vouches for: `dist.integrity` (SRI, possibly several hashes) and/or `dist.shasum` (hex sha1). */
export interface DistDigests {
  integrity?: string
  shasum?: string
}

/** Strongest first; npm publishes sha512 (and sha1 for old packages). */
const strength = ['sha512', 'sha384', 'sha256', 'sha1'] as const

/**
 * The digest to check for a tarball, in SRI form (`sha512-<base64>`): the strongest supported hash
 * of `dist.integrity`, else `dist.shasum` as `sha1-<base64>`; `undefined` when the registry gives none.
 */
export function expectedDigest(dist: DistDigests): string | undefined {
  const hashes = (dist.integrity ?? '').split(/\s+/).filter(Boolean)
  for (const algorithm of strength) {
    const hash = hashes.find((h) => h.startsWith(`${algorithm}-`))
    if (hash) return hash.replace(/\?.*$/, '') // SRI options (`?foo`) are not part of the digest
  }
  if (dist.shasum && /^[0-9a-f]{40}$/i.test(dist.shasum)) return `sha1-${Buffer.from(dist.shasum, 'hex').toString('base64')}`
  return undefined
}

/** `bytes` hashed with the algorithm of `expected` (an SRI string), in the same form. */
export function actualDigest(bytes: Uint8Array, expected: string): string {
  const algorithm = expected.slice(0, expected.indexOf('-'))
  return `${algorithm}-${createHash(algorithm).update(bytes).digest('base64')}`
}
