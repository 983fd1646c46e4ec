/**
 * What a route answers, as data: the server core writes it (and applies faults). Keeping routes
 * free of sockets makes each layout a pure function of the fixtures and the request path.
 */
export interface Reply {
  status: number
  /** Lower-case header names. `content-length` is added by the writer. */
  headers: Record<string, string>
  body: Uint8Array
}

/** `cache-control` values the real services send. */
export const CACHE: {
  /** Exact-version files on CDNs and JSR: never change. */
  immutable: string
  /** npm packuments and per-version documents. */
  packument: string
  /** Range/tag redirects and JSR `meta.json`: may change soon. */
  short: string
  /** Error responses. */
  none: string
} = {
  immutable: 'public, max-age=31536000, immutable',
  packument: 'public, max-age=300',
  short: 'public, max-age=60',
  none: 'no-store',
}

/** Which way a service labels TypeScript files. */
export type TypeScriptMime =
  /** deno.land and jsr.io: `application/typescript; charset=utf-8`. */
  | 'typescript'
  /** jsDelivr/unpkg raw files: `text/plain; charset=utf-8`. */
  | 'text'
  /** esm.sh and jspm.io compile TypeScript, so they label it JavaScript. */
  | 'javascript'

const JS = 'application/javascript; charset=utf-8'

const TYPES: Record<string, string> = {
  js: JS,
  mjs: JS,
  cjs: JS,
  jsx: JS,
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  css: 'text/css; charset=utf-8',
  wasm: 'application/wasm',
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  tgz: 'application/octet-stream',
}

const TS_TYPES: Record<TypeScriptMime, string> = {
  typescript: 'application/typescript; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  javascript: JS,
}

/** The `content-type` for a file path; unknown extensions are `application/octet-stream`. */
export function contentType(path: string, typescript: TypeScriptMime = 'text'): string {
  const name = path.slice(path.lastIndexOf('/') + 1)
  const dot = name.lastIndexOf('.')
  const ext = dot === -1 ? '' : name.slice(dot + 1).toLowerCase()
  if (ext === 'ts' || ext === 'mts' || ext === 'cts' || ext === 'tsx') return TS_TYPES[typescript]
  if (dot === -1 && /^(license|licence|readme|changelog)$/i.test(name)) return 'text/plain; charset=utf-8'
  return TYPES[ext] ?? 'application/octet-stream'
}

/** CORS as the CDNs and registries send it. */
export const CORS: Record<string, string> = { 'access-control-allow-origin': '*' }

const encoder = new TextEncoder()

/** A compact JSON reply, as the registries send. */
export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}, type = 'application/json; charset=utf-8'): Reply {
  return { status, headers: { 'content-type': type, ...headers }, body: encoder.encode(JSON.stringify(value)) }
}

/** A plain-text reply. */
export function textReply(status: number, text: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: encoder.encode(text) }
}

/** A file with its content type, CORS and the given caching. */
export function fileReply(path: string, body: Uint8Array, typescript: TypeScriptMime, cache: string = CACHE.immutable): Reply {
  return { status: 200, headers: { 'content-type': contentType(path, typescript), ...CORS, 'cache-control': cache }, body }
}

/** A `302 Found` to `location` (a version range or tag resolved to an exact version). */
export function redirectReply(location: string): Reply {
  return { status: 302, headers: { location, ...CORS, 'cache-control': CACHE.short }, body: new Uint8Array() }
}

/** The 404 every CDN route answers for an unknown package, version or file. */
export function notFoundText(what: string): Reply {
  return textReply(404, `Not found: ${what}`, { ...CORS, 'cache-control': CACHE.none })
}
