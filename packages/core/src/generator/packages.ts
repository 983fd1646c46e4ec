import { existsSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { EsmapError } from '../errors.js'
import type { PackageFileList } from '../exports/index.js'
import { packageKey, type InstalledPackage } from '../install/index.js'
import { isLocal } from '../install/package-key.js'
import { fetchPackageJson } from '../providers/converting.js'
import { readLocalPackageJson } from '../providers/nodemodules.js'
import type { Provider } from '../providers/index.js'
import type { PackageJson } from '../types.js'
import type { Session } from './session.js'

/** What the generator needs of one installed package: where it lives and how it resolves. */
export interface PackageInfo {
  pkg: InstalledPackage
  /** The package base URL, ending in `/`. */
  baseUrl: string
  /** The package.json the provider serves (processed, for converting CDNs). */
  config: PackageJson
  /** The package's files, for legacy probing; undefined when the provider cannot list them. */
  files: PackageFileList | undefined
  /** Undefined for local folders. */
  provider: Provider | undefined
}

/** A memo of package infos for one session, keyed by package key. */
export type PackageInfos = Map<string, Promise<PackageInfo>>

/**
 * Files on disk, asked one at a time (and remembered): a trace probes a few paths of a package,
 * where listing it would walk every file (thousands in some packages).
 */
function diskFiles(baseUrl: string): PackageFileList {
  const base = fileURLToPath(baseUrl)
  const known = new Map<string, boolean>()
  return (path: string) => {
    let found = known.get(path)
    if (found === undefined) {
      const file = base + path
      found = existsSync(file) && statSync(file).isFile()
      known.set(path, found)
    }
    return found
  }
}

async function load(session: Session, pkg: InstalledPackage): Promise<PackageInfo> {
  if (isLocal(pkg)) {
    const local = pkg.url.startsWith('file:')
    const config = local ? await readLocalPackageJson(pkg.url) : await fetchPackageJson(`${pkg.url}package.json`, session.ctx)
    return { pkg, baseUrl: pkg.url, config: config ?? {}, files: local ? diskFiles(pkg.url) : undefined, provider: undefined }
  }
  const { providers, ctx, registry } = session
  const route = providers.route(pkg)
  const choice = route.auto ? providers.forPackage(pkg, await registry.packageJson(pkg)) : providers.forPackage(pkg)
  const { provider, layer } = choice
  const baseUrl = provider.pkgToUrl(pkg, layer, ctx)
  let config = provider.getPackageConfig ? await provider.getPackageConfig(pkg, ctx) : await registry.packageJson(pkg)
  if (config === undefined && provider.kind === 'converting') {
    // Not built on the CDN: its own resolution says so (and may queue a build, when asked to).
    await provider.resolveLatestTarget({ registry: pkg.registry, name: pkg.name, range: pkg.version }, true, layer, '', ctx)
    config = await provider.getPackageConfig?.(pkg, ctx)
  }
  if (config === undefined) {
    throw new EsmapError('ESMAP_PACKAGE_NOT_FOUND', `No package.json for ${packageKey(pkg)} at ${baseUrl}`, {
      specifier: pkg.name,
      fix: `Check that ${pkg.name}@${pkg.version} is published and that the ${provider.name} provider's URL is right.`,
    })
  }
  // A folder on disk is asked file by file, not listed.
  const onDisk = provider.kind === 'local' && baseUrl.startsWith('file:')
  const files = onDisk ? diskFiles(baseUrl) : await provider.getFileList?.(pkg, ctx)
  return { pkg, baseUrl, config, files, provider }
}

/** The package's info, loaded once per session. */
export function packageInfo(session: Session, infos: PackageInfos, pkg: InstalledPackage): Promise<PackageInfo> {
  const key = packageKey(pkg)
  let info = infos.get(key)
  if (!info) {
    info = load(session, pkg)
    infos.set(key, info)
  }
  return info
}
