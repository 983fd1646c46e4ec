import { EsmapError } from '../errors.js'
import type { Fetcher } from '../fetch/types.js'
import type { ExactPackage, PackageFiles, PackageJson, Registry, VersionList } from '../types.js'
import { memoize, requireRegistry } from './memo.js'
import type { RegistryClient } from './types.js'

/**
 * deno.land modules: the standard library (`std`) and third-party `/x` modules. Registry `deno` with
 * name `std` is the standard library; any other name, under `deno` or `denoland`, is an `/x` module.
 *
 * Which endpoints are used:
 * - version list: apiland, `<apiUrl>v2/modules/<name>` → `{ versions, latest_version }` (git tags,
 *   often `v`-prefixed; reported here without the `v`, which is kept for URLs);
 * - files: deno.land itself, `<baseUrl>x/<name>@<tag>/<path>` (`<baseUrl>std@<tag>/<path>` for std),
 *   the URLs that import maps point at; immutable once published;
 * - file listing (only for `fileList` / `files`): deno.land's CDN,
 *   `<cdnUrl><name>/versions/<tag>/meta/meta.json` → `{ directory_listing: [{ path, type }] }`.
 * deno.land publishes no checksums, so files are not verified beyond the fetch layer's length check.
 */
export interface DenoClientOptions {
  fetcher: Fetcher
  /** Where modules are served (`x/<name>@<tag>/`, `std@<tag>/`). @default 'https://deno.land/' */
  baseUrl?: string
  /** The apiland API, for version lists. @default 'https://apiland.deno.dev/' */
  apiUrl?: string
  /** deno.land's CDN, for file listings. @default 'https://cdn.deno.land/' */
  cdnUrl?: string
}

export interface DenoClient extends RegistryClient {
  /** Where a file of the version is served, with the tag as published (`…/x/oak@v12.6.1/mod.ts`). */
  moduleUrl(pkg: ExactPackage, path?: string): Promise<string>
}

/** `v1.2.3` → `1.2.3`: tags are reported as semver versions; the published tag is kept for URLs. */
export function denoVersion(tag: string): string {
  return /^v\d+\.\d+\.\d+/.test(tag) ? tag.slice(1) : tag
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const validName = (name: string): boolean => /^[a-z0-9_]{1,64}$/.test(name)
const trailingSlash = (url: string): string => new URL(url).href.replace(/\/?$/, '/')
const stripDotSlash = (path: string): string => path.replace(/^\.?\//, '')

function invalid(url: string, what: string): EsmapError {
  return new EsmapError('ESMAP_INVALID_RESPONSE', `${url} is not ${what}.`, {
    specifier: url,
    fix: 'Check the "apiUrl" and "cdnUrl" of the deno client: they must serve apiland and cdn.deno.land layouts.',
  })
}

export function createDenoClient(options: DenoClientOptions): DenoClient {
  const { fetcher } = options
  const base = trailingSlash(options.baseUrl ?? 'https://deno.land/')
  const api = trailingSlash(options.apiUrl ?? 'https://apiland.deno.dev/')
  const cdn = trailingSlash(options.cdnUrl ?? 'https://cdn.deno.land/')
  const registries: readonly Registry[] = ['deno', 'denoland']
  const check = (registry: Registry): void => requireRegistry(registries, registry, 'deno.land')

  /** version (without `v`) → published tag, and `latest`. */
  const tags = memoize(async (name: string): Promise<{ byVersion: Map<string, string>; latest?: string } | undefined> => {
    if (!validName(name)) return undefined
    const url = `${api}v2/modules/${name}`
    const doc = await fetcher.json(url)
    if (doc === undefined) return undefined
    if (!isObject(doc) || !Array.isArray(doc.versions)) throw invalid(url, `an apiland module document for ${name}`)
    const byVersion = new Map<string, string>()
    for (const tag of doc.versions) if (typeof tag === 'string') byVersion.set(denoVersion(tag), tag)
    return { byVersion, latest: typeof doc.latest_version === 'string' ? denoVersion(doc.latest_version) : undefined }
  })

  async function tagOf(pkg: ExactPackage): Promise<string | undefined> {
    check(pkg.registry)
    return (await tags(pkg.name))?.byVersion.get(pkg.version)
  }

  const root = (pkg: ExactPackage, tag: string): string => (pkg.registry === 'deno' && pkg.name === 'std' ? `${base}std@${tag}/` : `${base}x/${pkg.name}@${tag}/`)

  const listing = memoize(async (name: string, tag: string): Promise<string[] | undefined> => {
    const url = `${cdn}${name}/versions/${encodeURIComponent(tag)}/meta/meta.json`
    const doc = await fetcher.json(url, { immutable: true })
    if (doc === undefined) return undefined
    if (!isObject(doc) || !Array.isArray(doc.directory_listing)) throw invalid(url, `a deno.land file listing for ${name}@${tag}`)
    return doc.directory_listing
      .filter((e): e is { path: string; type: string } => isObject(e) && e.type === 'file' && typeof e.path === 'string')
      .map((e) => e.path.replace(/^\//, ''))
      .sort()
  })

  const raw = memoize((url: string): Promise<Uint8Array | undefined> => fetcher.bytes(url, { headers: { accept: '*/*' }, immutable: true }))

  async function fileList(pkg: ExactPackage): Promise<string[] | undefined> {
    const tag = await tagOf(pkg)
    return tag === undefined ? undefined : listing(pkg.name, tag)
  }

  async function file(pkg: ExactPackage, path: string): Promise<Uint8Array | undefined> {
    const tag = await tagOf(pkg)
    return tag === undefined ? undefined : raw(`${root(pkg, tag)}${stripDotSlash(path)}`)
  }

  return {
    registries,
    async moduleUrl(pkg, path = '') {
      return `${root(pkg, (await tagOf(pkg)) ?? pkg.version)}${stripDotSlash(path)}`
    },
    async versions(registry: Registry, name: string): Promise<VersionList | undefined> {
      check(registry)
      const found = await tags(name)
      if (!found) return undefined
      return { versions: [...found.byVersion.keys()], tags: found.latest ? { latest: found.latest } : {} }
    },
    /** deno.land modules have no package.json: the name and version only, when the version exists. */
    async packageJson(pkg: ExactPackage): Promise<PackageJson | undefined> {
      return (await tagOf(pkg)) === undefined ? undefined : { name: pkg.name, version: pkg.version }
    },
    fileList,
    file,
    /** Every file of the version (std has thousands: prefer {@link DenoClient.file}). */
    async files(pkg: ExactPackage): Promise<PackageFiles | undefined> {
      const paths = await fileList(pkg)
      if (!paths) return undefined
      const bodies = await Promise.all(paths.map((p) => file(pkg, p)))
      return new Map(paths.flatMap((p, i) => (bodies[i] ? [[p, bodies[i]] as const] : [])))
    },
  }
}
