import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
}

export interface StaticServer {
  url: string
  /** Paths requested, in order. */
  requests: string[]
  close(): Promise<void>
}

export interface StaticServerOptions {
  /** Added latency per request in ms (bounded to 2 s). */
  latency?: number
  /** Send `access-control-allow-origin: *`. @default true */
  cors?: boolean
}

/** Serves a directory on 127.0.0.1 (ephemeral port), never outside it. */
export async function serveStatic(root: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const requests: string[] = []
  const latency = Math.min(options.latency ?? 0, 2000)
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    if (path === '/favicon.ico') {
      res.writeHead(204).end() // browsers ask for it on their own; not part of what a page loads
      return
    }
    requests.push(path)
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path))
    const respond = async (): Promise<void> => {
      if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) {
        res.writeHead(403).end()
        return
      }
      const info = await stat(file).catch(() => undefined)
      if (!info?.isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
        return
      }
      res.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'content-length': info.size,
        ...(options.cors === false ? {} : { 'access-control-allow-origin': '*' }),
      })
      createReadStream(file).pipe(res)
    }
    setTimeout(() => void respond().catch(() => res.destroy()), latency)
  })
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
