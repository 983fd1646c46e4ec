import { EsmapError } from '../errors.js'

/** Options every CDN provider takes. */
export interface CdnOptions {
  /**
   * The base URL that `name@version/` follows: a mirror, or the fixture server in tests.
   * A missing trailing `/` is added.
   */
  cdnUrl?: string
}

/** Options of the `jspm.io` provider. */
export interface JspmOptions extends CdnOptions {
  /** @default 'https://ga.jspm.io/' */
  cdnUrl?: string
  /** The SystemJS layer (`jspm.io#system`). @default 'https://ga.system.jspm.io/' */
  systemCdnUrl?: string
  /** The jspm.io API, whose `build/name@version` endpoint queues a build. @default 'https://api.jspm.io/' */
  apiUrl?: string
  /** Ask the build API to build a version that the CDN has not built yet, then wait for it. @default false */
  requestBuild?: boolean
  /** How long to wait for a requested build, in milliseconds. @default 120000 */
  buildTimeout?: number
  /** How often to check whether a requested build is ready, in milliseconds. @default 5000 */
  buildPollInterval?: number
}

/** Options of the `auto` route: which raw-file and which converting provider to choose between. */
export interface AutoOptions {
  /** Serves packages whose modules are ES modules. @default 'jsdelivr' */
  raw?: string
  /** Serves everything else (CommonJS). @default 'jspm.io' */
  converting?: string
}

/** `providerConfig`: per-provider options, keyed by provider name. Custom providers may have their own entry. */
export interface ProviderConfig {
  'jspm.io'?: JspmOptions
  /** @default { cdnUrl: 'https://cdn.jsdelivr.net/npm/' } */
  jsdelivr?: CdnOptions
  /** @default { cdnUrl: 'https://unpkg.com/' } */
  unpkg?: CdnOptions
  /** @default { cdnUrl: 'https://esm.sh/' } */
  'esm.sh'?: CdnOptions
  /** @default { cdnUrl: 'https://cdn.skypack.dev/' } */
  skypack?: CdnOptions
  /** `cdnUrl` is the host root that `x/name@version/` and `std@version/` follow. @default { cdnUrl: 'https://deno.land/' } */
  deno?: CdnOptions
  /** @default { cdnUrl: 'https://jsr.io/' } */
  jsr?: CdnOptions
  /**
   * Where the app serves vendored packages. May be root-relative; the URLs are then root-relative too,
   * and must be resolved against the app's root URL before they are used as absolute URLs.
   * @default { cdnUrl: '/_esm/' }
   */
  self?: CdnOptions
  auto?: AutoOptions
  [provider: string]: object | undefined
}

/** `ProviderConfig` after defaults: every base URL set and ending in `/`. */
export interface ResolvedProviderConfig {
  'jspm.io': Required<JspmOptions>
  jsdelivr: Required<CdnOptions>
  unpkg: Required<CdnOptions>
  'esm.sh': Required<CdnOptions>
  skypack: Required<CdnOptions>
  deno: Required<CdnOptions>
  jsr: Required<CdnOptions>
  self: Required<CdnOptions>
  auto: Required<AutoOptions>
  /** Entries for custom providers, as given. */
  custom: Readonly<Record<string, object | undefined>>
}

/** Names that mean the same provider, as in the reference (`jspm` for `jspm.io`). */
export const providerAliases: Readonly<Record<string, string>> = {
  jspm: 'jspm.io',
  'jspm.system': 'jspm.io#system',
  denoland: 'deno',
  esmsh: 'esm.sh',
  node_modules: 'nodemodules',
}

/** The canonical name for a provider name (`jspm` → `jspm.io`); layers stay attached. */
export function canonicalProviderName(name: string): string {
  return providerAliases[name] ?? name
}

/** Options → resolved options, in one place: defaults applied, aliases folded, base URLs checked. */
export function resolveProviderConfig(config: ProviderConfig = {}): ResolvedProviderConfig {
  const get = (name: string): Record<string, unknown> => {
    const aliased = Object.entries(config).filter(([key]) => canonicalProviderName(key) === name)
    return Object.assign({}, ...aliased.map(([, value]) => value)) as Record<string, unknown>
  }
  const cdn = (name: string, fallback: string): Required<CdnOptions> => ({ cdnUrl: baseUrl(name, get(name).cdnUrl ?? fallback) })
  const jspm = get('jspm.io') as JspmOptions
  const auto = get('auto') as AutoOptions
  const builtin = new Set(['jspm.io', 'jsdelivr', 'unpkg', 'esm.sh', 'skypack', 'deno', 'jsr', 'self', 'auto'])
  return {
    'jspm.io': {
      cdnUrl: baseUrl('jspm.io', jspm.cdnUrl ?? 'https://ga.jspm.io/'),
      systemCdnUrl: baseUrl('jspm.io', jspm.systemCdnUrl ?? 'https://ga.system.jspm.io/'),
      apiUrl: baseUrl('jspm.io', jspm.apiUrl ?? 'https://api.jspm.io/'),
      requestBuild: jspm.requestBuild ?? false,
      buildTimeout: jspm.buildTimeout ?? 120_000,
      buildPollInterval: jspm.buildPollInterval ?? 5_000,
    },
    jsdelivr: cdn('jsdelivr', 'https://cdn.jsdelivr.net/npm/'),
    unpkg: cdn('unpkg', 'https://unpkg.com/'),
    'esm.sh': cdn('esm.sh', 'https://esm.sh/'),
    skypack: cdn('skypack', 'https://cdn.skypack.dev/'),
    deno: cdn('deno', 'https://deno.land/'),
    jsr: cdn('jsr', 'https://jsr.io/'),
    self: cdn('self', '/_esm/'),
    auto: {
      raw: canonicalProviderName(auto.raw ?? 'jsdelivr'),
      converting: canonicalProviderName(auto.converting ?? 'jspm.io'),
    },
    custom: Object.fromEntries(Object.entries(config).filter(([key]) => !builtin.has(canonicalProviderName(key)))),
  }
}

/** A base URL ending in `/`: absolute, or root-relative (`/_esm/`). */
function baseUrl(provider: string, value: unknown): string {
  const ok = typeof value === 'string' && (URL.canParse(value) || value.startsWith('/'))
  if (!ok) {
    throw new EsmapError('ESMAP_INVALID_PROVIDER_CONFIG', `providerConfig["${provider}"] has an invalid base URL ${JSON.stringify(value)}`, {
      fix: 'Give an absolute URL such as "https://cdn.example.com/npm/" (or a root-relative path such as "/_esm/" for self).',
    })
  }
  return value.endsWith('/') ? value : `${value}/`
}
