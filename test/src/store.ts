import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { compareVersions, isExactVersion } from './semver.js'

/** The registries the fixture server publishes to. */
export type FixtureRegistry = 'npm' | 'jsr' | 'deno'

/** The files of one version: package-relative path (`lib/a.js`, no leading `./`) → bytes. */
export type FixtureFiles = ReadonlyMap<string, Uint8Array>

/**
 * Registry-level facts about a package that belong to no single version, read from an optional
 * `registry.json` beside the version folders.
 */
export interface FixtureRegistryMeta {
  /** npm dist-tags. @default { latest: <highest stable version> } */
  'dist-tags'?: Record<string, string>
  /** npm `deprecated` message per version. */
  deprecated?: Record<string, string>
  /** JSR yanked versions. */
  yanked?: string[]
  /** Package description (npm packument, deno.land apiland). */
  description?: string
}

/** A package with every version the fixtures hold. */
export interface FixturePackage {
  registry: FixtureRegistry
  name: string
  /** version → files, ascending semver order. */
  versions: ReadonlyMap<string, FixtureFiles>
  meta: FixtureRegistryMeta
}

/** A package version given in code rather than on disk (`StartFixtureServerOptions.packages`). */
export interface InlineFixture {
  /** @default 'npm' */
  registry?: FixtureRegistry
  name: string
  version: string
  /** path → contents; strings are UTF-8. npm packages need a `package.json`. */
  files: Record<string, string | Uint8Array>
}

/** Every fixture package, by registry and name. Read-only once loaded. */
export interface FixtureStore {
  get(registry: FixtureRegistry, name: string): FixturePackage | undefined
  names(registry: FixtureRegistry): string[]
}

/** The folder under a fixture root that holds each registry's packages. */
const FOLDERS: Record<FixtureRegistry, string> = { npm: 'packages', jsr: 'jsr', deno: 'deno' }

async function listDir(dir: string): Promise<{ name: string; isDir: boolean }[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true })
    return entries.map((e) => ({ name: e.name, isDir: e.isDirectory() })).sort((a, b) => (a.name < b.name ? -1 : 1))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
}

async function readFiles(dir: string, prefix = '', out: Map<string, Uint8Array> = new Map()): Promise<Map<string, Uint8Array>> {
  for (const entry of await listDir(dir)) {
    const path = prefix + entry.name
    if (entry.isDir) await readFiles(join(dir, entry.name), `${path}/`, out)
    else out.set(path, new Uint8Array(await readFile(join(dir, entry.name))))
  }
  return out
}

/** Package folders of one registry folder: `name/` or `@scope/name/` (npm, JSR). */
async function packageDirs(dir: string): Promise<{ name: string; dir: string }[]> {
  const found: { name: string; dir: string }[] = []
  for (const entry of await listDir(dir)) {
    if (!entry.isDir) continue
    if (!entry.name.startsWith('@')) {
      found.push({ name: entry.name, dir: join(dir, entry.name) })
      continue
    }
    for (const inner of await listDir(join(dir, entry.name))) {
      if (inner.isDir) found.push({ name: `${entry.name}/${inner.name}`, dir: join(dir, entry.name, inner.name) })
    }
  }
  return found
}

interface Building {
  versions: Map<string, FixtureFiles>
  meta: FixtureRegistryMeta
}

function checkManifest(registry: FixtureRegistry, name: string, version: string, files: FixtureFiles, where: string): void {
  if (registry !== 'npm') return
  const raw = files.get('package.json')
  if (!raw) throw new Error(`fixture ${name}@${version} (${where}) has no package.json; add one with "name": "${name}" and "version": "${version}"`)
  const pkg = JSON.parse(new TextDecoder().decode(raw)) as { name?: unknown; version?: unknown }
  if (pkg.name !== name || pkg.version !== version) {
    throw new Error(`fixture ${where}/package.json says ${String(pkg.name)}@${String(pkg.version)}; its folder says ${name}@${version}. Make them agree.`)
  }
}

function addVersion(into: Map<string, Building>, registry: FixtureRegistry, name: string, version: string, files: FixtureFiles, where: string): void {
  if (!isExactVersion(version)) throw new Error(`fixture folder ${where}: "${version}" is not an exact semver version`)
  checkManifest(registry, name, version, files, where)
  const pkg = into.get(name) ?? { versions: new Map<string, FixtureFiles>(), meta: {} }
  if (pkg.versions.has(version)) throw new Error(`fixture ${registry}:${name}@${version} is defined twice (again in ${where}); remove one`)
  pkg.versions.set(version, files)
  into.set(name, pkg)
}

/**
 * Load fixture roots (each may hold `packages/` for npm, `jsr/` and `deno/`, with one folder per
 * version: `packages/@fx/scoped/1.0.0/package.json`) plus inline fixtures, into memory.
 * Roots add versions to each other; the same version twice is an error.
 */
export async function loadFixtures(roots: readonly string[], inline: readonly InlineFixture[] = []): Promise<FixtureStore> {
  const registries = new Map<FixtureRegistry, Map<string, Building>>()
  for (const registry of Object.keys(FOLDERS) as FixtureRegistry[]) {
    const byName = new Map<string, Building>()
    registries.set(registry, byName)
    for (const root of roots) {
      for (const { name, dir } of await packageDirs(join(root, FOLDERS[registry]))) {
        const entries = await listDir(dir)
        for (const entry of entries) {
          if (entry.isDir) addVersion(byName, registry, name, entry.name, await readFiles(join(dir, entry.name)), join(dir, entry.name))
        }
        const pkg = byName.get(name)
        if (pkg && entries.some((e) => e.name === 'registry.json' && !e.isDir)) {
          Object.assign(pkg.meta, JSON.parse(await readFile(join(dir, 'registry.json'), 'utf8')) as FixtureRegistryMeta)
        }
      }
    }
  }
  for (const fixture of inline) {
    const files = new Map(Object.entries(fixture.files).map(([p, c]) => [p, typeof c === 'string' ? new TextEncoder().encode(c) : c] as const))
    const registry = fixture.registry ?? 'npm'
    addVersion(registries.get(registry) ?? new Map(), registry, fixture.name, fixture.version, files, `inline fixture ${fixture.name}@${fixture.version}`)
  }
  const packages = new Map<string, FixturePackage>()
  for (const [registry, byName] of registries) {
    for (const [name, pkg] of byName) {
      const versions = new Map([...pkg.versions].sort(([a], [b]) => compareVersions(a, b)))
      packages.set(`${registry}:${name}`, { registry, name, versions, meta: pkg.meta })
    }
  }
  return {
    get: (registry, name) => packages.get(`${registry}:${name}`),
    names: (registry) => [...packages.values()].filter((p) => p.registry === registry).map((p) => p.name).sort(),
  }
}
