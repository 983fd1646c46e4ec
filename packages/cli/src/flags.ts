/** Every flag the CLI knows, and which commands take which. */

export type FlagName =
  | 'map'
  | 'out'
  | 'stdout'
  | 'provider'
  | 'conditions'
  | 'resolution'
  | 'integrity'
  | 'preload'
  | 'flatten-scopes'
  | 'combine-subpaths'
  | 'root'
  | 'offline'
  | 'frozen'
  | 'cache-dir'
  | 'registry'
  | 'cdn-url'
  | 'quiet'
  | 'json'
  | 'help'
  | 'host'
  | 'port'
  | 'storage-dir'
  | 'public-url'
  | 'raw'

export interface FlagSpec {
  type: 'string' | 'boolean'
  short?: string
  /** May be given more than once; the values are collected. */
  multiple?: boolean
  /** Has a `--no-` form. */
  negatable?: boolean
  /** The value's placeholder in help (`<file>`). */
  value?: string
  description: string
}

export const flagSpecs: Readonly<Record<FlagName, FlagSpec>> = {
  map: { type: 'string', short: 'm', value: '<file>', description: 'the current map: a .json map, an HTML page or an esmap .js script, read as the lock (default: importmap.json; a missing file is an empty map)' },
  out: { type: 'string', short: 'o', value: '<file>', description: 'where the result goes: a .json map, an HTML page to inject into, or a .js script that injects the map (default: the --map file)' },
  stdout: { type: 'boolean', description: 'print the result instead of writing it' },
  provider: { type: 'string', short: 'p', value: '<name>', description: 'provider for new installs: jspm.io, jsdelivr, unpkg, esm.sh, skypack, jsr, deno, nodemodules, self, esmap (a self-hosted @esmap/server), auto, or name#layer (default: jspm.io)' },
  conditions: { type: 'string', short: 'C', multiple: true, value: '<names>', description: 'environment conditions, repeatable or comma-separated; added to browser,development,module; "production" replaces "development", "node"/"deno" replace "browser", "no-<name>" removes one' },
  resolution: { type: 'string', short: 'r', multiple: true, value: '<name=target>', description: 'override a package for every nesting: a version, range, another package (npm:preact@^10) or a folder; repeatable' },
  integrity: { type: 'boolean', negatable: true, description: 'write integrity for every module (default: on when the current map has integrity; on for inject)' },
  preload: { type: 'string', negatable: true, value: '[static|all]', description: 'modulepreload links (HTML and .js outputs): the static graph, or every traced module (default: off; static for inject)' },
  'flatten-scopes': { type: 'boolean', negatable: true, description: 'merge package scopes into per-origin scopes where that changes no resolution (default: on)' },
  'combine-subpaths': { type: 'boolean', negatable: true, description: 'collapse subpath entries of a package into one "pkg/" entry where lossless (default: on)' },
  root: { type: 'string', value: '<dir|url>', description: 'the folder or URL that "/" stands for: URLs under it are written root-relative (/x.js)' },
  offline: { type: 'boolean', description: 'never use the network: answer from the cache only' },
  frozen: { type: 'boolean', description: 'fail, writing nothing, when the result differs from the current map (verify: when resolving the lock again would change it)' },
  'cache-dir': { type: 'string', value: '<dir>', description: 'the disk cache (default: $XDG_CACHE_HOME/esmap or ~/.cache/esmap)' },
  registry: { type: 'string', value: '<url>', description: 'the npm registry (default: from .npmrc, else https://registry.npmjs.org/)' },
  'cdn-url': { type: 'string', multiple: true, value: '[provider=]<url>', description: "a provider's base URL (a mirror): for --provider's provider, or the one named; repeatable" },
  quiet: { type: 'boolean', short: 'q', description: 'print no progress, summary or warnings: only the result asked for (--stdout, ls, verify failures) and errors' },
  json: { type: 'boolean', description: 'print one JSON document on stdout: the result, or { "error": { "code", "message" } }' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  host: { type: 'string', value: '<host>', description: 'the interface to listen on (default: 127.0.0.1)' },
  port: { type: 'string', value: '<port>', description: 'the port to listen on; 0 picks a free one (default: 8790)' },
  'storage-dir': { type: 'string', value: '<dir>', description: 'where built packages are stored (default: .esmap-server)' },
  'public-url': { type: 'string', value: '<url>', description: 'the URL browsers reach the server at, behind a proxy (default: http://<host>:<port>/)' },
  raw: { type: 'boolean', description: 'serve ES module packages as published instead of building them (CommonJS packages are refused)' },
}

/** Flags of every resolving command. */
const resolving: readonly FlagName[] = ['provider', 'conditions', 'resolution', 'registry', 'cdn-url', 'offline', 'cache-dir']
const reporting: readonly FlagName[] = ['quiet', 'json', 'help']
const mapShape: readonly FlagName[] = ['integrity', 'preload', 'flatten-scopes', 'combine-subpaths', 'root', 'frozen']

/** The flags of the map commands: install, link, update, uninstall. */
export const mapCommandFlags: readonly FlagName[] = ['map', 'out', 'stdout', ...resolving, ...mapShape, ...reporting]
export const injectFlags: readonly FlagName[] = ['stdout', ...resolving, ...mapShape, ...reporting]
export const lsFlags: readonly FlagName[] = ['provider', 'conditions', 'registry', 'cdn-url', 'offline', 'cache-dir', ...reporting]
export const verifyFlags: readonly FlagName[] = ['map', ...resolving.filter((f) => f !== 'offline'), 'integrity', 'flatten-scopes', 'combine-subpaths', 'root', 'frozen', ...reporting]
export const clearCacheFlags: readonly FlagName[] = ['cache-dir', ...reporting]
export const serveFlags: readonly FlagName[] = ['host', 'port', 'storage-dir', 'public-url', 'registry', 'conditions', 'raw', ...reporting]
/** vendor is the provider itself: no --provider, --cdn-url. */
export const vendorFlags: readonly FlagName[] = mapCommandFlags.filter((f) => f !== 'provider' && f !== 'cdn-url')
