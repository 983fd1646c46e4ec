import { homedir as osHomedir } from 'node:os'
import { EsmapError } from '../errors.js'
import type { Fetcher, FetchResult } from '../fetch/types.js'
import { assertOk, isNotFound, parseJsonBody } from '../fetch/read.js'
import type { ExactPackage, PackageFiles, PackageJson, Registry, VersionList } from '../types.js'
import { compactPackument, expandPackument, expandVersion, keptInMemory, publishedPackageJson, type CompactPackument, type PackageIndex } from './npm-derived.js'
import { createLimiter } from '../trace/limiter.js'
import { extractPackageAsync } from './extract.js'
import { createKeptFiles } from './kept-files.js'
import { actualDigest, expectedDigest } from './integrity.js'
import { memoize, requireRegistry } from './memo.js'
import { authorizationFor, registryFor, type Env, type NpmConfig } from './npmrc.js'
import { readNpmConfig } from './npmrc-files.js'
import type { NpmVersionDocument, Packument, RegistryClient } from './types.js'

export interface NpmClientOptions {
  fetcher: Fetcher
  /** Registry URLs and credentials. @default read from `.npmrc` files and `env` (once, on first use) */
  config?: NpmConfig
  /** Where the project `.npmrc` is looked for. @default process.cwd() when the client is created */
  cwd?: string
  /** @default os.homedir() */
  homedir?: string
  /** @default process.env when the client is created */
  env?: Env
}

export interface NpmClient extends RegistryClient {
  /** The resolved npm configuration. */
  config(): Promise<NpmConfig>
  /** The full packument of `name` (`Accept: application/json`), or `undefined` if the registry has no such package. */
  packument(name: string): Promise<Packument | undefined>
  /** The tarball of `pkg`, verified against `dist.integrity` (or `dist.shasum`), with its URL. */
  tarball(pkg: ExactPackage): Promise<{ url: string; bytes: Uint8Array } | undefined>
  /**
   * The registry's entry for the version: dependency fields and `dist`, from the packument alone (no
   * tarball). `packageJson` is the whole package.json, read from the tarball.
   */
  manifest(pkg: ExactPackage): Promise<NpmVersionDocument | undefined>
  /**
   * A name for the exact bytes of the version's tarball (`npm sha512-…`, from `dist.integrity`), under
   * which what is derived from it may be cached for good; `undefined` without a strong digest.
   */
  contentId(pkg: ExactPackage): Promise<string | undefined>
  /**
   * Drops the unpacked files held for reads to come (they are unpacked again if asked for); returns
   * the bytes released. The Generator calls it after each trace, so that a long-lived process (a dev
   * server) keeps only compressed tarballs between traces.
   */
  releaseUnpacked(): number
}

/**
 * What npm itself asks for: the abbreviated ("corgi") document, a fraction of the full one's size.
 * It lacks `exports`, `main`, `type`...: those are read from the tarball's package.json.
 */
const packumentAccept = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*'
const publicRegistryOrigin = 'https://registry.npmjs.org'

/** Unpacked files held in memory for the trace to read, at most (a few large packages' worth). */
const KEPT_BYTES = 256 << 20

/** `@scope/name` → `@scope%2fname`, the form npm puts in registry URLs. */
export function escapePackageName(name: string): string {
  if (!name.startsWith('@')) return encodeURIComponent(name)
  const slash = name.indexOf('/')
  return `@${encodeURIComponent(name.slice(1, slash))}%2f${encodeURIComponent(name.slice(slash + 1))}`
}

/**
 * npm's `replace-registry-host` default: a tarball URL on the public registry is fetched from the
 * configured registry instead (mirrors serve packuments that still name registry.npmjs.org).
 */
