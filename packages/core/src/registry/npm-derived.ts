import type { PackageJson } from '../types.js'
import type { NpmDist, NpmVersionDocument, Packument } from './types.js'

/** The fields of a version entry that installs read; the rest of package.json comes from the tarball. */
const dependencyFields = ['dependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta'] as const

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * A packument (full or abbreviated) reduced to what resolving and installing read: dist-tags, and
 * per version its dependency fields, `deprecated` and `dist` (`tarball`, `integrity`, `shasum`).
 * Pure; the result is what the cache keeps.
 */
export function compactPackument(name: string, doc: Record<string, unknown>): Packument {
  const versions: Record<string, NpmVersionDocument> = {}
  for (const [version, raw] of Object.entries(doc.versions as Record<string, unknown>)) {
    if (!isObject(raw) || !isObject(raw.dist)) continue
    const dist: NpmDist = { tarball: String(raw.dist.tarball) }
    if (typeof raw.dist.integrity === 'string') dist.integrity = raw.dist.integrity
    if (typeof raw.dist.shasum === 'string') dist.shasum = raw.dist.shasum
    const entry: NpmVersionDocument = { name: typeof raw.name === 'string' ? raw.name : name, version, dist }
    for (const field of dependencyFields) if (isObject(raw[field])) (entry as Record<string, unknown>)[field] = raw[field]
    if (raw.deprecated !== undefined) entry.deprecated = raw.deprecated
    versions[version] = entry
  }
  const tags = isObject(doc['dist-tags']) ? doc['dist-tags'] : {}
  const distTags = Object.fromEntries(Object.entries(tags).filter((e): e is [string, string] => typeof e[1] === 'string'))
  return { name, 'dist-tags': distTags, versions }
}

/**
 * The package.json a version is served with: the tarball's own (what a CDN serves: `exports`,
 * `main`, `browser`, ...), with name, version, `dist` and the dependency fields from the registry's
 * entry (what npm installs from). Without a readable package.json in the tarball, the entry alone.
 */
export function publishedPackageJson(entry: NpmVersionDocument, fromTarball: PackageJson | undefined): NpmVersionDocument {
  if (!fromTarball) return entry
  const out: Record<string, unknown> = { ...fromTarball, name: entry.name, version: entry.version, dist: entry.dist }
  for (const field of dependencyFields) {
    if (entry[field] !== undefined) out[field] = entry[field]
    else delete out[field]
  }
  return out as NpmVersionDocument
}

/** What is kept of a tarball once read: every path (sorted) and its package.json (`null`: none readable). */
export interface PackageIndex {
  files: string[]
  packageJson: PackageJson | null
}

/** Files no module graph loads: source maps, type declarations, docs, styles sources, images, fonts. */
const notRuntime = /(\.(map|d\.[cm]?ts|[cm]?ts|tsx|md|markdown|txt|flow|scss|sass|less|styl|png|jpe?g|gif|ico|webp|avif|bmp|woff2?|ttf|eot|otf|svg|html?)$|(^|\/)(LICEN[SC]E|README|CHANGELOG|CHANGES|HISTORY|AUTHORS)[^/]*$)/i

/**
 * Whether a package file is kept in memory after its tarball is read. Anything may still be read
 * (the tarball is unpacked again): this only decides what is cheap. Pure.
 */
export function keptInMemory(path: string): boolean {
  return !notRuntime.test(path)
}
