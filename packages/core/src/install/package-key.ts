import type { ExactPackage, PackageTarget } from '../types.js'
import type { DependencyTarget, InstalledPackage, LocalPackage } from './types.js'

/**
 * Package identities. An exact package's key is `registry:name@version` (`npm:react@18.3.1`,
 * `npm:@scope/pkg@1.0.0`); a local folder's key is its URL. Keys are what scopes are keyed on.
 */

const KEY = /^([a-z][a-z0-9+.-]*):((?:@[^/@]+\/)?[^/@]+)@([^/@]+)$/

/** True for a local folder package or target. */
export function isLocal(pkg: InstalledPackage | DependencyTarget): pkg is LocalPackage {
  return 'url' in pkg
}

/** `npm:react@18.3.1`, or the folder URL for a local package. */
export function packageKey(pkg: InstalledPackage): string {
  return isLocal(pkg) ? pkg.url : `${pkg.registry}:${pkg.name}@${pkg.version}`
}

/**
 * The package a key names: `npm:react@18.3.1` → the exact package, an absolute hierarchical URL
 * (`file:///…`, `https://…`) → a local folder (a `/` is added when missing). `undefined` for
 * anything else.
 */
export function parsePackageKey(key: string): InstalledPackage | undefined {
  const match = KEY.exec(key)
  if (match && !key.includes('://')) return { registry: match[1]!, name: match[2]!, version: match[3]! }
  if (!key.includes('://') || !URL.canParse(key)) return undefined
  const url = new URL(key).href
  return { url: url.endsWith('/') ? url : `${url}/` }
}

/** `npm:react` for exact packages and targets, the URL for folders: what versions are deduped within. */
export function packageId(pkg: InstalledPackage | DependencyTarget): string {
  return isLocal(pkg) ? pkg.url : `${pkg.registry}:${pkg.name}`
}

/** True when `pkg` is a version of the package `target` names. */
export function isVersionOf(pkg: InstalledPackage, target: PackageTarget): pkg is ExactPackage {
  return !isLocal(pkg) && pkg.registry === target.registry && pkg.name === target.name
}

/** Code-unit order: locale-independent, so output never depends on the machine. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
