import { homedir as osHomedir } from 'node:os'
import { EsmapError } from '../errors.js'
import type { Fetcher, FetchResult } from '../fetch/types.js'
import { assertOk, isNotFound, parseJsonBody } from '../fetch/read.js'
import type { ExactPackage, PackageFiles, PackageJson, Registry, VersionList } from '../types.js'
import { extractPackage } from './extract.js'
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
}

/** The abbreviated ("corgi") document type: its versions lack `exports`, `main`, `type`, ... */
const abbreviatedType = 'application/vnd.npm.install-v1+json'
const publicRegistryOrigin = 'https://registry.npmjs.org'

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

  async function get(url: string, cfg: NpmConfig, extra: { immutable?: boolean; validate?: (r: FetchResult) => void; accept?: string } = {}): Promise<FetchResult> {
    const headers: Record<string, string> = extra.accept ? { accept: extra.accept } : {}
    const authorization = authorizationFor(cfg, url)
    if (authorization) headers.authorization = authorization
    return fetcher.fetch(url, { headers, immutable: extra.immutable, validate: extra.validate })
  }

  /** The packument and whether the registry sent the abbreviated form despite the `accept` header. */
  const document = memoize(async (name: string): Promise<{ packument: Packument; abbreviated: boolean } | undefined> => {
    const cfg = await config()
    const url = `${registryFor(cfg, name)}${escapePackageName(name)}`
    const result = await get(url, cfg, { accept: 'application/json' })
    if (isNotFound(result)) return undefined
    assertOk(result)
    const doc = parseJsonBody(result)
    if (!isObject(doc) || !isObject(doc.versions)) throw invalid(url, `an npm packument (no "versions" object)`)
    const packument = { ...doc, 'dist-tags': isObject(doc['dist-tags']) ? doc['dist-tags'] : {} } as Packument
    return { packument, abbreviated: (result.headers['content-type'] ?? '').includes(abbreviatedType) }
  })

  /** The per-version document `/:name/:version` (immutable once published). */
  const versionDocument = memoize(async (name: string, version: string): Promise<NpmVersionDocument | undefined> => {
    const cfg = await config()
    const url = `${registryFor(cfg, name)}${escapePackageName(name)}/${encodeURIComponent(version)}`
    const result = await get(url, cfg, { accept: 'application/json', immutable: true })
    if (isNotFound(result)) return undefined
    assertOk(result)
    const doc = parseJsonBody(result)
    if (!isObject(doc) || doc.version !== version || !isObject(doc.dist)) throw invalid(url, `the version document of ${name}@${version}`)
    return doc as NpmVersionDocument
  })

  /** The version's document from the packument when it is complete there; else from `/:name/:version`. */
  async function manifest(pkg: ExactPackage, needFullDocument: boolean): Promise<NpmVersionDocument | undefined> {
    requireRegistry(registries, pkg.registry, 'npm')
    const doc = await document(pkg.name)
    if (!doc) return undefined
    const entry = doc.packument.versions[pkg.version]
    if (entry && !(needFullDocument && doc.abbreviated)) return entry
    return versionDocument(pkg.name, pkg.version)
  }

  const tarball = memoize(async (name: string, version: string): Promise<{ url: string; bytes: Uint8Array } | undefined> => {
    const pkg: ExactPackage = { registry: 'npm', name, version }
    const doc = await manifest(pkg, false)
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
    const result = await get(url, cfg, { immutable: true, validate })
    assertOk(result)
    return { url, bytes: result.body }
  })

  const files = memoize(async (name: string, version: string): Promise<PackageFiles | undefined> => {
    const archive = await tarball(name, version)
    if (!archive) return undefined
    return extractPackage(archive.bytes, { label: `npm:${name}@${version}`, url: archive.url })
  })

  return {
    registries,
    config,
    packument: async (name) => (await document(name))?.packument,
    tarball: async (pkg) => {
      requireRegistry(registries, pkg.registry, 'npm')
      return tarball(pkg.name, pkg.version)
    },
    async versions(registry: Registry, name: string): Promise<VersionList | undefined> {
      requireRegistry(registries, registry, 'npm')
      const doc = await document(name)
      if (!doc) return undefined
      return { versions: Object.keys(doc.packument.versions), tags: { ...doc.packument['dist-tags'] } }
    },
    packageJson: (pkg): Promise<PackageJson | undefined> => manifest(pkg, true),
    files: async (pkg) => {
      requireRegistry(registries, pkg.registry, 'npm')
      return files(pkg.name, pkg.version)
    },
    async fileList(pkg) {
      requireRegistry(registries, pkg.registry, 'npm')
      const all = await files(pkg.name, pkg.version)
      return all && [...all.keys()].sort()
    },
    async file(pkg, path) {
      requireRegistry(registries, pkg.registry, 'npm')
      return (await files(pkg.name, pkg.version))?.get(path.replace(/^\.?\//, ''))
    },
  }
}
