import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { EsmapError, Generator, integrity, type ImportMapJson, type PackageJson } from '@esmap/core'
import { createVendorProvider, type VendorProvider } from '@esmap/builder'
import { packageNameOf, shouldExternalize, type ExternalsConfig } from './externals.js'
import { pinsFromTree, readInstalledTree } from './installed.js'
import { readLock, settleLock } from './lock.js'
import { resolveOptions, type Options, type ResolvedOptions } from './options.js'

/** What the bundler tells the plugin about the build it runs. */
export interface BuildTarget {
  /** The project root (where package.json and the lock live). */
  root: string
  /** `production` for builds, `development` for the dev server. */
  mode: 'production' | 'development'
}

/** A module of the app's own output, for the map's integrity section. */
export interface AppModule {
  /** The URL as the page loads it (`/assets/index-abc.js`). */
  url: string
  code: string | Uint8Array
}

export interface PageMap {
  map: ImportMapJson
  /** Dependencies to preload, with their integrity. */
  preloads: { url: string; integrity?: string }[]
}

/** Everything the plugin knows about one app, created once per plugin instance. */
export interface Context {
  readonly options: ResolvedOptions
  configure(target: BuildTarget): void
  /** Resolves once the project's package.json and installed versions are read. */
  ready(): Promise<void>
  /** Whether a bare import stays bare for the map. */
  isExternal(specifier: string): boolean
  /** The package.json dependencies that stay bare (after `ready()`). */
  externalDependencies(): string[]
  /** A bare import of a package the app does not declare: a warning message, once per package. */
  undeclared(specifier: string, importer: string | undefined): string | undefined
  /** Resolves every external specifier the build uses, settles the lock, and returns the generator. */
  resolveAll(specifiers: readonly string[]): Promise<Generator>
  /** Vendoring (`self` provider): the built files of every module the map reaches, to write under the output. */
  vendorFiles(generator: Generator, externals: readonly string[]): Promise<{ fileName: string; source: Uint8Array }[]>
  /** The map for one page: its static and dynamic externals, plus integrity for the app modules it loads. */
  pageMap(generator: Generator, staticExternals: readonly string[], dynamicExternals: readonly string[], modules: readonly AppModule[]): Promise<PageMap>
}

interface Project {
  packageJson: PackageJson
  dependencies: Set<string>
  pins: Record<string, string>
}

