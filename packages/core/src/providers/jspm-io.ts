import { EsmapError } from '../errors.js'
import type { ExactPackage } from '../types.js'
import type { ProviderContext, UrlContext } from './context.js'
import { convertingMethods, fetchPackageJson, notBuiltError } from './converting.js'
import type { PackageUrlMatch, Provider } from './types.js'
import { afterBase, packageId, parsePackageSegment } from './url-layout.js'

/**
 * jspm.io: `https://ga.jspm.io/npm:name@version/`, and the SystemJS layer `jspm.io#system` at
 * `https://ga.system.jspm.io/` with the same layout (002 "CDN URLs", "system.jspm.io").
 * A converting CDN: its processed package.json enumerates exports and files.
 */
function layerBase(layer: string, ctx: UrlContext): string {
  const config = ctx.config['jspm.io']
  if (layer === 'default') return config.cdnUrl
  if (layer === 'system') return config.systemCdnUrl
  throw new EsmapError('ESMAP_UNKNOWN_LAYER', `Provider "jspm.io" has no layer "${layer}"`, {
    fix: 'Use "jspm.io" or "jspm.io#system".',
  })
}

function pkgToUrl(pkg: ExactPackage, layer: string, ctx: UrlContext): string {
  return `${layerBase(layer, ctx)}${packageId(pkg)}/`
}

/** `<base>registry:name@version/path`, under the default or the system base. */
function parseUrlPkg(url: string, ctx: UrlContext): PackageUrlMatch | undefined {
  for (const layer of ['default', 'system']) {
    const rest = afterBase(url, layerBase(layer, ctx))
    const registry = rest === undefined ? undefined : /^([a-z]+):/.exec(rest)?.[1]
    const segment = registry === undefined ? undefined : parsePackageSegment(rest!.slice(registry.length + 1))
    if (segment !== undefined) return { pkg: { registry: registry!, name: segment.name, version: segment.version }, layer, path: segment.path }
  }
  return undefined
}

/**
 * A version jspm.io has not built: when `requestBuild` is on, queue it through the build API
 * (`<apiUrl>build/name@version`, 000 "Build Queue Request") and wait for its package.json;
 * otherwise throw ESMAP_NOT_BUILT.
 */
async function onNotBuilt(pkg: ExactPackage, parentUrl: string, ctx: ProviderContext): Promise<void> {
  const config = ctx.config['jspm.io']
  const pkgUrl = pkgToUrl(pkg, 'default', ctx)
  if (!config.requestBuild) throw notBuiltError('jspm.io', pkg, pkgUrl, parentUrl)
  const buildUrl = `${config.apiUrl}build/${pkg.name}@${pkg.version}`
  ctx.log('providers', `jspm.io has not built ${packageId(pkg)}: requesting ${buildUrl}`)
  const response = await ctx.fetch.json(buildUrl, { revalidate: true }).catch((cause: unknown) => {
    throw buildRequestError(pkg, buildUrl, `the request failed (${firstLine(cause)})`, cause)
  })
  const error = (response as { error?: unknown } | undefined)?.error
  if (response === undefined || error !== undefined) {
    throw buildRequestError(pkg, buildUrl, response === undefined ? 'the API answered 404' : `the API answered: ${String(error)}`)
  }
  // Wait for the build: poll the package.json until it appears or the time is up.
  const deadline = Date.now() + config.buildTimeout
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(config.buildPollInterval, Math.max(0, deadline - Date.now()))))
    if ((await fetchPackageJson(`${pkgUrl}package.json`, ctx, true)) !== undefined) return
  }
  throw notBuiltError('jspm.io', pkg, pkgUrl, parentUrl, true)
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? ''
}

function buildRequestError(pkg: ExactPackage, buildUrl: string, why: string, cause?: unknown): EsmapError {
  return new EsmapError('ESMAP_BUILD_REQUEST_FAILED', `Could not request a jspm.io build of ${packageId(pkg)} from ${buildUrl}: ${why}`, {
    specifier: packageId(pkg),
    cause,
    fix: 'Check providerConfig["jspm.io"].apiUrl, pin a version that jspm.io has built, or use a raw-file provider such as jsdelivr.',
  })
}

export const jspmIo: Provider = {
  name: 'jspm.io',
  kind: 'converting',
  layers: ['system'],
  pkgToUrl,
  parseUrlPkg,
  ...convertingMethods({ name: 'jspm.io', pkgToUrl, parseUrlPkg, onNotBuilt, filesFromPackageJson: true }),
}
