import { createFetcher, type Fetcher } from '../fetch/index.js'
import { createInstaller, type Installer, type InstallLock } from '../install/index.js'
import { createProviderRegistry, type ProviderContext, type ProviderRegistry } from '../providers/index.js'
import { fetchPackageJson } from '../providers/converting.js'
import { readLocalPackageJson } from '../providers/nodemodules.js'
import { createRegistrySource, type RegistrySource } from '../registry/index.js'
import type { LogEntry, Logger } from '../types.js'
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
  log: Logger
  /** Every log line so far, for `logStream()`. */
  logLines: LogEntry[]
  /** Wakes `logStream()` readers. */
  onLog: Set<() => void>
}

/** Builds the session; `lock` is the input map's resolutions in package terms. */
export function createSession(options: ResolvedGeneratorOptions, lock: InstallLock | undefined): Session {
  const logLines: LogEntry[] = []
  const onLog = new Set<() => void>()
  const log: Logger = (type, message) => {
    logLines.push({ type, message })
    options.log?.(type, message)
    for (const wake of onLog) wake()
  }
  const fetcher = createFetcher({
    fetch: options.fetch,
    cache: options.cache,
    cacheDir: options.cacheDir,
    onEvent: (event) => {
      if (event.type === 'retry') log('fetch', `retry ${event.url} (attempt ${event.attempt}): ${event.reason}`)
    },
  })
  const providerConfig = options.providerConfig as Record<string, { cdnUrl?: string } | undefined>
  const registry = createRegistrySource({
    fetcher,
    npm: { config: options.npm, cwd: options.cwd },
    jsr: providerConfig.jsr?.cdnUrl ? { baseUrl: providerConfig.jsr.cdnUrl } : {},
    deno: providerConfig.deno?.cdnUrl ? { baseUrl: providerConfig.deno.cdnUrl } : {},
  })
  const providers = createProviderRegistry({
    defaultProvider: options.defaultProvider,
    providers: options.providers,
    customProviders: options.customProviders,
    providerConfig: options.providerConfig,
  })
  const ctx = providers.context({ fetch: fetcher, sources: { npm: registry.npm, jsr: registry.jsr, deno: registry.deno }, log })
  const source = {
    versions: registry.versions,
    packageJson: registry.packageJson,
    folderPackageJson: (url: string) => (url.startsWith('file:') ? readLocalPackageJson(url) : fetchPackageJson(`${url}package.json`, ctx)),
  }
  const installer = createInstaller(source, {
    mode: options.installMode,
    resolutions: options.resolutions,
    singletons: options.singletons,
    project: options.packageJson,
    baseUrl: options.mapUrl.href,
    unstable: options.unstable,
    lock,
    log,
  })
  return { options, fetcher, registry, providers, ctx, installer, log, logLines, onLog }
}
