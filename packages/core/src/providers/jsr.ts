import { Semver } from 'sver'
import type { ExactPackage, PackageJson } from '../types.js'
import type { ProviderContext, UrlContext } from './context.js'
import { registryFileList, registryModule, resolveFromRegistry, sourceFor } from './registry-first.js'
import type { PackageUrlMatch, Provider } from './types.js'
import { afterBase, assertRegistry, decodePath } from './url-layout.js'

/** `@scope/name/version[/path]` (004 "Modules": `https://jsr.io/@<scope>/<package-name>/<version>/<path>`). */
const JSR_SEGMENT = /^(@[^/\\%@]+\/[^/\\%@]+)\/([^/]+)(?:\/(.*))?$/

function jsrUrl(pkg: ExactPackage, _layer: string, ctx: UrlContext): string {
  assertRegistry('jsr', pkg, ['jsr'])
  return `${ctx.config.jsr.cdnUrl}${pkg.name}/${pkg.version}/`
}

/** A JSR module URL; `meta.json` and `<version>_meta.json` are metadata, not package URLs. */
function parseJsrUrl(url: string, ctx: UrlContext): PackageUrlMatch | undefined {
  const rest = afterBase(url, ctx.config.jsr.cdnUrl)
  const match = rest === undefined ? undefined : JSR_SEGMENT.exec(rest)
  if (!match?.[1] || !match[2] || !Semver.isValid(match[2])) return undefined
  const path = decodePath(match[3] ?? '')
  return path === undefined ? undefined : { pkg: { registry: 'jsr', name: match[1], version: match[2] }, layer: 'default', path }
}

/**
 * JSR packages, served by the registry itself (raw files). Everything comes from the JSR client:
 * versions (`meta.json`; yanked ones only when asked for exactly), package config and file list
 * (`<version>_meta.json`), and modules one by one, checked against the manifest's checksums.
 */
export const jsr: Provider = {
  name: 'jsr',
  kind: 'raw',
  pkgToUrl: jsrUrl,
  parseUrlPkg: parseJsrUrl,
  async resolveLatestTarget(target, unstable, _layer, parentUrl, ctx) {
    assertRegistry('jsr', target, ['jsr'])
    return resolveFromRegistry(sourceFor('jsr', ctx.sources, 'jsr'), target, unstable, parentUrl, ctx)
  },
  getPackageConfig: (pkg, ctx: ProviderContext): Promise<PackageJson | undefined> => sourceFor('jsr', ctx.sources, 'jsr').packageJson(pkg),
  getFileList: (pkg, ctx) => registryFileList(sourceFor('jsr', ctx.sources, 'jsr'), pkg),
  loadModule: (url, ctx) => registryModule(sourceFor('jsr', ctx.sources, 'jsr'), parseJsrUrl(url, ctx)),
}
