import { denoVersion } from '../registry/deno.js'
import type { ExactPackage, PackageJson } from '../types.js'
import type { ProviderContext, ProviderSources, UrlContext } from './context.js'
import { registryFileList, registryModule, resolveFromRegistry, sourceFor } from './registry-first.js'
import type { PackageUrlMatch, Provider } from './types.js'
import { afterBase, assertRegistry, parsePackageSegment } from './url-layout.js'

/**
 * deno.land: third-party modules at `https://deno.land/x/name@tag/` and the standard library at
 * `https://deno.land/std@tag/` (the package `deno:std`). A deno package's `version` is the tag as
 * published (`v12.6.1` keeps its `v`), since that is what its URLs carry; the deno client, which
 * reports versions without the `v`, is asked with `denoVersion(tag)`. Raw files, read through
 * the deno client.
 */
function denoUrl(pkg: ExactPackage, _layer: string, ctx: UrlContext): string {
  assertRegistry('deno', pkg, ['deno'])
  const base = ctx.config.deno.cdnUrl
  return pkg.name === 'std' ? `${base}std@${pkg.version}/` : `${base}x/${pkg.name}@${pkg.version}/`
}

function parseDenoUrl(url: string, ctx: UrlContext): PackageUrlMatch | undefined {
  const rest = afterBase(url, ctx.config.deno.cdnUrl)
  if (rest === undefined) return undefined
  const segment = rest.startsWith('std@') ? parsePackageSegment(rest) : rest.startsWith('x/') ? parsePackageSegment(rest.slice(2)) : undefined
  // deno.land/x names are flat (no npm scopes); `x/std@…` is not the standard library.
  if (segment === undefined || segment.name.startsWith('@') || (segment.name === 'std' && rest.startsWith('x/'))) return undefined
  return { pkg: { registry: 'deno', name: segment.name, version: segment.version }, layer: 'default', path: segment.path }
}

type DenoSource = NonNullable<ProviderSources['deno']>
const source = (ctx: ProviderContext): DenoSource => sourceFor('deno', ctx.sources, 'deno')
/** The package as the deno client knows it: version without the tag's `v`. */
const clientPkg = (pkg: ExactPackage): ExactPackage => ({ ...pkg, version: denoVersion(pkg.version) })

/** The published tag of a version the client reported (`12.6.1` → `v12.6.1`), from its module URL. */
async function publishedTag(deno: DenoSource, pkg: ExactPackage): Promise<string> {
  if (deno.moduleUrl === undefined) return pkg.version
  return /@([^/@]+)\/$/.exec(await deno.moduleUrl(pkg))?.[1] ?? pkg.version
}

export const deno: Provider = {
  name: 'deno',
  kind: 'raw',
  pkgToUrl: denoUrl,
  parseUrlPkg: parseDenoUrl,
  async resolveLatestTarget(target, unstable, _layer, parentUrl, ctx) {
    assertRegistry('deno', target, ['deno'])
    const pkg = await resolveFromRegistry(source(ctx), target, unstable, parentUrl, ctx)
    return pkg === undefined ? undefined : { ...pkg, version: await publishedTag(source(ctx), pkg) }
  },
  getPackageConfig: (pkg, ctx): Promise<PackageJson | undefined> => source(ctx).packageJson(clientPkg(pkg)),
  getFileList: (pkg, ctx) => registryFileList(source(ctx), clientPkg(pkg)),
  async loadModule(url, ctx) {
    const match = parseDenoUrl(url, ctx)
    return registryModule(source(ctx), match && { ...match, pkg: clientPkg(match.pkg) })
  },
}