/** Builds the plugin context. `processEnv` is read here, when the plugin is created, never at import time. */
export function createContext(rawOptions: Options | undefined, processEnv: Readonly<Record<string, string | undefined>> = process.env): Context {
  const options = resolveOptions(rawOptions, processEnv)
  let target: BuildTarget | undefined
  let project: Promise<Project> | undefined
  const warned = new Set<string>()

  const loadProject = async (root: string): Promise<Project> => {
    const text = await readFile(join(root, 'package.json'), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '{}'
      throw err
    })
    const packageJson = JSON.parse(text) as PackageJson
    const dependencies = new Set(Object.keys(packageJson.dependencies ?? {}))
    const pins = options.versions === 'installed' ? pinsFromTree(await readInstalledTree(root)) : {}
    return { packageJson, dependencies, pins }
  }

  const need = (): BuildTarget => {
    if (!target) throw new Error('esmap: the plugin was used before the bundler configured it')
    return target
  }
  const vendoring = options.generator.defaultProvider === 'self' || Object.values(options.generator.providers ?? {}).includes('self')
  let vendor: VendorProvider | undefined
  const externals = (deps: Set<string>): ExternalsConfig => ({ include: options.include, exclude: options.exclude, dependencies: deps })
  let dependencies = new Set<string>()

  return {
    options,
    configure(t) {
      target = t
      project = loadProject(t.root)
    },
    async ready() {
      dependencies = (await project!).dependencies
    },
    isExternal(specifier) {
      return shouldExternalize(specifier, externals(dependencies))
    },
    externalDependencies() {
      return [...dependencies].filter((name) => shouldExternalize(name, externals(dependencies))).sort()
    },
    undeclared(specifier, importer) {
      const name = packageNameOf(specifier)
      if (!name || warned.has(name) || dependencies.has(name) || options.include !== undefined) return undefined
      if (name === 'vite' || name.startsWith('@vite/') || name.startsWith('@id/')) return undefined // the bundler's own helpers
      if (importer && /[\\/]node_modules[\\/]/.test(importer)) return undefined
      warned.add(name)
      return `"${specifier}" is imported${importer ? ` by ${importer}` : ''} but "${name}" is not in the dependencies of package.json, so it is bundled into the app instead of loaded through the import map. Fix: add it to "dependencies", or list it in the plugin's "exclude" to keep it bundled without this warning.`
    },
    async resolveAll(specifiers) {
      const { root, mode } = need()
      const p = await project!
      dependencies = p.dependencies
      const lockFile = options.lock === false ? undefined : resolve(root, options.lock)
      const before = lockFile ? await readLock(lockFile) : undefined
      // Vendored packages live on the app's own origin: a virtual one while generating, so the map
      // writes them root-relative (`/_esm/name@version/...`).
      vendor = vendoring ? createVendorProvider({ baseUrl: `${selfOrigin}${options.vendorDir}/`, conditions: [...options.env, mode], sourcemap: true, overrides: options.overrides }) : undefined
      const generator = new Generator({
        ...options.generator,
        // The builder's output imports `process` / `buffer` polyfills (CommonJS packages): build those too.
        ...(vendor ? { customProviders: { ...options.generator.customProviders, self: vendor }, rootUrl: selfOrigin, providers: { process: 'self', buffer: 'self', ...options.generator.providers } } : {}),
        mapUrl: vendor ? selfOrigin : pathToFileURL(`${root}/`),
        cwd: root,
        env: [...options.env, mode],
        packageJson: p.packageJson,
        resolutions: { ...p.pins, ...options.generator.resolutions },
        inputMap: before,
        integrity: options.integrity,
      })
      if (specifiers.length > 0) await generator.link([...new Set(specifiers)].sort())
      // The lock records what builds ship (production); the dev server reads it for versions only.
      if (lockFile && mode === 'production') await settleLock(lockFile, before, generator.getMap(), options.frozen)
      return generator
    },
    async vendorFiles(generator, all) {
      if (!vendor || all.length === 0) return []
      const { staticDeps, dynamicDeps } = await generator.extractMap([...all])
      const files = new Map<string, Uint8Array>()
      for (const url of [...staticDeps, ...dynamicDeps]) {
        const owner = vendor.parseUrlPkg(url, { config: {} as never })
        const build = owner && vendor.built(owner.pkg)
        if (!owner || !build) continue
        const built = (await build).files
        const dir = `${options.vendorDir}/${owner.pkg.name}@${owner.pkg.version}/`
        for (const path of [owner.path, `${owner.path}.map`]) {
          if (path.split('/').some((segment) => segment === '..' || segment === '') || path.startsWith('/')) {
            throw new EsmapError('ESMAP_UNSAFE_PATH', `Refusing to vendor ${owner.pkg.name}@${owner.pkg.version}/${path}: it would leave the package folder`, { specifier: owner.pkg.name, fix: 'Report the package; its build produced an unsafe path.' })
          }
          const bytes = built.get(path)
          if (bytes) files.set(dir + path, bytes)
        }
      }
      return [...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([fileName, source]) => ({ fileName, source }))
    },
    async pageMap(generator, staticExternals, dynamicExternals, modules) {
      const all = [...staticExternals, ...dynamicExternals]
      const { map } = all.length > 0 ? await generator.extractMap(all) : { map: {} as ImportMapJson }
      // Preload what the page imports statically; its dynamic imports load when the app asks.
      const { staticDeps } = staticExternals.length > 0 ? await generator.extractMap([...staticExternals]) : { staticDeps: [] as string[] }
      if (options.integrity) {
        const sri: Record<string, string> = { ...map.integrity }
        for (const m of modules) sri[m.url] = integrity(m.code)
        map.integrity = Object.fromEntries(Object.entries(sri).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      } else delete map.integrity
      const preloadUrls = options.preload === false ? [] : options.preload === 'all' ? Object.keys(map.integrity ?? {}).filter((u) => !modules.some((m) => m.url === u)) : staticDeps
      // Vendored modules were generated under a virtual origin; the page loads them root-relative.
      const pageUrl = (url: string): string => (url.startsWith(selfOrigin) ? `/${url.slice(selfOrigin.length)}` : url)
      const preloads = preloadUrls.filter((u) => !u.startsWith('data:')).map((u) => ({ url: pageUrl(u), integrity: map.integrity?.[pageUrl(u)] }))
      return { map, preloads }
    },
  }
}

/** The virtual origin vendored packages are generated under (written root-relative in the map). */
const selfOrigin = 'https://esmap.self/'

/** An error for the bundler's reporting, naming the specifier, the importer and the fix. */
export function resolutionError(err: unknown): EsmapError {
  if (err instanceof EsmapError) return err
  return new EsmapError('ESMAP_RESOLVE_FAILED', err instanceof Error ? err.message : String(err), { cause: err })
}
