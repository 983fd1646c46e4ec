import { createFetcher, createRegistrySource, type Fetcher, type RegistrySource } from '@esmap/core'
import type { ResolvedOptions } from './args.js'

/** One fetcher and the registry clients over it, configured from the flags as the Generator configures its own. */
export interface Sources {
  fetcher: Fetcher
  registry: RegistrySource
}

/** The registries (npm, JSR, deno.land) behind the flags: `--registry`, `--cdn-url jsr=`/`deno=`, the cache flags. */
export function createSources(options: ResolvedOptions): Sources {
  const fetcher = createFetcher({ cache: options.offline ? 'offline' : true, cacheDir: options.cacheDir })
  const config = options.providerConfig as Record<string, { cdnUrl?: string } | undefined>
  const registry = createRegistrySource({
    fetcher,
    npm: { config: options.registry ? { registry: options.registry, scopes: {}, credentials: {} } : undefined, cwd: options.cwd },
    jsr: config.jsr?.cdnUrl ? { baseUrl: config.jsr.cdnUrl } : {},
    deno: config.deno?.cdnUrl ? { baseUrl: config.deno.cdnUrl } : {},
  })
  return { fetcher, registry }
}
