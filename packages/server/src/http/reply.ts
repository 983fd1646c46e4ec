/**
 * What a route answers, as data: `write` turns it into an HTTP response (conditional requests,
 * HEAD, content-length). Routes stay free of sockets, so each is a plain async function.
 */
export interface Reply {
  status: number
  /** Lower-case header names. */
  headers: Record<string, string>
  body: Uint8Array
}

/** `cache-control` values. */
export const CACHE: { immutable: string; short: string; none: string } = {
  /** Files of an exact version: they never change. */
  immutable: 'public, max-age=31536000, immutable',
  /** A range or tag resolved to a version, an API answer: may change soon. */
  short: 'public, max-age=60',
  /** Errors: never cached as a success. */
  none: 'no-store',
}

/** CORS on every answer: modules and maps are loaded from any origin. */
export const CORS: Readonly<Record<string, string>> = { 'access-control-allow-origin': '*' }

const encoder = new TextEncoder()

export function jsonReply(status: number, value: unknown, cache: string = CACHE.none): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': cache, ...CORS },
    body: encoder.encode(JSON.stringify(value)),
  }
}

/** The error contract: a JSON object with an `error` string, never cached. */
export function errorReply(status: number, error: string, headers: Record<string, string> = {}): Reply {
  const reply = jsonReply(status, { error })
  Object.assign(reply.headers, headers)
  return reply
}

export function textReply(status: number, text: string, cache: string = CACHE.none): Reply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': cache, ...CORS }, body: encoder.encode(text) }
}

export function redirectReply(location: string, cache: string): Reply {
  return { status: 302, headers: { location, 'cache-control': cache, ...CORS }, body: new Uint8Array() }
}

const JS = 'text/javascript; charset=utf-8'

/** Content types by extension. HTML and other active documents are served as text, never rendered on this origin. */
const TYPES: Record<string, string> = {
  js: JS,
  mjs: JS,
  cjs: JS,
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  css: 'text/css; charset=utf-8',
  wasm: 'application/wasm',
  ts: 'text/plain; charset=utf-8',
  mts: 'text/plain; charset=utf-8',
  cts: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  log: 'text/plain; charset=utf-8',
  html: 'text/plain; charset=utf-8',
  htm: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
}

/** The `content-type` for a file path; unknown extensions are `application/octet-stream`. */
export function contentType(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1)
  const dot = name.lastIndexOf('.')
  if (dot === -1) return /^(license|licence|readme|changelog|notice)$/i.test(name) ? 'text/plain; charset=utf-8' : 'application/octet-stream'
  return TYPES[name.slice(dot + 1).toLowerCase()] ?? 'application/octet-stream'
}

/** A file of an exact package version: immutable, with its strong ETag. */
export function fileReply(path: string, body: Uint8Array, etag: string): Reply {
  return {
    status: 200,
    headers: {
      'content-type': contentType(path),
      'cache-control': CACHE.immutable,
      etag,
      'x-content-type-options': 'nosniff',
      // Package files are never documents of this origin: an SVG or HTML file opened directly runs no script.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      ...CORS,
    },
    body,
  }
}
