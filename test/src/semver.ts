/**
 * The little semver the fixture server needs: order versions, pick `latest`, and resolve the simple
 * ranges CDNs accept in URLs. Not a full semver implementation (the core uses sver for that); a
 * range outside the forms below is treated as a dist-tag name.
 */

interface Parsed {
  major: number
  minor: number
  patch: number
  pre: string[]
}

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/

function parse(version: string): Parsed | undefined {
  const m = VERSION.exec(version)
  if (!m) return undefined
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ? m[4].split('.') : [] }
}

/** True for an exact version such as `1.2.3`, `1.1.0-beta.1` or deno.land's `v1.2.3`. */
export function isExactVersion(version: string): boolean {
  return VERSION.test(version)
}

/** True when the version has a prerelease part (`1.1.0-beta.1`). */
export function isPrerelease(version: string): boolean {
  return (parse(version)?.pre.length ?? 0) > 0
}

function comparePre(a: string[], b: string[]): number {
  // semver 11.3: a version without prerelease ranks above one with it.
  if (a.length === 0 || b.length === 0) return b.length - a.length
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i]
    const y = b[i]
    if (x === undefined) return -1
    if (y === undefined) return 1
    if (x === y) continue
    const xn = /^\d+$/.test(x)
    const yn = /^\d+$/.test(y)
    if (xn && yn) return Number(x) - Number(y)
    if (xn !== yn) return xn ? -1 : 1
    return x < y ? -1 : 1
  }
  return 0
}

/** Semver precedence; unparseable versions sort first. Usable with `Array.prototype.sort`. */
export function compareVersions(a: string, b: string): number {
  const x = parse(a)
  const y = parse(b)
  if (!x || !y) return x ? 1 : y ? -1 : 0
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch || comparePre(x.pre, y.pre)
}

/** The highest stable version, or the highest version when every one is a prerelease. */
export function highestVersion(versions: readonly string[]): string | undefined {
  const sorted = [...versions].sort(compareVersions)
  return sorted.filter((v) => !isPrerelease(v)).at(-1) ?? sorted.at(-1)
}

/**
 * Whether `version` satisfies `range`, for the forms CDNs see in URLs: `*`, `x`, `` (any),
 * `1`, `1.2`, `1.x`, `^1.2.3`, `~1.2.3` and an exact version. Prereleases only match exactly.
 * Returns `undefined` when `range` is none of these (so the caller can try it as a dist-tag).
 */
export function satisfies(version: string, range: string): boolean | undefined {
  const v = parse(version)
  if (!v) return false
  if (range === version) return true
  if (range === '' || range === '*' || range === 'x') return v.pre.length === 0
  const m = /^([~^]?)v?(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?$/.exec(range)
  if (!m) return isExactVersion(range) ? false : undefined
  if (v.pre.length > 0) return false
  const [, op, majorText, minorText, patchText] = m
  const major = Number(majorText)
  const minor = minorText === undefined || minorText === 'x' ? undefined : Number(minorText)
  const patch = patchText === undefined || patchText === 'x' ? undefined : Number(patchText)
  const atLeast = compareVersions(version, `${major}.${minor ?? 0}.${patch ?? 0}`) >= 0
  if (op === '^') {
    if (!atLeast) return false
    if (major > 0 || minor === undefined) return v.major === major
    if (minor > 0 || patch === undefined) return v.major === 0 && v.minor === minor
    return v.major === 0 && v.minor === 0 && v.patch === patch
  }
  if (op === '~') return atLeast && v.major === major && (minor === undefined || v.minor === minor)
  // A partial version is an x-range; a full one without operator is exact (handled above).
  return v.major === major && (minor === undefined || v.minor === minor) && (patch === undefined || v.patch === patch)
}

/** The highest of `versions` satisfying `range`, or `undefined`. */
export function maxSatisfying(versions: readonly string[], range: string): string | undefined {
  return [...versions].sort(compareVersions).filter((v) => satisfies(v, range) === true).at(-1)
}
