import type { FetchRequest } from '../fetch/index.js'
import type { RegistryClient } from '../registry/types.js'
import type { ExactPackage, Logger } from '../types.js'
import { resolveProviderConfig, type ProviderConfig, type ResolvedProviderConfig } from './config.js'

/** Per-request options providers use (a subset of the fetch layer's `FetchRequest`, plus `revalidate`). */
export interface ProviderFetchRequest extends Pick<FetchRequest, 'immutable'> {
  /**
   * Ask the server again even when a cached answer is still fresh: used when polling for a build,
   * where a cached 404 must not hide the new file. A fetcher without a cache may ignore it.
   */
  revalidate?: boolean
}

/**
 * The HTTP access providers need: the shared fetcher's `json` / `bytes` (`createFetcher` in
 * `../fetch`). `undefined` means "not there" (404 / 410); other failures throw EsmapError.
 */
export interface ProviderFetch {
  json(url: string, request?: ProviderFetchRequest): Promise<unknown>
  bytes(url: string, request?: ProviderFetchRequest): Promise<Uint8Array | undefined>
}

/**
 * Where package metadata and sources come from: the registry clients of `../registry`
 * (`createRegistrySource(...)`'s `npm`, `jsr` and `deno`).
 */
export interface ProviderSources {
  /** The npm registry client: versions, package.json, file lists and files (from the tarball) for every npm-backed provider. */
  npm: RegistryClient
  /** The JSR client (`meta.json`, `<version>_meta.json`, checksummed files). */
  jsr?: RegistryClient
  /**
   * The deno.land client. It reports versions without a tag's `v`; `moduleUrl` (as `DenoClient`
   * has it) tells the tag as published, which deno.land URLs need.
   */
  deno?: RegistryClient & { moduleUrl?(pkg: ExactPackage, path?: string): Promise<string> }
}

/** What URL layout needs: only the resolved per-provider config. */
export interface UrlContext {
  config: ResolvedProviderConfig
}

/** Everything a provider method may use. All state lives here, in the instance the caller built. */
export interface ProviderContext extends UrlContext {
  fetch: ProviderFetch
  sources: ProviderSources
  log: Logger
}

/** The inputs of `createProviderContext`. */
export interface ProviderContextOptions {
  /** The shared fetcher (a `Fetcher` from `createFetcher` fits). */
  fetch: ProviderFetch
  sources: ProviderSources
  /** Per-provider options, as passed to the Generator (ignored when `config` is given). */
  providerConfig?: ProviderConfig
  /** Already resolved options (`ProviderRegistry.config`). */
  config?: ResolvedProviderConfig
  /** @default no logging */
  log?: Logger
}

/** Builds the context providers run in. */
export function createProviderContext(options: ProviderContextOptions): ProviderContext {
  return {
    config: options.config ?? resolveProviderConfig(options.providerConfig),
    sources: options.sources,
    fetch: options.fetch,
    log: options.log ?? (() => {}),
  }
}
