import { ImportMap, integrity, type Fetcher, type ImportMapJson, type IntegrityAlgorithm, type ProviderRegistry, type RegistrySource } from '@esmap/core'
import { packageLabel } from './summary.js'

/**
 * What `esmap verify` finds for one URL of the map:
 * - `ok`: the served bytes are the registry tarball's file (and match the map's integrity);
 * - `differs`: the CDN serves other bytes than the tarball has (drift or tampering);
 * - `not-in-package`: the tarball has no such file;
 * - `unreachable`: the CDN answered an error status or not at all;
 * - `integrity-mismatch`: the map's integrity does not match the tarball's file;
 * - `skipped`: not a file of a raw-file provider (converting CDNs rewrite files by design).
 */
export type VerifyStatus = 'ok' | 'differs' | 'not-in-package' | 'unreachable' | 'integrity-mismatch' | 'skipped'

export interface VerifyResult {
  url: string
  status: VerifyStatus
  /** `name@version` of the package the URL belongs to. */
  package?: string
  /** The file inside the package. */
  file?: string
  /** Why it was skipped or failed. */
  reason?: string
  /** sha384 of the tarball's file and of the served bytes, when they differ. */
  expected?: string
  served?: string
}

/** Every module URL of the map, absolute and sorted: the targets of `imports` and `scopes`, and the `integrity` keys. */
export function mapUrls(map: ImportMapJson, baseUrl: URL): string[] {
  const parsed = new ImportMap({ mapUrl: baseUrl, map })
  const urls = new Set<string>()
  for (const { target } of parsed.entries()) if (target !== null) urls.add(target)
  for (const url of Object.keys(parsed.integrity)) urls.add(url)
  return [...urls].sort()
}

/** Whether `bytes` match SRI metadata (any of its space-separated hashes of a known algorithm). */
export function matchesIntegrity(bytes: Uint8Array, metadata: string): boolean {
  const hashes = metadata.split(/\s+/).filter(Boolean).map((h) => h.split('?')[0]!)
  const known = hashes.filter((h) => /^sha(256|384|512)-/.test(h))
  return known.length === 0 || known.some((h) => integrity(bytes, h.slice(0, 6) as IntegrityAlgorithm) === h)
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.compare(a, b) === 0

/** The tools `verifyUrl` needs: who owns a URL, the registry's files, the CDN without a cache. */
export interface VerifyContext {
  providers: ProviderRegistry
  registry: RegistrySource
  cdn: Fetcher
  /** The map's integrity section, absolute URL → metadata. */
  integrity: Record<string, string>
}

/** Compares one URL's served bytes with the registry tarball's file. */
export async function verifyUrl(url: string, ctx: VerifyContext): Promise<VerifyResult> {
  const owner = ctx.providers.byUrl(url)
  if (owner === undefined) return { url, status: 'skipped', reason: 'not a package URL of a known provider' }
  const pkg = packageLabel(owner.pkg)
  if (owner.provider.kind !== 'raw') return { url, status: 'skipped', package: pkg, reason: `${owner.provider.name} serves converted files, not the package's own` }
  if (owner.path === '' || url.endsWith('/')) return { url, status: 'skipped', package: pkg, reason: 'a folder mapping, not a file' }
  const file = owner.path
  const expected = await ctx.registry.file(owner.pkg, file)
  if (expected === undefined) return { url, status: 'not-in-package', package: pkg, file, reason: `${pkg} has no file ${file} in its registry tarball` }
  let served: Uint8Array
  try {
    const response = await ctx.cdn.fetch(url)
    if (response.status < 200 || response.status >= 300) return { url, status: 'unreachable', package: pkg, file, reason: `HTTP ${response.status}` }
    served = response.body
  } catch (err) {
    return { url, status: 'unreachable', package: pkg, file, reason: (err as Error).message.split('\n')[0] }
  }
  if (!same(served, expected)) return { url, status: 'differs', package: pkg, file, expected: integrity(expected), served: integrity(served) }
  const sri = ctx.integrity[url]
  if (sri !== undefined && !matchesIntegrity(expected, sri)) {
    return { url, status: 'integrity-mismatch', package: pkg, file, reason: `the map's integrity ${sri} is not the file's`, expected: integrity(expected) }
  }
  return { url, status: 'ok', package: pkg, file }
}
