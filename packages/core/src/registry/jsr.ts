import { createHash } from 'node:crypto'
import { EsmapError } from '../errors.js'
import type { Fetcher, FetchResult } from '../fetch/types.js'
import { assertOk, isNotFound } from '../fetch/read.js'
import type { ExactPackage, ExportsTarget, PackageFiles, PackageJson, Registry, VersionList } from '../types.js'
import { memoize, requireRegistry } from './memo.js'
import type { RegistryClient } from './types.js'

export interface JsrClientOptions {
  fetcher: Fetcher
  /** The JSR registry API. @default 'https://jsr.io/' */
  baseUrl?: string
}

/** `<version>_meta.json`: the files with their checksums, and the normalised `exports`. */
export interface JsrVersionMeta {
  manifest: Record<string, { size: number; checksum: string }>
  exports: Record<string, string>
  [field: string]: unknown
}

export interface JsrClient extends RegistryClient {
  /** `https://jsr.io/@scope/name/<version>/<path>`: where a module of a version is served. */
  moduleUrl(pkg: ExactPackage, path: string): string
  versionMeta(pkg: ExactPackage): Promise<JsrVersionMeta | undefined>
}

/** JSR's npm compatibility name: `@luca/flag` → `@jsr/luca__flag` (served by npm.jsr.io). */
export function jsrToNpmName(name: string): string | undefined {
  const match = /^@([a-z0-9-]+)\/([a-z0-9-]+)$/.exec(name)
  return match ? `@jsr/${match[1]}__${match[2]}` : undefined
}

/** The reverse of {@link jsrToNpmName}: `@jsr/luca__flag` → `@luca/flag`. */
export function npmToJsrName(name: string): string | undefined {
  const match = /^@jsr\/([a-z0-9-]+)__([a-z0-9-]+)$/.exec(name)
  return match ? `@${match[1]}/${match[2]}` : undefined
}

/** JSR names are `@scope/name`, lower-case letters, digits and dashes. */
const validName = (name: string): boolean => /^@[a-z0-9-]+\/[a-z0-9-]+$/.test(name)
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const json = (result: FetchResult): unknown => JSON.parse(new TextDecoder().decode(result.body))

function invalid(url: string, what: string, cause?: unknown): EsmapError {
  return new EsmapError('ESMAP_INVALID_RESPONSE', `${url} is not ${what}.`, { specifier: url, cause, fix: 'Check the "baseUrl" of the JSR client: it must serve the JSR registry API.' })
}

/** Fetches and checks one JSON document; `undefined` for 404. */
async function getJson(fetcher: Fetcher, url: string, immutable: boolean, what: string, valid: (doc: Record<string, unknown>) => boolean): Promise<Record<string, unknown> | undefined> {
  // JSR renders HTML for `accept: text/html`; ask for JSON only.
  const result = await fetcher.fetch(url, { headers: { accept: 'application/json' }, immutable })
  if (isNotFound(result)) return undefined
  assertOk(result)
  let doc: unknown
  try {
    doc = json(result)
  } catch (err) {
    throw invalid(url, what, err)
  }
  if (!isObject(doc) || !valid(doc)) throw invalid(url, what)
  return doc
}

export function createJsrClient(options: JsrClientOptions): JsrClient {
  const { fetcher } = options
  const base = new URL(options.baseUrl ?? 'https://jsr.io/').href.replace(/\/?$/, '/')
  const registries: readonly Registry[] = ['jsr']

  const meta = memoize(async (name: string) => {
    if (!validName(name)) return undefined
    return getJson(fetcher, `${base}${name}/meta.json`, false, `JSR package metadata for ${name}`, (d) => isObject(d.versions))
  })

  const versionMeta = memoize(async (name: string, version: string): Promise<JsrVersionMeta | undefined> => {
    if (!validName(name)) return undefined
    const doc = await getJson(fetcher, `${base}${name}/${encodeURIComponent(version)}_meta.json`, true, `JSR version metadata for ${name}@${version}`, (d) => isObject(d.manifest))
    return doc && ({ ...doc, exports: isObject(doc.exports) ? doc.exports : {} } as JsrVersionMeta)
  })

  const moduleUrl = (pkg: ExactPackage, path: string): string => `${base}${pkg.name}/${encodeURIComponent(pkg.version)}/${path.replace(/^\.?\//, '')}`

  /** One module, checked against the manifest's sha256 before it is cached or returned. */
  const file = memoize(async (name: string, version: string, path: string): Promise<Uint8Array | undefined> => {
    const pkg: ExactPackage = { registry: 'jsr', name, version }
    const entry = (await versionMeta(name, version))?.manifest[`/${path}`]
    if (!entry) return undefined
    const url = moduleUrl(pkg, path)
    const validate = (result: FetchResult): void => {
      const actual = `sha256-${createHash('sha256').update(result.body).digest('hex')}`
      if (actual === entry.checksum) return
      throw new EsmapError('ESMAP_INTEGRITY_MISMATCH', `${url} of jsr:${name}@${version} does not match the checksum in its version metadata: expected ${entry.checksum}, got ${actual}.`, {
        specifier: `jsr:${name}@${version}/${path}`,
        fix: 'Do not use these bytes. If a proxy or mirror rewrites modules, fix or bypass it; otherwise report it to JSR.',
      })
    }
    const result = await fetcher.fetch(url, { headers: { accept: '*/*' }, immutable: true, validate })
    assertOk(result)
    return result.body
  })

  const fileList = async (pkg: ExactPackage): Promise<string[] | undefined> => {
    requireRegistry(registries, pkg.registry, 'JSR')
    const vm = await versionMeta(pkg.name, pkg.version)
    return vm && Object.keys(vm.manifest).map((p) => p.replace(/^\//, '')).sort()
  }

  return {
    registries,
    moduleUrl,
    versionMeta: async (pkg) => {
      requireRegistry(registries, pkg.registry, 'JSR')
      return versionMeta(pkg.name, pkg.version)
    },
    async versions(registry: Registry, name: string): Promise<VersionList | undefined> {
      requireRegistry(registries, registry, 'JSR')
      const doc = await meta(name)
      if (!doc) return undefined
      const entries = Object.entries(doc.versions as Record<string, { yanked?: boolean }>)
      const latest = typeof doc.latest === 'string' ? doc.latest : undefined
      return {
        versions: entries.map(([v]) => v),
        tags: latest ? { latest } : {},
        yanked: entries.filter(([, info]) => isObject(info) && info.yanked === true).map(([v]) => v),
      }
    },
    /** A package.json-like view of the version: JSR packages are ES modules with normalised `exports`. */
    async packageJson(pkg: ExactPackage): Promise<PackageJson | undefined> {
      requireRegistry(registries, pkg.registry, 'JSR')
      const vm = await versionMeta(pkg.name, pkg.version)
      return vm && { name: pkg.name, version: pkg.version, type: 'module', exports: vm.exports as ExportsTarget }
    },
    fileList,
    file: async (pkg, path) => {
      requireRegistry(registries, pkg.registry, 'JSR')
      return file(pkg.name, pkg.version, path.replace(/^\.?\//, ''))
    },
    async files(pkg: ExactPackage): Promise<PackageFiles | undefined> {
      const paths = await fileList(pkg)
      if (!paths) return undefined
      const bodies = await Promise.all(paths.map((p) => file(pkg.name, pkg.version, p)))
      return new Map(paths.flatMap((p, i) => (bodies[i] ? [[p, bodies[i]] as const] : [])))
    },
  }
}
