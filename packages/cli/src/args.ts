import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { createProviderRegistry, type ProviderConfig } from '@esmap/core'
import { resolveConditions } from './conditions.js'
import { UsageError } from './errors.js'
import { flagSpecs, type FlagName } from './flags.js'

/** The flags as given, by name. */
export interface FlagValues {
  map?: string
  out?: string
  stdout?: boolean
  provider?: string
  conditions?: string[]
  resolution?: string[]
  integrity?: boolean
  preload?: string | false
  'flatten-scopes'?: boolean
  'combine-subpaths'?: boolean
  root?: string
  offline?: boolean
  frozen?: boolean
  'cache-dir'?: string
  registry?: string
  'cdn-url'?: string[]
  quiet?: boolean
  json?: boolean
  help?: boolean
  host?: string
  port?: string
  'storage-dir'?: string
  'public-url'?: string
  raw?: boolean
}

export interface ParsedArgs {
  positionals: string[]
  values: FlagValues
}

/** `--preload` takes an optional value: `--preload`, `--preload static`, `--preload all`, `--no-preload`. */
function normalizePreload(argv: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') {
      out.push(...argv.slice(i))
      break
    }
    if (arg === '--no-preload') out.push('--preload=none')
    else if (arg !== '--preload') out.push(arg)
    else if (argv[i + 1] === 'static' || argv[i + 1] === 'all') out.push(`--preload=${argv[++i]}`)
    else out.push('--preload=static')
  }
  return out
}

const usageFix = (command: string): string => `Run "esmap ${command} --help" to see its flags.`

/**
 * Parses a command's arguments. Every flag is checked here, so a typo fails with exit code 2
 * before any work: unknown flags, flags the command does not take, missing values, values given
 * to switches, and single-valued flags given twice.
 */
export function parseCommandArgs(command: string, argv: readonly string[], allowed: readonly FlagName[]): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries(flagSpecs).map(([name, spec]) => [name, { type: spec.type, ...(spec.short && { short: spec.short }), ...(spec.multiple && { multiple: true }) }]),
  )
  const { tokens } = parseArgs({ args: normalizePreload(argv), options, strict: false, allowPositionals: true, allowNegative: true, tokens: true })
  const positionals: string[] = []
  const values: Record<string, string | boolean | string[]> = {}
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value)
    if (token.kind !== 'option') continue
    const name = token.name as FlagName
    const spec = Object.hasOwn(flagSpecs, name) ? flagSpecs[name] : undefined
    const negated = token.rawName.startsWith('--no-')
    if (spec === undefined || (negated && !spec.negatable)) {
      throw new UsageError('ESMAP_CLI_UNKNOWN_FLAG', `Unknown flag ${token.rawName} for "esmap ${command}"`, { specifier: token.rawName, fix: usageFix(command) })
    }
    if (!allowed.includes(name)) {
      throw new UsageError('ESMAP_CLI_UNKNOWN_FLAG', `"esmap ${command}" does not take ${token.rawName}`, { specifier: token.rawName, fix: usageFix(command) })
    }
    if (spec.type === 'boolean') {
      if (token.value !== undefined) {
        throw new UsageError('ESMAP_CLI_INVALID_FLAG', `${token.rawName} takes no value, got "${token.value}"`, { specifier: token.rawName, fix: `Write ${token.rawName} alone${spec.negatable ? `, or --no-${name} to turn it off` : ''}.` })
      }
      values[name] = !negated
      continue
    }
    const value = token.value
    if (value === undefined || (!token.inlineValue && value.startsWith('-') && value !== '-')) {
      throw new UsageError('ESMAP_CLI_MISSING_VALUE', `${token.rawName} needs a value: ${token.rawName} ${spec.value ?? '<value>'}`, { specifier: token.rawName, fix: usageFix(command) })
    }
    if (spec.multiple) values[name] = [...((values[name] as string[] | undefined) ?? []), value]
    else if (values[name] !== undefined) {
      throw new UsageError('ESMAP_CLI_INVALID_FLAG', `${token.rawName} was given twice ("${String(values[name])}" and "${value}")`, { specifier: token.rawName, fix: `Give ${token.rawName} once.` })
    } else values[name] = name === 'preload' && value === 'none' ? false : value
  }
  return { positionals, values: values as FlagValues }
}

/** The options every command works from: paths absolute, defaults applied, values checked. */
export interface ResolvedOptions {
  cwd: string
  /** The current map (absolute path). @default `<cwd>/importmap.json` */
  map: string
  /** Where the result goes (absolute path). @default the map */
  out: string
  /** Print the result instead of writing it. @default false */
  stdout: boolean
  /** The provider for new installs. @default undefined (the core's default, jspm.io) */
  provider: string | undefined
  /** Environment conditions. @default ['browser', 'development', 'module'] */
  env: string[]
  /** `-r name=target`. @default {} */
  resolutions: Record<string, string>
  /** @default undefined: the command decides (on when the current map has integrity) */
  integrity: boolean | undefined
  /** @default undefined: the command decides (off; static for inject) */
  preload: 'static' | 'all' | false | undefined
  /** @default true */
  flattenScopes: boolean
  /** @default true */
  combineSubpaths: boolean
  /** The URL that `/` stands for. @default undefined */
  rootUrl: URL | undefined
  /** @default false */
  offline: boolean
  /** @default false */
  frozen: boolean
  /** @default undefined (the user cache) */
  cacheDir: string | undefined
  /** @default undefined (from .npmrc) */
  registry: string | undefined
  /** Base URL overrides per provider (`--cdn-url`). @default {} */
  providerConfig: ProviderConfig
  /** @default false */
  quiet: boolean
  /** @default false */
  json: boolean
  /** `esmap serve`: where it listens and stores, as given (`undefined`: the server's defaults). */
  serve: { host: string | undefined; port: number | undefined; storageDir: string | undefined; publicUrl: string | undefined; raw: boolean; conditions: string[] | undefined }
}

