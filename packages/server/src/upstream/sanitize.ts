import type { FetchLike, PackageJson } from '@esmap/core'

const DEPENDENCY_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies'] as const

/**
 * True for a dependency spec that names a registry package: a range or dist-tag (`^1.2.0`,
 * `latest`), or an alias (`npm:other@^1`, `jsr:@std/path@1`). False for what names a place
 * instead: a folder (`file:`, `link:`, `./`, `/`), a URL, a git or GitHub source.
 */
export function isRegistrySpec(spec: string): boolean {
  const trimmed = spec.trim()
  if (/^(?:npm|jsr):/.test(trimmed)) return true
  return !/[:/\\]/.test(trimmed) && !trimmed.startsWith('.')
}

/**
 * The package.json without dependencies that name a place instead of a registry package. A
 * published package with `"dep": "file:///etc"` would otherwise make the Generator read this
 * server's disk (the core resolves folder dependencies on the local filesystem).
 */
export function sanitizeManifest<T extends PackageJson>(manifest: T): T {
  let out = manifest
  for (const field of DEPENDENCY_FIELDS) {
    const deps = manifest[field]
    if (deps === null || typeof deps !== 'object') continue
    const entries = Object.entries(deps)
    const kept = entries.filter(([, spec]) => typeof spec === 'string' && isRegistrySpec(spec))
    if (kept.length !== entries.length) out = { ...out, [field]: Object.fromEntries(kept) }
  }
  return out
}

/** A packument (`versions`) or one version document, every version sanitized. */
export function sanitizeRegistryDocument(doc: unknown): unknown {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return doc
  const record = doc as Record<string, unknown>
  const versions = record.versions
  if (versions !== null && typeof versions === 'object' && !Array.isArray(versions)) {
    const clean = Object.fromEntries(Object.entries(versions as Record<string, PackageJson>).map(([v, m]) => [v, m && typeof m === 'object' ? sanitizeManifest(m) : m]))
    return { ...record, versions: clean }
  }
  return sanitizeManifest(record as PackageJson)
}

/**
 * Sanitizes the registry's JSON answers (packuments and version documents) on their way in, with
 * {@link sanitizeRegistryDocument}. Other answers (tarballs, errors) pass through untouched.
 */
export function createSanitizingFetch(fetch: FetchLike, registryOrigin: string): FetchLike {
  return async (input, init) => {
    const response = await fetch(input, init)
    const url = String(input instanceof URL ? input.href : input)
    if (response.status !== 200 || !URL.canParse(url) || new URL(url).origin !== registryOrigin) return response
    if (!(response.headers.get('content-type') ?? '').includes('json')) return response
    let doc: unknown
    try {
      doc = JSON.parse(await response.text())
    } catch {
      return new Response('not JSON', { status: 502, statusText: 'Bad Gateway' })
    }
    const headers = new Headers(response.headers)
    headers.delete('content-length')
    headers.delete('content-encoding')
    const sanitized = new Response(JSON.stringify(sanitizeRegistryDocument(doc)), { status: 200, statusText: response.statusText, headers })
    Object.defineProperty(sanitized, 'url', { value: response.url || url })
    return sanitized
  }
}
