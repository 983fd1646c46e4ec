import type { ExactPackage, PackageJson, Registry, VersionList } from '../types.js'
import { isLocal, packageKey, parsePackageKey } from './package-key.js'
import type { InstalledPackage, Installer, InstallLock, InstallSource } from './types.js'

/** An in-memory registry for the installer's tests: made-up packages, no I/O. */

type Fields = Pick<PackageJson, 'dependencies' | 'peerDependencies' | 'optionalDependencies'>

interface FixturePackage {
  /** version → the package.json dependency fields. */
  versions: Record<string, Fields>
  tags: Record<string, string>
  yanked?: string[]
}

const react = (peer?: string): Fields => (peer ? { peerDependencies: { react: peer } } : {})

/** `registry:name` → package. */
export const REGISTRY: Record<string, FixturePackage> = {
  'npm:react': {
    versions: { '16.14.0': {}, '17.0.1': {}, '17.0.2': {}, '18.2.0': {}, '18.3.1': {}, '19.0.0-rc.1': {} },
    tags: { latest: '18.3.1', next: '19.0.0-rc.1' },
  },
  'npm:react-dom': {
    versions: {
      '17.0.2': { dependencies: { scheduler: '^0.20.2' }, ...react('17.0.2') },
      '18.2.0': { dependencies: { scheduler: '^0.23.0' }, ...react('^18.2.0') },
      '18.3.1': { dependencies: { scheduler: '^0.23.2' }, ...react('^18.3.1') },
    },
    tags: { latest: '18.3.1' },
  },
  'npm:scheduler': { versions: { '0.20.2': {}, '0.23.0': {}, '0.23.2': {} }, tags: { latest: '0.23.2' } },
  'npm:lib': {
    versions: { '1.0.0': {}, '1.0.5': {}, '1.2.0': {}, '1.9.0': {}, '2.0.0': {}, '2.1.0-beta.1': {} },
    tags: { latest: '2.0.0', beta: '2.1.0-beta.1' },
  },
  'npm:app-a': { versions: { '1.0.0': { dependencies: { lib: '^1.0.0' } } }, tags: { latest: '1.0.0' } },
  'npm:app-b': { versions: { '1.0.0': { dependencies: { lib: '~1.0.0' } } }, tags: { latest: '1.0.0' } },
  'npm:app-c': { versions: { '1.0.0': { dependencies: { lib: '^1.2.0' } } }, tags: { latest: '1.0.0' } },
  'npm:legacy-widget': {
    versions: { '1.0.0': { dependencies: { react: '^17.0.0', 'react-dom': '^17.0.0' } } },
    tags: { latest: '1.0.0' },
  },
  'npm:hooks-lib': { versions: { '1.0.0': { dependencies: { react: '^18.3.0' } } }, tags: { latest: '1.0.0' } },
  'npm:ui-kit': {
    versions: { '2.0.0': { dependencies: { lib: '^1.2.0' }, peerDependencies: { react: '^18.0.0', 'react-dom': '^18.0.0' } } },
    tags: { latest: '2.0.0' },
  },
  'npm:preact': { versions: { '10.19.0': {}, '10.22.0': {} }, tags: { latest: '10.22.0' } },
  'npm:tagged': { versions: { '1.0.0': {}, '2.0.0': {}, '3.0.0-beta.1': {} }, tags: { latest: '1.0.0', next: '3.0.0-beta.1' } },
  'npm:sloppy': { versions: { '1.0.0': { dependencies: { 'not-published': '^1.0.0', gitdep: 'github:user/repo' } } }, tags: { latest: '1.0.0' } },
  'jsr:@std/path': { versions: { '0.225.0': {}, '1.0.0': {}, '1.0.1': {} }, tags: { latest: '1.0.1' }, yanked: ['1.0.1'] },
}

export interface FixtureSourceOptions {
  /** Local folders: URL → package.json. */
  folders?: Record<string, PackageJson>
  /** Milliseconds each request waits, by request label; to make completion order differ from call order. */
  delay?: (request: string) => number
  /** Reverse every version list and dependency map, to check that order does not matter. */
  reversed?: boolean
}

