import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import { extname } from 'node:path'
import { gzipSync } from 'node:zlib'

/**
 * A loopback mirror of the npm registry and jsDelivr, served from a {@link createStore} store:
 *
 * - `/registry/<name>`            packument: full (`accept: application/json`) or abbreviated
 *                                 (`accept: application/vnd.npm.install-v1+json`), tarball URLs
 *                                 rewritten to this mirror, with an etag (304 on `if-none-match`)
 * - `/registry/<name>/<version>`  one version's document
 * - `/registry/<name>/-/<file>`   tarball
 * - `/npmlookup/<name>`           what @jspm/generator's version lookups read (`https://npmlookup.jspm.io/<name>`):
 *                                 the abbreviated packument; it only reads the keys of `versions`
 * - `/npm/<name>@<version>/<path>` jsDelivr's file layout, files served from the tarball
 *
 * Every request waits `latency` ms before it is answered. Text bodies are gzipped when the client
 * accepts it (as both real services do). Requests and body bytes on the wire are counted per route.
 */
export async function startMirror(store, { latency = 0 } = {}) {
  let stats = emptyStats()
  const rendered = new Map() // cache of serialised (and compressed) bodies
  let origin = ''

  const server = createServer((req, res) => {
    const started = performance.now()
    setTimeout(() => {
      handle(req)
        .then((out) => send(req, res, out, started))
        .catch((err) => send(req, res, { status: 500, type: 'text/plain', body: Buffer.from(String(err?.stack ?? err)) }, started))
    }, mirror.latency)
  })
  server.keepAliveTimeout = 60_000

  function emptyStats() {
    return { requests: 0, bytes: 0, notFound: 0, notModified: 0, routes: {}, notFoundUrls: [], sampleUrls: [], firstRequest: undefined, lastResponse: undefined }
  }

  function send(req, res, out, started) {
    const route = req.url.split('/')[1] || '/'
    const gzip = out.compress !== false && out.body.length > 256 && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')
    const key = out.key && `${out.key}|${gzip}`
    let body = key ? rendered.get(key) : undefined
    if (!body) {
      body = gzip ? gzipSync(out.body) : out.body
      if (key) rendered.set(key, body)
    }
    const headers = { 'content-type': out.type, 'cache-control': out.cacheControl ?? 'no-cache', ...out.headers }
    if (gzip) headers['content-encoding'] = 'gzip'
    if (out.status === 304) body = Buffer.alloc(0)
    headers['content-length'] = String(body.length)
    res.writeHead(out.status, headers)
    res.end(body)
    const r = (stats.routes[route] ??= { requests: 0, bytes: 0 })
    r.requests++
    r.bytes += body.length
    stats.requests++
    stats.bytes += body.length
    if (stats.sampleUrls.length < 30) stats.sampleUrls.push(`${out.status} ${req.url}`)
    stats.firstRequest ??= started
    stats.lastResponse = performance.now()
    if (out.status === 404) {
      stats.notFound++
      if (stats.notFoundUrls.length < 50) stats.notFoundUrls.push(req.url)
    }
    if (out.status === 304) stats.notModified++
  }

  const notFound = { status: 404, type: 'application/json', body: Buffer.from('{"error":"Not found"}'), compress: false }

  /** `<name>` or `<name>/<rest>` from a path, with `@scope%2fname` and `@scope/name` both accepted. */
  function splitName(path) {
    const decoded = decodeURIComponent(path)
    const parts = decoded.split('/')
    const n = parts[0].startsWith('@') ? 2 : 1
    return { name: parts.slice(0, n).join('/'), rest: parts.slice(n).join('/') }
  }

  function abbreviated(json) {
    const keep = ['name', 'version', 'deprecated', 'dependencies', 'optionalDependencies', 'devDependencies', 'bundleDependencies', 'peerDependencies', 'peerDependenciesMeta', 'bin', 'directories', 'dist', 'engines', '_hasShrinkwrap', 'hasInstallScript', 'cpu', 'os', 'libc', 'funding']
    const versions = {}
    for (const [v, doc] of Object.entries(json.versions ?? {})) {
      const out = {}
      for (const k of keep) if (doc[k] !== undefined) out[k] = doc[k]
      versions[v] = out
    }
    return { name: json.name, 'dist-tags': json['dist-tags'], versions, modified: json.modified ?? json.time?.modified }
  }

  const rewrite = (text) => text.replace(/("tarball"\s*:\s*")https:\/\/registry\.npmjs\.org\//g, `$1${origin}/registry/`)

  async function packumentResponse(req, name, form) {
    const doc = await mirror.store.packument(name)
    if (!doc) return notFound
    const key = `${form}:${name}`
    let cachedDoc = rendered.get(key)
    if (!cachedDoc) {
      const text = form === 'full' ? rewrite(doc.text) : rewrite(JSON.stringify(abbreviated(doc.json)))
      const body = Buffer.from(text)
      cachedDoc = { body, etag: `"${createHash('sha1').update(body).digest('hex')}"` }
      rendered.set(key, cachedDoc)
    }
    const type = form === 'corgi' ? 'application/vnd.npm.install-v1+json; charset=utf-8' : 'application/json; charset=utf-8'
    const common = { type, key, cacheControl: 'public, max-age=300', headers: { etag: cachedDoc.etag } }
    if (req.headers['if-none-match'] === cachedDoc.etag) return { ...common, status: 304, body: Buffer.alloc(0), key: undefined }
    return { ...common, status: 200, body: cachedDoc.body }
  }

  async function handle(req) {
    const url = new URL(req.url, 'http://mirror')
    const [, route, ...restParts] = url.pathname.split('/')
    const rest = restParts.join('/')
    if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, type: 'text/plain', body: Buffer.from('GET only') }

    if (route === 'registry') {
      const { name, rest: tail } = splitName(rest)
      if (tail.startsWith('-/')) {
        const tgz = await mirror.store.tarball(`${name}/${tail}`)
        return tgz ? { status: 200, type: 'application/octet-stream', body: Buffer.from(tgz), compress: false, cacheControl: 'public, immutable, max-age=31557600' } : notFound
      }
      if (tail) {
        const doc = await mirror.store.packument(name)
        const version = doc?.json.versions?.[tail] ?? doc?.json.versions?.[doc.json['dist-tags']?.[tail]]
        if (!version) return notFound
        return { status: 200, type: 'application/json; charset=utf-8', key: `version:${name}@${tail}`, body: Buffer.from(rewrite(JSON.stringify(version))), cacheControl: 'public, max-age=300' }
      }
      const corgi = (req.headers.accept ?? '').includes('application/vnd.npm.install-v1+json')
      return packumentResponse(req, name, corgi ? 'corgi' : 'full')
    }

    if (route === 'npmlookup') {
      const { name } = splitName(rest)
      const res = await packumentResponse({ headers: {} }, name, 'corgi')
      return res.status === 200 ? { ...res, type: 'application/json; charset=utf-8', headers: {} } : res
    }

    if (route === 'npm') {
      const m = /^((?:@[^/]+\/)?[^/@]+)@([^/]+)(?:\/(.*))?$/.exec(decodeURIComponent(rest))
      if (!m) return notFound
      const [, name, version, path = ''] = m
      const files = await mirror.store.files(name, version)
      const bytes = files?.get(path)
      if (!bytes) return { ...notFound, cacheControl: 'public, max-age=600' }
      return { status: 200, type: mimeType(path), key: `npm:${name}@${version}/${path}`, body: Buffer.from(bytes), cacheControl: 'public, max-age=31536000, s-maxage=31536000, immutable' }
    }
    return notFound
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${server.address().port}`

  const mirror = {
    origin,
    store,
    latency,
    /** Counters since the last reset, and a fresh set from now on. */
    takeStats() {
      const out = stats
      stats = emptyStats()
      return out
    },
    close() {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(resolve))
    },
  }
  return mirror
}

const mime = { '.js': 'application/javascript; charset=utf-8', '.mjs': 'application/javascript; charset=utf-8', '.cjs': 'application/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.map': 'application/json; charset=utf-8', '.ts': 'text/plain; charset=utf-8', '.html': 'text/html; charset=utf-8', '.svg': 'image/svg+xml' }
export const mimeType = (path) => mime[extname(path)] ?? 'application/octet-stream'

