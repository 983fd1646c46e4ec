import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { createSecureServer } from 'node:http2'
import { join, normalize } from 'node:path'
import { mimeType } from '../mirror/server.mjs'

/** A throwaway self-signed certificate for the two host names (openssl). */
function certificate(dir, hosts) {
  const key = join(dir, 'key.pem')
  const cert = join(dir, 'cert.pem')
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=esmap-bench', '-addext', `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`], { stdio: 'ignore' })
  return { key: readFile(key), cert: readFile(cert) }
}

/**
 * HTTPS with HTTP/2 on 127.0.0.1, as a CDN and a static host are reached in production: `cdnHost`
 * serves `/npm/name@version/path` from the store, `appHost` serves the folder `setApp()` names.
 * Each request waits `latency` ms. Chromium reaches both names through `--host-resolver-rules`.
 */
export async function startPageServer({ dir, store, latency, cdnHost = 'cdn.jsdelivr.net', appHost = 'app.test' }) {
  const pems = certificate(dir, [cdnHost, appHost])
  let appDir
  const server = createSecureServer({ key: await pems.key, cert: await pems.cert, allowHTTP1: true })
  server.on('stream', (stream, headers) => {
    const host = (headers[':authority'] ?? '').split(':')[0]
    const path = decodeURIComponent(new URL(headers[':path'], 'https://x').pathname)
    setTimeout(async () => {
      try {
        const body = host === cdnHost ? await cdnFile(path) : host === appHost ? await appFile(path) : undefined
        if (stream.destroyed) return
        if (!body) {
          stream.respond({ ':status': 404 })
          return stream.end()
        }
        const html = path.endsWith('/') || path.endsWith('.html')
        // As deployed: the page revalidated, hashed assets and versioned CDN files cached for good.
        const cacheControl = html ? 'no-cache' : 'public, max-age=31536000, immutable'
        stream.respond({ ':status': 200, 'content-type': mimeType(html ? 'index.html' : path), 'access-control-allow-origin': '*', 'timing-allow-origin': '*', 'cache-control': cacheControl })
        stream.end(body)
      } catch {
        if (!stream.destroyed) stream.close()
      }
    }, latency)
  })
  server.on('request', () => {}) // HTTP/1.1 fallback unused; Chromium speaks h2 over TLS

  async function cdnFile(path) {
    const m = /^\/npm\/((?:@[^/]+\/)?[^/@]+)@([^/]+)\/(.*)$/.exec(path)
    if (!m) return undefined
    const files = await store.files(m[1], m[2])
    const bytes = files?.get(m[3])
    return bytes && Buffer.from(bytes)
  }
  async function appFile(path) {
    if (!appDir) return undefined
    const file = normalize(join(appDir, path.endsWith('/') ? `${path}index.html` : path))
    if (!file.startsWith(appDir)) return undefined
    return readFile(file).catch(() => undefined)
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = server.address().port
  return {
    port,
    hostRules: `MAP ${cdnHost} 127.0.0.1:${port}, MAP ${appHost} 127.0.0.1:${port}`,
    appUrl: `https://${appHost}/`,
    setApp(folder) {
      appDir = normalize(folder)
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}
