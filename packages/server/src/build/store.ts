import { createHash } from 'node:crypto'
import type { ExactPackage } from '@esmap/core'
import type { Storage } from '../storage/types.js'
import { createLru, type Lru } from './lru.js'
import type { BuildFailure, BuildManifest, BuildOutput } from './types.js'

/**
 * The layout of built packages in a {@link Storage}, with small memory caches in front:
 * - `npm/<name>@<version>/files/<path>`: the served files (the processed `package.json` too);
 * - `npm/<name>@<version>/build.json`: the {@link BuildManifest}, written after every file;
 * - `npm/<name>@<version>/error.json`: the {@link BuildFailure} of a version that cannot be built.
 */
export interface PackageStore {
  manifest(pkg: ExactPackage): Promise<BuildManifest | undefined>
  failure(pkg: ExactPackage): Promise<BuildFailure | undefined>
  /** A served file of a built package; `undefined` unless the manifest lists `path`. */
  file(pkg: ExactPackage, path: string): Promise<Uint8Array | undefined>
  /** Stores a build: every file, then the manifest (replacing a stored failure). */
  save(pkg: ExactPackage, output: BuildOutput, builtAt: Date): Promise<BuildManifest>
  saveFailure(failure: BuildFailure): Promise<void>
  /** Removes everything stored for the version (files, manifest, failure) and forgets the caches. */
  clear(pkg: ExactPackage): Promise<number>
}

export interface PackageStoreOptions {
  /** Bytes of file contents kept in memory. @default 64 MiB */
  memoryBytes?: number
  /** Manifests kept in memory. @default 1000 */
  manifests?: number
}

/** A strong ETag: the quoted base64url SHA-256 of the bytes, cut to 128 bits. */
export function etagOf(bytes: Uint8Array): string {
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`
}

const prefixOf = (pkg: ExactPackage): string => `npm/${pkg.name}@${pkg.version}/`
const encoder = new TextEncoder()
const json = (value: unknown): Uint8Array => encoder.encode(`${JSON.stringify(value, null, 2)}\n`)
const parse = <T>(bytes: Uint8Array | undefined): T | undefined => (bytes === undefined ? undefined : (JSON.parse(new TextDecoder().decode(bytes)) as T))

export function createPackageStore(storage: Storage, options: PackageStoreOptions = {}): PackageStore {
  const manifests: Lru<BuildManifest> = createLru(options.manifests ?? 1000)
  const contents: Lru<Uint8Array> = createLru(options.memoryBytes ?? 64 * 1024 * 1024, (b) => b.byteLength)

  async function manifest(pkg: ExactPackage): Promise<BuildManifest | undefined> {
    const prefix = prefixOf(pkg)
    const cached = manifests.get(prefix)
    if (cached) return cached
    const stored = parse<BuildManifest>(await storage.get(`${prefix}build.json`))
    if (stored) manifests.set(prefix, stored)
    return stored
  }

  return {
    manifest,
    failure: async (pkg) => parse<BuildFailure>(await storage.get(`${prefixOf(pkg)}error.json`)),
    async file(pkg, path) {
      const built = await manifest(pkg)
      if (!built || !Object.hasOwn(built.files, path)) return undefined
      const key = `${prefixOf(pkg)}files/${path}`
      const cached = contents.get(key)
      if (cached) return cached
      const bytes = await storage.get(key)
      if (bytes) contents.set(key, bytes)
      return bytes
    },
    async save(pkg, output, builtAt) {
      const prefix = prefixOf(pkg)
      const files = new Map(output.files)
      files.set('package.json', json(output.packageJson))
      const listed: BuildManifest['files'] = {}
      for (const [path, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
        await storage.put(`${prefix}files/${path}`, bytes)
        listed[path] = { etag: etagOf(bytes), size: bytes.byteLength }
      }
      const built: BuildManifest = { name: pkg.name, version: pkg.version, builtAt: builtAt.toISOString(), files: listed }
      await storage.put(`${prefix}build.json`, json(built))
      await storage.delete(`${prefix}error.json`)
      manifests.set(prefix, built)
      return built
    },
    async saveFailure(failure) {
      await storage.put(`${prefixOf({ registry: 'npm', name: failure.name, version: failure.version })}error.json`, json(failure))
    },
    async clear(pkg) {
      const prefix = prefixOf(pkg)
      manifests.delete(prefix)
      contents.deletePrefix(prefix)
      // The manifest goes first: a reader never sees a manifest whose files are gone.
      let removed = (await storage.delete(`${prefix}build.json`)) ? 1 : 0
      for (const key of await storage.list(prefix)) if (await storage.delete(key)) removed++
      manifests.delete(prefix)
      return removed
    },
  }
}
