import type { FixtureFiles, FixturePackage } from '../store.js'
import { highestVersion, isExactVersion, maxSatisfying } from '../semver.js'

/** A package.json as the fixtures hold it (any JSON object). */
export type Manifest = Record<string, unknown>

const decoder = new TextDecoder()

/** The parsed `package.json` of a fixture version. */
export function manifestOf(files: FixtureFiles): Manifest {
  const raw = files.get('package.json')
  return raw ? (JSON.parse(decoder.decode(raw)) as Manifest) : {}
}

/** `dist-tags`: from `registry.json`, else `latest` is the highest stable version. */
export function distTags(pkg: FixturePackage): Record<string, string> {
  const latest = highestVersion([...pkg.versions.keys()])
  return { ...(latest === undefined ? {} : { latest }), ...pkg.meta['dist-tags'] }
}

/**
 * The exact version a URL's version part names: an exact version, a dist-tag, or a range
 * (`1`, `^1.2.0`, `~1.2.0`, `1.x`, `*`). An empty version means `latest`.
 */
export function resolveVersion(pkg: FixturePackage, version: string): string | undefined {
  if (pkg.versions.has(version)) return version
  if (version === '') return distTags(pkg).latest
  const tagged = distTags(pkg)[version]
  if (tagged !== undefined) return tagged
  if (isExactVersion(version)) return undefined
  return maxSatisfying([...pkg.versions.keys()], decodeURIComponent(version))
}

/** `name@version/path` (name may be `@scope/name`; version and path optional) as CDNs write it. */
export interface NpmUrlSpec {
  name: string
  /** As written in the URL; `''` when absent. */
  version: string
  /** File path inside the package, no leading `/`; `''` for the package root. */
  path: string
}

/** Parse `@scope/name@1.2.3/dist/a.js`; `undefined` when there is no package name. */
export function parseNpmUrlSpec(spec: string): NpmUrlSpec | undefined {
  const m = /^((?:@[^/@]+\/)?[^/@]+)(?:@([^/]*))?(?:\/(.*))?$/.exec(spec)
  if (!m || !m[1]) return undefined
  return { name: m[1], version: m[2] ?? '', path: m[3] ?? '' }
}
