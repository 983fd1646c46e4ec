import { EsmapError, pickVersion, type ExactPackage, type PackageJson, type Provider, type ProviderContext } from '@esmap/core'
import { buildPackage } from './build.js'
import type { BuildOptions, BuildResult } from './types.js'

export interface VendorProviderOptions extends BuildOptions {
  /**
   * The absolute URL the vendored packages are served under, ending in `/`: give the Generator a
   * `rootUrl` (or `mapUrl`) on the same origin and the map writes them root-relative (`/_esm/...`).
   * @default 'https://esmap.self/_esm/'
   */
  baseUrl?: string
}

/** A provider whose packages are built by this machine from the npm registry (vendoring). */
export interface VendorProvider extends Provider {
  readonly baseUrl: string
  /** The finished build of a package version, built once (and cached through `cache`). */
  build(pkg: ExactPackage, ctx: ProviderContext): Promise<BuildResult>
  /** A build this provider already made or started (for writing vendored files after generating). */
  built(pkg: ExactPackage): Promise<BuildResult> | undefined
}

/** `<base>name@version/path` → the package and file; `undefined` for other URLs. */
function parse(url: string, base: string): { pkg: ExactPackage; path: string } | undefined {
  if (!url.startsWith(base)) return undefined
  const rest = url.slice(base.length)
  const match = /^((?:@[^/@]+\/)?[^/@]+)@([^/]+)\/(.*)$/.exec(rest)
  if (!match) return undefined
  return { pkg: { registry: 'npm', name: match[1]!, version: decodeURIComponent(match[2]!) }, path: decodeURIComponent(match[3]!) }
}

/**
 * The self-hosting provider: versions and sources from the npm registry (the verified tarball),
 * every package turned into browser ES modules by `buildPackage` (CommonJS converted, overrides
 * applied), served from the app's own origin. The Generator traces the built modules, so the map
 * and its integrity describe exactly the bytes that vendoring writes.
 */
export function createVendorProvider(options: VendorProviderOptions = {}): VendorProvider {
  const { baseUrl = 'https://esmap.self/_esm/', ...buildOptions } = options
  if (!baseUrl.endsWith('/')) throw new EsmapError('ESMAP_INVALID_OPTION', `The vendor baseUrl must end with "/", got "${baseUrl}"`, { fix: `Use "${baseUrl}/".` })
  const builds = new Map<string, Promise<BuildResult>>()

  const build = (pkg: ExactPackage, ctx: ProviderContext): Promise<BuildResult> => {
    const key = `${pkg.name}@${pkg.version}`
    let result = builds.get(key)
    if (!result) {
      result = (async () => {
        const [packageJson, files] = await Promise.all([ctx.sources.npm.packageJson(pkg), ctx.sources.npm.files(pkg)])
        if (!packageJson || !files) {
          throw new EsmapError('ESMAP_PACKAGE_NOT_FOUND', `${key} is not in the npm registry`, { specifier: pkg.name, fix: 'Check the name and version.' })
        }
        const built = await buildPackage({ pkg, packageJson: packageJson as PackageJson, files }, buildOptions)
        for (const warning of built.warnings) ctx.log('vendor', `warning: ${key}${warning.file ? `/${warning.file}` : ''}${warning.line ? `:${warning.line}` : ''}: ${warning.message}`)
        return built
      })()
      builds.set(key, result)
      result.catch(() => builds.delete(key))
    }
    return result
  }

  return {
    name: 'self',
    kind: 'converting',
    baseUrl,
    build,
    built: (pkg) => builds.get(`${pkg.name}@${pkg.version}`),
    pkgToUrl(pkg) {
      if (pkg.registry !== 'npm') throw new EsmapError('ESMAP_UNSUPPORTED_REGISTRY', `Vendoring builds npm packages, not ${pkg.registry}:${pkg.name}`, { specifier: pkg.name, fix: 'Route it to another provider with `providers`.' })
      return `${baseUrl}${pkg.name}@${pkg.version}/`
    },
    parseUrlPkg(url) {
      const found = parse(url, baseUrl)
      return found && { pkg: found.pkg, layer: 'default', path: found.path }
    },
    async resolveLatestTarget(target, unstable, _layer, _parentUrl, ctx) {
      const list = await ctx.sources.npm.versions('npm', target.name)
      const version = list && pickVersion(list, target.range, unstable)
      return version === undefined ? undefined : { registry: 'npm', name: target.name, version }
    },
    async getPackageConfig(pkg, ctx) {
      return (await build(pkg, ctx)).packageJson
    },
    async getFileList(pkg, ctx) {
      return new Set((await build(pkg, ctx)).files.keys())
    },
    async loadModule(url, ctx) {
      const found = parse(url, baseUrl)
      return found && (await build(found.pkg, ctx)).files.get(found.path)
    },
  }
}
