import { Semver } from 'sver'

/**
 * True when `version` is an exact semver version (`1.2.3`, `1.2.3-beta.1`, `1.2.3+build`) as sver
 * reads it. Anything else (`latest`, `1.2`, `wip/branch`) is a tag.
 */
export function isVersion(version: string): boolean {
  return Boolean(Semver.isValid(version))
}

/**
 * Semver precedence through sver: -1, 0 or 1. Prereleases sort below their release, numeric
 * identifiers below alphanumeric ones, and build metadata is ignored. Tags sort below every
 * version and equal to each other. (sver reads a build with a dot, `1.0.0+sha.1`, as a tag.)
 */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  return Semver.compare(a, b)
}

/** A new array of `versions` in ascending precedence (tags first); the sort is stable. */
export function sortVersions(versions: readonly string[]): string[] {
  return [...versions].sort(compareVersions)
}
