import type { PackageJson } from '../types.js'
import type { NpmDist, NpmVersionDocument, Packument } from './types.js'

/** The fields of a version entry that installs read; the rest of package.json comes from the tarball. */
const dependencyFields = ['dependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta'] as const

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * A packument as the cache keeps it: per version only what resolving and installing read, with
 * what can be rebuilt left out (the version's name and number, the conventional tarball URL, the
 * sha1 next to an integrity). A warm run parses this instead of the registry's document.
 */
export interface CompactPackument {
  name: string
  'dist-tags': Record<string, string>
  /** The URL that conventional tarball URLs start with (`https://registry.npmjs.org/`). */
  tarballBase?: string
  versions: Record<string, CompactVersion>
}

/** One version: `dist` fields flattened; `tarball` only when not `<tarballBase><name>/-/<base>-<version>.tgz`. */
export interface CompactVersion {
  integrity?: string
  shasum?: string
  tarball?: string
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, unknown>
  deprecated?: unknown
}

/** `<name>/-/<unscoped name>-<version>.tgz`, the path npm gives a tarball under its registry. */
const tarballPath = (name: string, version: string): string => `${name}/-/${name.slice(name.lastIndexOf('/') + 1)}-${version}.tgz`

/**
 * A packument (full or abbreviated) reduced to what resolving and installing read: dist-tags, and
 * per version its dependency fields, `deprecated` and `dist` (`tarball`, `integrity`, `shasum`).
 * Pure; the result is what the cache keeps ({@link expandVersion} gives a version back).
 */
export function compactPackument(name: string, doc: Record<string, unknown>): CompactPackument {
  const versions: Record<string, CompactVersion> = {}
  let tarballBase: string | undefined
  for (const [version, raw] of Object.entries(doc.versions as Record<string, unknown>)) {
    if (!isObject(raw) || !isObject(raw.dist)) continue
    const entry: CompactVersion = {}
    const tarball = String(raw.dist.tarball)
    const path = tarballPath(name, version)
    if (tarballBase === undefined && tarball.endsWith(`/${path}`)) tarballBase = tarball.slice(0, -path.length)
    if (tarballBase === undefined || tarball !== `${tarballBase}${path}`) entry.tarball = tarball
    if (typeof raw.dist.integrity === 'string') entry.integrity = raw.dist.integrity
    else if (typeof raw.dist.shasum === 'string') entry.shasum = raw.dist.shasum
    for (const field of dependencyFields) if (isObject(raw[field])) (entry as Record<string, unknown>)[field] = raw[field]
    if (raw.deprecated !== undefined) entry.deprecated = raw.deprecated
    versions[version] = entry
  }
  const tags = isObject(doc['dist-tags']) ? doc['dist-tags'] : {}
  const distTags = Object.fromEntries(Object.entries(tags).filter((e): e is [string, string] => typeof e[1] === 'string'))
  return { name, 'dist-tags': distTags, ...(tarballBase !== undefined && { tarballBase }), versions }
}

/** The registry's entry for one version of a compact packument, as an npm version document. */
export function expandVersion(doc: CompactPackument, version: string): NpmVersionDocument | undefined {
  const entry = doc.versions[version]
  if (entry === undefined) return undefined
  const { integrity, shasum, tarball, ...rest } = entry
  const dist: NpmDist = { tarball: tarball ?? `${doc.tarballBase ?? ''}${tarballPath(doc.name, version)}` }
  if (integrity !== undefined) dist.integrity = integrity
  if (shasum !== undefined) dist.shasum = shasum
  return { name: doc.name, version, ...rest, dist } as NpmVersionDocument
}

/** Every version expanded: the {@link Packument} shape. */
export function expandPackument(doc: CompactPackument): Packument {
  const versions: Record<string, NpmVersionDocument> = {}
  for (const version of Object.keys(doc.versions)) versions[version] = expandVersion(doc, version)!
  return { name: doc.name, 'dist-tags': doc['dist-tags'], versions }
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