export function tarballUrl(tarball: string, registry: string): string {
  const url = new URL(tarball)
  if (url.origin !== publicRegistryOrigin || registry.startsWith(`${publicRegistryOrigin}/`)) return tarball
  return new URL(url.pathname.slice(1) + url.search, registry).href
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

function invalid(url: string, what: string): EsmapError {
  return new EsmapError('ESMAP_INVALID_RESPONSE', `${url} is not ${what}.`, {
    specifier: url,
    fix: `Check that the registry configured for this package (.npmrc "registry" or "@scope:registry") is an npm registry.`,
  })
}

export function createNpmClient(options: NpmClientOptions): NpmClient {
  const { fetcher } = options
  // Defaults are resolved now, not at import time and not later.
  const sources = { cwd: options.cwd ?? process.cwd(), homedir: options.homedir ?? osHomedir(), env: options.env ?? process.env }
  const config = memoize(async (): Promise<NpmConfig> => options.config ?? readNpmConfig(sources))
  const registries: readonly Registry[] = ['npm']

  function headersFor(url: string, cfg: NpmConfig, accept?: string): Record<string, string> {
    const headers: Record<string, string> = accept ? { accept } : {}
    const authorization = authorizationFor(cfg, url)
    if (authorization) headers.authorization = authorization
    return headers
  }

  /**
   * The packument, compacted to what installs read (versions with their dependency fields and
   * `dist`, dist-tags) and cached in that form: a warm run parses kilobytes, not megabytes.
   */
  const document = memoize(async (name: string): Promise<CompactPackument | undefined> => {
    const cfg = await config()
    const url = `${registryFor(cfg, name)}${escapePackageName(name)}`
    return fetcher.derived(url, { headers: headersFor(url, cfg, packumentAccept) }, {
      name: 'npm-packument-v2',
      derive: (result): CompactPackument | undefined => {
        if (isNotFound(result)) return undefined
        assertOk(result)
        const doc = parseJsonBody(result)
        if (!isObject(doc) || !isObject(doc.versions)) throw invalid(url, `an npm packument (no "versions" object)`)
        return compactPackument(name, doc)
      },
    })
  })

  /** The per-version document `/:name/:version` (immutable once published), compacted like a packument entry. */
  const versionDocument = memoize(async (name: string, version: string): Promise<NpmVersionDocument | undefined> => {
    const cfg = await config()
    const url = `${registryFor(cfg, name)}${escapePackageName(name)}/${encodeURIComponent(version)}`
    return fetcher.derived(url, { headers: headersFor(url, cfg, 'application/json'), immutable: true }, {
      name: 'npm-version-v1',
      derive: (result): NpmVersionDocument | undefined => {
        if (isNotFound(result)) return undefined
        assertOk(result)
        const doc = parseJsonBody(result)
        if (!isObject(doc) || doc.version !== version || !isObject(doc.dist)) throw invalid(url, `the version document of ${name}@${version}`)
        return expandVersion(compactPackument(name, { versions: { [version]: doc } }), version)
      },
    })
  })

  /**
   * The registry's entry for the version (dependency fields and `dist`): from the packument, or from
   * `/:name/:version` for a version the packument does not list (yet: mirrors lag behind publishes).
   */
  async function manifest(pkg: ExactPackage): Promise<NpmVersionDocument | undefined> {
    requireRegistry(registries, pkg.registry, 'npm')
    return entry(pkg.name, pkg.version)
  }
  const entry = memoize(async (name: string, version: string): Promise<NpmVersionDocument | undefined> => {
    const doc = await document(name)
    if (!doc) return undefined
    return expandVersion(doc, version) ?? versionDocument(name, version)
  })

  const contentId = async (pkg: ExactPackage): Promise<string | undefined> => {
    const entry = await manifest(pkg)
    const digest = entry && expectedDigest(entry.dist)
    return digest && !digest.startsWith('sha1-') ? `npm ${digest}` : undefined
  }

  /**
   * Tarballs (compressed, verified) are kept in memory for the client's life: a package unpacked
   * again (its files were dropped for the memory budget, or are read a second time) costs a gunzip,
   * not a disk read and two hashes; and without a disk cache nothing is downloaded twice.
   */
  const tarball = memoize(downloadTarball)

  async function downloadTarball(name: string, version: string): Promise<{ url: string; bytes: Uint8Array } | undefined> {
    const doc = await manifest({ registry: 'npm', name, version })
    if (!doc) return undefined
    const cfg = await config()
    const url = tarballUrl(doc.dist.tarball, registryFor(cfg, name))
    const expected = expectedDigest(doc.dist)
    // Verified inside the fetcher, so that bytes that fail never reach the cache.
    // With neither `integrity` nor `shasum` in `dist` there is nothing to check against (both undefined).
    const validate = (result: FetchResult): void => {
      const actual = expected && actualDigest(result.body, expected)
      if (actual === expected) return
      throw new EsmapError('ESMAP_INTEGRITY_MISMATCH', `The tarball of npm:${name}@${version} from ${url} does not match the registry's integrity: expected ${expected}, got ${actual}.`, {
        specifier: `npm:${name}@${version}`,
        fix: 'Do not use these bytes. If a proxy or mirror rewrites tarballs, fix or bypass it; otherwise report it to the registry.',
      })
    }
    const result = await fetcher.fetch(url, { headers: headersFor(url, cfg), immutable: true, validate })
    assertOk(result)
    return { url, bytes: result.body }
  }

  /** Every file of the version (a fresh extraction: for builds, which read them all once). */
  async function allFiles(name: string, version: string): Promise<PackageFiles | undefined> {
    const archive = await tarball(name, version)
    if (!archive) return undefined
    return extractPackageAsync(archive.bytes, { label: `npm:${name}@${version}`, url: archive.url })
  }

  /** Unpacked runtime files between unpacking and the trace's reads (see {@link createKeptFiles}). */
  const kept = createKeptFiles(KEPT_BYTES)
  /** At most four tarballs unpack at once (libuv's thread pool size): each needs its whole unpacked size while it does. */
  const unpackLimit = createLimiter(4)
  const unpacking = new Map<string, Promise<PackageIndex | undefined>>()

  /**
   * Unpacks the version's tarball: its runtime files (source maps, type declarations, docs and
   * images are left out) go to `kept`, its index (every path and package.json) to the records.
   */
  function unpack(name: string, version: string): Promise<PackageIndex | undefined> {
    const key = `${name}@${version}`
    let running = unpacking.get(key)
    if (running) return running
    running = (async () => {
      // Downloads run in parallel (the fetcher limits them); the unpacking, four at a time.
      const archive = await tarball(name, version)
      if (!archive) return undefined
      const all = await unpackLimit(() => extractPackageAsync(archive.bytes, { label: `npm:${name}@${version}`, url: archive.url }))
      // Views into the unpacked tar (no copies): the budget counts the whole buffer.
      const runtime = new Map<string, Uint8Array>()
      let buffer: ArrayBufferLike | undefined
      for (const [path, bytes] of all) {
        buffer ??= bytes.buffer
        if (keptInMemory(path)) runtime.set(path, bytes)
      }
      kept.add(key, runtime, buffer?.byteLength ?? 0)
      const index: PackageIndex = { files: [...all.keys()].sort(), packageJson: readPackageJson(all.get('package.json')) }
      const id = await contentId({ registry: 'npm', name, version })
      if (id) await fetcher.records.put(`npm-index-v1 ${id}`, index)
      return index
    })().finally(() => unpacking.delete(key))
    unpacking.set(key, running)
    return running
  }

  /** File list and package.json of the version: a small cached record once the tarball has been read. */
  const packageIndex = memoize(async (name: string, version: string): Promise<PackageIndex | undefined> => {
    const id = await contentId({ registry: 'npm', name, version })
    const cached = id === undefined ? undefined : await fetcher.records.get<PackageIndex>(`npm-index-v1 ${id}`)
    if (cached && Array.isArray(cached.files)) return cached
    return unpack(name, version)
  })

  async function file(name: string, version: string, path: string): Promise<Uint8Array | undefined> {
    const index = await packageIndex(name, version)
    if (!index || !hasFile(index, path)) return undefined
    const key = `${name}@${version}`
    if (keptInMemory(path)) {
      const held = kept.take(key, path)
      if (held) return held
      // Not unpacked in this run yet, read before, or dropped for the budget: unpack (again).
      await unpack(name, version)
      const unpacked = kept.take(key, path)
      if (unpacked) return unpacked
    }
    // Never held (a source map, a declaration file): from a fresh read of the tarball.
    return (await allFiles(name, version))?.get(path)
  }

  return {
    registries,
    config,
    packument: async (name) => {
      const doc = await document(name)
      return doc && expandPackument(doc)
    },
    tarball: async (pkg) => {
      requireRegistry(registries, pkg.registry, 'npm')
      return tarball(pkg.name, pkg.version)
    },
    manifest,
    contentId,
    releaseUnpacked: () => kept.clear(),
    async versions(registry: Registry, name: string): Promise<VersionList | undefined> {
      requireRegistry(registries, registry, 'npm')
      const doc = await document(name)
      if (!doc) return undefined
      return { versions: Object.keys(doc.versions), tags: { ...doc['dist-tags'] } }
    },
    async packageJson(pkg): Promise<PackageJson | undefined> {
      const entry = await manifest(pkg)
      if (!entry) return undefined
      return publishedPackageJson(entry, (await packageIndex(pkg.name, pkg.version))?.packageJson ?? undefined)
    },
    files: async (pkg) => {
      requireRegistry(registries, pkg.registry, 'npm')
      return allFiles(pkg.name, pkg.version)
    },
    async fileList(pkg) {
      requireRegistry(registries, pkg.registry, 'npm')
      return (await packageIndex(pkg.name, pkg.version))?.files.slice()
    },
    async file(pkg, path) {
      requireRegistry(registries, pkg.registry, 'npm')
      return file(pkg.name, pkg.version, path.replace(/^\.?\//, ''))
    },
  }
}

/** The parsed package.json of a tarball; `null` when missing or unreadable (the registry's entry stands in). */
function readPackageJson(bytes: Uint8Array | undefined): PackageJson | null {
  if (!bytes) return null
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return isObject(parsed) ? (parsed as PackageJson) : null
  } catch {
    return null
  }
}

/** Whether the sorted list of `index` has `path` (binary search: lists run to thousands of files). */
function hasFile(index: PackageIndex, path: string): boolean {
  const { files } = index
  let lo = 0
  let hi = files.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const at = files[mid]!
    if (at === path) return true
    if (at < path) lo = mid + 1
    else hi = mid - 1
  }
  return false
}
