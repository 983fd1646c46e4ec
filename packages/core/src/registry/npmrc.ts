/**
 * npm's configuration as far as fetching goes: which registry serves a package, and which
 * credentials go with a URL. Pure functions over `.npmrc` text and the environment; reading the
 * files is in npmrc-files.ts.
 */

export type Env = Readonly<Record<string, string | undefined>>

/** Credentials for one registry prefix: a bearer token, or basic auth (base64 of `user:password`). */
export type NpmCredential = { token: string } | { basic: string }

export interface NpmConfig {
  /** The default registry, ending in `/`. */
  registry: string
  /** `@scope` → registry, ending in `/`. */
  scopes: Record<string, string>
  /** Nerf dart (`//host[:port]/path/`) → credentials for URLs under it. */
  credentials: Record<string, NpmCredential>
}

export const defaultRegistry = 'https://registry.npmjs.org/'

/**
 * Replaces `${VAR}` the way npm does: with the variable's value; left as written when unset, unless
 * written `${VAR?}`, which becomes empty. Backslashes pair up as escapes: an odd run before `$` keeps
 * the expression literal (`\${VAR}` → `${VAR}`), and each pair stands for one backslash.
 */
export function expandEnv(text: string, env: Env): string {
  return text.replace(/(?<!\\)(\\*)\$\{([^${}?]+)(\?)?\}/g, (whole, slashes: string, name: string, optional?: string) => {
    if (slashes.length % 2 === 1) return whole.slice((slashes.length + 1) / 2)
    const value = env[name] ?? (optional ? '' : `\${${name}}`)
    return `${slashes.slice(slashes.length / 2)}${value}`
  })
}

/** A quoted ini value is a JSON string (`"a b"`) or a single-quoted literal (`'a b'`). */
function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    try {
      return JSON.parse(value) as string
    } catch {
      return value.slice(1, -1)
    }
  }
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1)
  return value
}

/**
 * Parses `.npmrc` text (ini): `key = value` lines; `;` and `#` start comment lines; `[section]`
 * lines start sections, whose keys npm does not use (skipped); `key[] = v` is read as `key = v`;
 * `${VAR}` is expanded in keys and values. Later lines win.
 */
export function parseNpmrc(text: string, env: Env): Record<string, string> {
  const out: Record<string, string> = {}
  let inSection = false
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (!line || line.startsWith(';') || line.startsWith('#')) continue
    if (/^\[.*\]$/.test(line)) {
      inSection = true
      continue
    }
    if (inSection) continue
    const eq = line.indexOf('=')
    const rawKey = (eq === -1 ? line : line.slice(0, eq)).trim().replace(/\[\]$/, '')
    const rawValue = eq === -1 ? 'true' : line.slice(eq + 1).trim()
    if (!rawKey) continue
    out[expandEnv(unquote(rawKey), env)] = expandEnv(unquote(rawValue), env)
  }
  return out
}

/**
 * The config keys set through the environment: `npm_config_registry` and
 * `npm_config_@scope:registry` (any case of the `npm_config_` prefix; the lower-case one wins).
 */
export function npmrcFromEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {}
  const entries = Object.entries(env).sort(([a], [b]) => (a.startsWith('npm_') ? 1 : 0) - (b.startsWith('npm_') ? 1 : 0))
  for (const [name, value] of entries) {
    if (value === undefined || !/^npm_config_/i.test(name)) continue
    const key = name.slice('npm_config_'.length)
    if (/^registry$/i.test(key)) out.registry = value
    else if (/^@[^:]+:registry$/i.test(key)) out[key.toLowerCase()] = value
  }
  return out
}

/** `url` with a trailing slash. */
const withSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`)

/**
 * npm's "nerf dart" of a URL: protocol, query and last path segment dropped, `//host[:port]/dir/`
 * kept. Credentials are keyed by it, so they follow the host and path but not the protocol.
 */
export function nerfDart(url: string): string {
  const parsed = new URL(url)
  const dir = new URL('.', `${parsed.protocol}//${parsed.host}${parsed.pathname}`)
  return `//${dir.host}${dir.pathname}`
}

function credentialAt(settings: Record<string, string>, prefix: string): NpmCredential | undefined {
  const token = settings[`${prefix}_authToken`]
  if (token) return { token }
  const auth = settings[`${prefix}_auth`]
  if (auth) return { basic: auth }
  const username = settings[`${prefix}username`]
  const password = settings[`${prefix}_password`]
  if (username && password) {
    return { basic: Buffer.from(`${username}:${Buffer.from(password, 'base64').toString('utf8')}`).toString('base64') }
  }
  return undefined
}

/**
 * Merges config layers (lowest precedence first: user file, project file, environment) into an
 * {@link NpmConfig}. Credentials are `//host/path/:_authToken`, `:_auth`, or `:username` +
 * `:_password` (base64); legacy top-level `_authToken` / `_auth` apply to the default registry.
 */
export function resolveNpmConfig(layers: readonly Record<string, string>[]): NpmConfig {
  const settings: Record<string, string> = Object.assign({}, ...layers)
  const registry = withSlash(settings.registry || defaultRegistry)
  const scopes: Record<string, string> = {}
  const credentials: Record<string, NpmCredential> = {}
  for (const key of Object.keys(settings)) {
    const scope = /^(@[^:]+):registry$/.exec(key)
    if (scope?.[1] && settings[key]) scopes[scope[1].toLowerCase()] = withSlash(settings[key])
    const dart = /^(\/\/.+\/):(?:_authToken|_auth|username|_password)$/.exec(key)
    if (dart?.[1] && !credentials[dart[1]]) {
      const credential = credentialAt(settings, `${dart[1]}:`)
      if (credential) credentials[dart[1]] = credential
    }
  }
  const legacy = credentialAt(settings, '')
  const registryDart = nerfDart(registry)
  if (legacy && !credentials[registryDart]) credentials[registryDart] = legacy
  return { registry, scopes, credentials }
}

/** The registry serving `name`: its scope's registry if one is set, else the default one. */
export function registryFor(config: NpmConfig, name: string): string {
  if (name.startsWith('@')) {
    const scope = name.slice(0, name.indexOf('/')).toLowerCase()
    const scoped = config.scopes[scope]
    if (scoped) return scoped
  }
  return config.registry
}

/**
 * The `authorization` header for `url`, or `undefined`. Like npm, the credentials are those of the
 * longest nerf dart that contains the URL (`//host/a/b/`, then `//host/a/`, then `//host/`), so a
 * token is sent to its own host and path only, tarball URLs included, and never to another host or port.
 */
export function authorizationFor(config: NpmConfig, url: string): string | undefined {
  let dart = nerfDart(url)
  for (;;) {
    const credential = config.credentials[dart]
    if (credential) return 'token' in credential ? `Bearer ${credential.token}` : `Basic ${credential.basic}`
    const parent = dart.replace(/[^/]+\/$/, '')
    if (parent === dart || parent === '//') return undefined
    dart = parent
  }
}
