import { homedir as osHomedir } from 'node:os'
import { join } from 'node:path'
import { EsmapError } from '../errors.js'
import type { FetchLike } from '../types.js'
import type { CacheMode, FetchEvent, FetcherOptions } from './types.js'

/** {@link FetcherOptions} with every default applied. */
export interface ResolvedFetcherOptions {
  fetch: FetchLike
  /** `node`: no `fetch` was given, so http(s) goes through Node's own client (fetch/node-transport.ts). */
  transport: 'node' | 'fetch'
  cache: CacheMode
  cacheDir: string
  ttl: number
  concurrency: number
  retries: number
  timeout: number
  budget: number
  retryDelay: number
  maxRetryDelay: number
  headers: Readonly<Record<string, string>>
  onEvent: ((event: FetchEvent) => void) | undefined
  random: () => number
  now: () => number
}

/**
 * The user cache directory for esmap, following the XDG base directory spec where it applies:
 * `$XDG_CACHE_HOME/esmap`, else the platform's per-user cache folder.
 */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>>, home: string, platform: string): string {
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'esmap')
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'esmap', 'cache')
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'esmap')
  return join(home, '.cache', 'esmap')
}

function positive(name: string, value: number | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value < min) {
    throw new EsmapError('ESMAP_INVALID_OPTION', `Fetcher option "${name}" must be a number ≥ ${min}, got ${String(value)}.`, {
      fix: `Pass a number ≥ ${min} for "${name}", or leave it out for the default (${fallback}).`,
    })
  }
  return value
}

/** Applies the defaults documented on {@link FetcherOptions}. Reads `process.env` only when `env` is not given. */
export function resolveFetcherOptions(options: FetcherOptions = {}): ResolvedFetcherOptions {
  const fetchImpl = options.fetch ?? globalThis.fetch
  if (typeof fetchImpl !== 'function') {
    throw new EsmapError('ESMAP_INVALID_OPTION', 'No fetch implementation: globalThis.fetch is missing and no "fetch" option was given.', {
      fix: 'Run on Node 20.19+ or pass a fetch function as the "fetch" option.',
    })
  }
  const cache = options.cache ?? true
  const cacheDir =
    options.cacheDir ?? defaultCacheDir(options.env ?? process.env, options.homedir ?? osHomedir(), process.platform)
  return {
    fetch: fetchImpl,
    transport: options.fetch === undefined ? 'node' : 'fetch',
    cache,
    cacheDir,
    ttl: positive('ttl', options.ttl, 300_000),
    concurrency: Math.floor(positive('concurrency', options.concurrency, 16, 1)),
    retries: Math.floor(positive('retries', options.retries, 4)),
    timeout: positive('timeout', options.timeout, 30_000, 1),
    budget: positive('budget', options.budget, 120_000, 1),
    retryDelay: positive('retryDelay', options.retryDelay, 200),
    maxRetryDelay: positive('maxRetryDelay', options.maxRetryDelay, 30_000),
    headers: { 'user-agent': 'esmap', ...options.headers },
    onEvent: options.onEvent,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  }
}
