import { EsmapError, pickVersion, type ExactPackage, type PackageJson, type PackageUrlMatch, type Provider } from '@esmap/core'
import type { PackageService } from '../build/service.js'
import type { PackageStore } from '../build/store.js'
import { canonicalPath, parseCdnPath } from '../cdn/path.js'
import type { RegistryAccess } from '../upstream/registry.js'
import type { RequestBudget } from './budget.js'

export interface ServerProviderOptions {
  /** The server's public base URL, ending in `/`. */
  baseUrl: string
  registry: RegistryAccess
  packages: PackageService
  store: PackageStore
  /** Limits of the request the provider serves (time, modules). */
  budget?: RequestBudget
}

const decoder = new TextDecoder()

/** The provider, plus its context-free helpers for the server's own use (the `graph` trace). */
export interface ServerProvider extends Provider {
  /** The package and file a URL of this server names; `undefined` for other URLs. */
  match(url: string): PackageUrlMatch | undefined
  /** The base URL of a package version on this server. */
  base(pkg: ExactPackage): string
  /** A module's bytes from the store (building its package first), counted against the request's budget. */
  load(url: string): Promise<Uint8Array | undefined>
}

/**
 * This server as a Generator provider (`esmap`, kind `converting`): package URLs are
 * `<baseUrl>npm:<name>@<version>/`, and versions, processed package.json, file lists and modules
 * come straight from the registry access, the build queue and the store: no HTTP to itself.
 */
export function createServerProvider(options: ServerProviderOptions): ServerProvider {
  const { baseUrl, registry, packages, store, budget } = options

  /** The built package, building it first; `undefined` when the version is not published. */
  async function built(pkg: ExactPackage): Promise<true | undefined> {
    budget?.check()
    const state = await packages.ensure(pkg)
    budget?.check()
    if (state.kind === 'missing') return undefined
    if (state.kind === 'failed') {
      const { failure } = state
      // The build's message without its own fix line: the fix here is the error file.
      const reason = failure.message.split('\n  Fix: ')[0]
      throw new EsmapError(failure.code, `npm:${pkg.name}@${pkg.version} cannot be served: ${reason}`, {
        specifier: `npm:${pkg.name}@${pkg.version}`,
        fix: `See ${baseUrl}${canonicalPath(pkg.name, pkg.version, '_error.log').slice(1)}; pin another version of ${pkg.name}.`,
      })
    }
    return true
  }

  /** `<baseUrl>npm:name@1.2.3/path` → the package and file; other URLs (ranges included) are not ours. */
  function parseUrlPkg(url: string): PackageUrlMatch | undefined {
    if (!url.startsWith(baseUrl)) return undefined
    const parsed = parseCdnPath(`/${url.slice(baseUrl.length).replace(/[?#].*$/s, '')}`)
    if (parsed === undefined || 'problem' in parsed || !parsed.exact) return undefined
    return { pkg: { registry: 'npm', name: parsed.name, version: parsed.spec }, layer: 'default', path: parsed.path ?? '' }
  }

  const base = (pkg: ExactPackage): string => `${baseUrl}${canonicalPath(pkg.name, pkg.version, '').slice(1)}`

  async function load(url: string): Promise<Uint8Array | undefined> {
    const match = parseUrlPkg(url)
    if (match === undefined || match.path === '') return undefined
    budget?.countModule(url)
    if (!(await built(match.pkg))) return undefined
    return store.file(match.pkg, match.path)
  }

  return {
    name: 'esmap',
    kind: 'converting',
    match: parseUrlPkg,
    base,
    load,
    pkgToUrl: base,
    parseUrlPkg,
    loadModule: load,
    async resolveLatestTarget(target, unstable) {
      if (target.registry !== 'npm') {
        throw new EsmapError('ESMAP_PROVIDER_REGISTRY', `Provider "esmap" serves npm: packages only, not ${target.registry}:${target.name}`, {
          specifier: `${target.registry}:${target.name}`,
          fix: 'Install npm packages from this server.',
        })
      }
      budget?.check()
      const list = await registry.versions(target.name)
      const version = list && pickVersion(list, target.range, unstable)
      return version === undefined ? undefined : { registry: 'npm', name: target.name, version }
    },
    async getPackageConfig(pkg) {
      if (!(await built(pkg))) return undefined
      const bytes = await store.file(pkg, 'package.json')
      return bytes && (JSON.parse(decoder.decode(bytes)) as PackageJson)
    },
    async getFileList(pkg) {
      if (!(await built(pkg))) return undefined
      const manifest = await store.manifest(pkg)
      return manifest && new Set(Object.keys(manifest.files))
    },
  }
}
