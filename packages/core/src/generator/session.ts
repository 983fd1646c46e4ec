import { createFetcher, type Fetcher } from '../fetch/index.js'
import { createInstaller, type Installer } from '../install/index.js'
import { createProviderRegistry, type ProviderContext, type ProviderRegistry } from '../providers/index.js'
import { fetchPackageJson } from '../providers/converting.js'
import { readLocalPackageJson } from '../providers/nodemodules.js'
import { createRegistrySource, type RegistrySource } from '../registry/index.js'
import type { LogEntry, Logger } from '../types.js'
import { createAnalysisCache, type AnalysisCache } from './analysis-cache.js'
import { readInputMap, type InputState } from './input-map.js'
import type { ResolvedGeneratorOptions } from './options.js'

/**
 * Everything one Generator instance shares across its calls: one fetcher (one cache, one set of
 * limits and counters), the registry clients, the providers, the installer and the log. Built
 * once by the Generator; every other generator module takes it as an argument.
 */
export interface Session {
  options: ResolvedGeneratorOptions
  fetcher: Fetcher
  registry: RegistrySource
  providers: ProviderRegistry
  ctx: ProviderContext
  installer: Installer
  /** Module analyses and SRI, cached for good where the provider names the exact bytes. */
  analyses: AnalysisCache
  log: Logger
  /** Every log line so far, for `logStream()`. */
  logLines: LogEntry[]
  /** Wakes `logStream()` readers. */
  onLog: Set<() => void>
}

/** Builds the session and reads the input map (its resolutions become the installer's lock). */
export function createSession(options: ResolvedGeneratorOptions): { session: Session; input: InputState } {
  const logLines: LogEntry[] = []
  const onLog = new Set<() => void>()
  const log: Logger = (type, message) => {
    logLines.push({ type, message })
    options.log?.(type, message)
    for (const wake of [...onLog]) wake()
  }
  const providers = createProviderRegistry({
    defaultProvider: options.defaultProvider,
    providers: options.providers,
    customProviders: options.customProviders,
    providerConfig: options.providerConfig,
  })
  const input = readInputMap(providers, options.inputMap, options.mapUrl, options.rootUrl, options.ignore)
  const fetcher = createFetcher({
    // Flushed at the end of every trace (generator/trace.ts).
    backgroundWrites: true,
    fetch: options.fetch,
    cache: options.cache,
    cacheDir: options.cacheDir,
    onEvent: (event) => {
      if (event.type === 'retry') log('fetch', `retry ${event.url} (attempt ${event.attempt}): ${event.reason}`)
    },
  })
  const registry = createRegistrySource({
    fetcher,
    npm: { config: options.npm, cwd: options.cwd },
    jsr: { baseUrl: providers.config.jsr.cdnUrl },
    deno: { baseUrl: providers.config.deno.cdnUrl },
  })
  const ctx = providers.context({ fetch: fetcher, sources: { npm: registry.npm, jsr: registry.jsr, deno: registry.deno }, log })
  const installer = createInstaller(
    {
      versions: registry.versions,
      // The registry's entry: dependency fields without waiting for the tarball.
      packageJson: async (pkg) => {
        const published = await registry.manifest(pkg)
        const route = providers.route(pkg)
        const provider = route.auto ? undefined : route.provider
        if (!published || provider?.kind !== 'converting' || !provider.getPackageConfig) return published
        // A converting provider may add dependencies (the polyfills its modules import): they count too.
        const served = await provider.getPackageConfig(pkg, ctx)
        return served?.dependencies ? { ...published, dependencies: { ...served.dependencies, ...published.dependencies } } : published
      },
      folderPackageJson: (url) => (url.startsWith('file:') ? readLocalPackageJson(url) : fetchPackageJson(`${url}package.json`, ctx)),
    },
    {
      mode: options.installMode,
      resolutions: options.resolutions,
      singletons: options.singletons,
      project: options.packageJson,
      baseUrl: options.mapUrl.href,
      unstable: options.unstable,
      lock: input.lock,
      log,
    },
  )
  const analyses = createAnalysisCache({ providers, ctx, records: fetcher.records })
  return { session: { options, fetcher, registry, providers, ctx, installer, analyses, log, logLines, onLog }, input }
}