function httpUrl(flag: string, value: string): string {
  const url = URL.parse(value)
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError('ESMAP_CLI_INVALID_FLAG', `${flag} needs an http(s) URL, got "${value}"`, { specifier: value, fix: `Give an absolute URL such as https://registry.example.com/.` })
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`
}

function parseResolution(value: string): [string, string] {
  const at = value.indexOf('=', 1)
  const name = at < 0 ? '' : value.slice(0, at).trim()
  const target = at < 0 ? '' : value.slice(at + 1).trim()
  if (!name || !target) {
    throw new UsageError('ESMAP_CLI_INVALID_FLAG', `--resolution "${value}" is not name=target`, { specifier: value, fix: 'Write it as -r name=target, e.g. -r react=18.3.1 or -r lodash=npm:lodash-es@^4.' })
  }
  return [name, target]
}

/** `--cdn-url [provider=]url` → providerConfig. Without a provider it is the --provider's one. */
function cdnUrls(values: readonly string[], provider: string | undefined): ProviderConfig {
  const config: Record<string, { cdnUrl: string }> = {}
  const known = createProviderRegistry()
  for (const value of values) {
    const named = /^([^=:/]+)=(.+)$/.exec(value)
    const ref = named ? named[1]! : (provider ?? 'jspm.io')
    const name = ref.split('#')[0]!
    if (name === 'auto') {
      throw new UsageError('ESMAP_CLI_INVALID_FLAG', `--cdn-url "${value}" needs a provider: "auto" chooses between two`, { specifier: value, fix: 'Name the provider: --cdn-url jsdelivr=<url> (or jspm.io=<url>).' })
    }
    const found = known.get(name)
    if (found === undefined) {
      throw new UsageError('ESMAP_UNKNOWN_PROVIDER', `--cdn-url "${value}" names no known provider "${name}"`, { specifier: value, fix: 'Use a provider such as jspm.io, jsdelivr, unpkg, esm.sh, skypack, jsr or deno.' })
    }
    config[found.name] = { cdnUrl: httpUrl('--cdn-url', named ? named[2]! : value) }
  }
  return config as ProviderConfig
}

function rootUrl(value: string, cwd: string): URL {
  if (/^[a-z][a-z\d+.-]+:/i.test(value)) {
    const url = URL.parse(value)
    if (url === null) throw new UsageError('ESMAP_CLI_INVALID_FLAG', `--root "${value}" is not a valid URL`, { specifier: value, fix: 'Give a folder or an absolute URL.' })
    return url.href.endsWith('/') ? url : new URL(`${url.href}/`)
  }
  return pathToFileURL(`${resolve(cwd, value)}/`)
}

/** Flags → options, in one place: every default applied, every value checked. */
export function resolveOptions(values: FlagValues, cwd: string): ResolvedOptions {
  const map = resolve(cwd, values.map ?? 'importmap.json')
  const preload = values.preload
  if (preload !== undefined && preload !== false && preload !== 'static' && preload !== 'all') {
    throw new UsageError('ESMAP_CLI_INVALID_FLAG', `--preload takes static or all, got "${preload}"`, { specifier: preload, fix: 'Write --preload, --preload static, --preload all, or --no-preload.' })
  }
  return {
    cwd,
    map,
    out: values.out === undefined ? map : resolve(cwd, values.out),
    stdout: values.stdout ?? false,
    provider: values.provider,
    env: resolveConditions(values.conditions ?? []),
    resolutions: Object.fromEntries((values.resolution ?? []).map(parseResolution)),
    integrity: values.integrity,
    preload,
    flattenScopes: values['flatten-scopes'] ?? true,
    combineSubpaths: values['combine-subpaths'] ?? true,
    rootUrl: values.root === undefined ? undefined : rootUrl(values.root, cwd),
    offline: values.offline ?? false,
    frozen: values.frozen ?? false,
    cacheDir: values['cache-dir'] === undefined ? undefined : resolve(cwd, values['cache-dir']),
    registry: values.registry === undefined ? undefined : httpUrl('--registry', values.registry),
    providerConfig: cdnUrls(values['cdn-url'] ?? [], values.provider),
    quiet: values.quiet ?? false,
    json: values.json ?? false,
    serve: {
      host: values.host,
      port: values.port === undefined ? undefined : port(values.port),
      storageDir: values['storage-dir'] === undefined ? undefined : resolve(cwd, values['storage-dir']),
      publicUrl: values['public-url'] === undefined ? undefined : httpUrl('--public-url', values['public-url']),
      raw: values.raw ?? false,
      // The server builds for production unless told otherwise.
      conditions: values.conditions === undefined ? undefined : resolveConditions(values.conditions, ['browser', 'production', 'module']),
    },
  }
}

function port(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n > 65535) {
    throw new UsageError('ESMAP_CLI_INVALID_FLAG', `--port takes a port number from 0 to 65535, got "${value}"`, { specifier: value, fix: 'Give --port 8790, or --port 0 for any free port.' })
  }
  return n
}