/** A source over `REGISTRY` that records each request (`versions npm:react`, `packageJson npm:react@18.3.1`). */
export function fixtureSource(options: FixtureSourceOptions = {}): InstallSource & { requests: string[] } {
  const requests: string[] = []
  const answer = async <T>(request: string, value: T): Promise<T> => {
    requests.push(request)
    const ms = options.delay?.(request) ?? 0
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms))
    return structuredClone(value)
  }
  const order = <T>(items: T[]): T[] => (options.reversed ? items.reverse() : items)
  return {
    requests,
    versions(registry: Registry, name: string): Promise<VersionList | undefined> {
      const pkg = REGISTRY[`${registry}:${name}`]
      const list = pkg && { versions: order(Object.keys(pkg.versions)), tags: pkg.tags, ...(pkg.yanked ? { yanked: pkg.yanked } : {}) }
      return answer(`versions ${registry}:${name}`, list)
    },
    packageJson(pkg: ExactPackage): Promise<PackageJson | undefined> {
      const fields = REGISTRY[`${pkg.registry}:${pkg.name}`]?.versions[pkg.version]
      const pjson = fields && reorder({ name: pkg.name, version: pkg.version, ...fields }, options.reversed === true)
      return answer(`packageJson ${packageKey(pkg)}`, pjson)
    },
    folderPackageJson(url: string): Promise<PackageJson | undefined> {
      return answer(`folderPackageJson ${url}`, options.folders?.[url])
    },
  }
}

function reorder(pjson: PackageJson, reversed: boolean): PackageJson {
  if (!reversed) return pjson
  const out: PackageJson = { ...pjson }
  for (const field of ['dependencies', 'peerDependencies'] as const) {
    const deps = pjson[field]
    if (deps) out[field] = Object.fromEntries(Object.entries(deps).reverse())
  }
  return out
}

/**
 * What the Generator does after installing primaries, for a whole tree: breadth-first from the
 * primaries, each package's declared dependencies and peers resolved in name order; then prune.
 * The names come from `REGISTRY` and `folders` directly, so that the source's request log holds
 * only the installer's own requests.
 */
export async function resolveTree(installer: Installer, folders: Record<string, PackageJson> = {}): Promise<void> {
  const seen = new Set<string>()
  let level: InstalledPackage[] = [...installer.toLock().primary.values()]
  while (level.length > 0) {
    const next: InstalledPackage[] = []
    for (const pkg of [...level].sort((a, b) => (packageKey(a) < packageKey(b) ? -1 : 1))) {
      const key = packageKey(pkg)
      if (seen.has(key)) continue
      seen.add(key)
      const pjson = isLocal(pkg) ? folders[pkg.url] : REGISTRY[`${pkg.registry}:${pkg.name}`]?.versions[pkg.version]
      const names = Object.keys({ ...pjson?.dependencies, ...pjson?.peerDependencies })
      next.push(...(await installer.resolveDependencies(pkg, names)).values())
    }
    level = next
  }
  installer.prune()
}

/** A lock as plain sorted data, for exact comparisons: `{ imports, scopes }` of package keys. */
export function lockJson(lock: InstallLock): { imports: Record<string, string>; scopes: Record<string, Record<string, string>> } {
  const entries = (m: Map<string, InstalledPackage>): Record<string, string> => Object.fromEntries([...m].map(([k, v]) => [k, packageKey(v)]))
  return { imports: entries(lock.primary), scopes: Object.fromEntries([...lock.secondary].map(([k, v]) => [k, entries(v)])) }
}

/** The lock of `{ imports, scopes }` (package keys, as `lockJson` gives). */
export function lockOf(json: { imports?: Record<string, string>; scopes?: Record<string, Record<string, string>> }): InstallLock {
  const parse = (key: string): InstalledPackage => {
    const pkg = parsePackageKey(key)
    if (pkg === undefined) throw new Error(`not a package key: ${key}`)
    return pkg
  }
  const entries = (r: Record<string, string>): Map<string, InstalledPackage> => new Map(Object.entries(r).map(([k, v]) => [k, parse(v)]))
  return {
    primary: entries(json.imports ?? {}),
    secondary: new Map(Object.entries(json.scopes ?? {}).map(([k, v]) => [k, entries(v)])),
  }
}
