import { createServer as createHttpServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { createApp, type App } from './app.js'
import { resolveServerOptions, type ServerOptions } from './options.js'

/** A running server: `url` to reach it, `close()` to stop it (also `await using`). */
export interface RunningServer extends AsyncDisposable {
  /** The base URL (`publicUrl`, else `http://<host>:<port>/`), ending in `/`. */
  readonly url: string
  readonly host: string
  readonly port: number
  /** The wired parts (store, build queue, registry access), for tools and tests. */
  readonly app: App
  readonly server: Server
  /**
   * Stops listening, closes every connection (in-flight ones included), then waits for the builds
   * already running to be stored (a build cannot be cut off halfway). Idempotent.
   */
  close(): Promise<void>
}

/** `http://<host>:<port>/`, with IPv6 hosts bracketed and wildcard hosts replaced by loopback. */
export function hostUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}/`
}

/**
 * The server's request listener, without listening: for embedding in another `node:http` (or
 * compatible) server. Module URLs use `publicUrl`, else `http://<host>:<port>/` from the options.
 */
export function createServer(options: ServerOptions = {}): App {
  const resolved = resolveServerOptions(options)
  return createApp(resolved, resolved.publicUrl ?? hostUrl(resolved.host, resolved.port))
}

/**
 * Starts the CDN and generate API on `host:port` (default `127.0.0.1:8790`; port `0` picks a
 * free one). Resolves once it listens.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const resolved = resolveServerOptions(options)
  let app: App | undefined
  const server = createHttpServer({ requestTimeout: resolved.limits.requestTimeoutMs + 30_000, headersTimeout: 30_000 }, (req, res) => {
    if (app) app.listener(req, res)
    else res.writeHead(503).end()
  })
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const url = resolved.publicUrl ?? hostUrl(resolved.host, port)
  app = createApp(resolved, url)
  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
      for (const socket of sockets) socket.destroy()
    }).then(() => app?.buildQueue.idle())
    return closing
  }
  return { url, host: resolved.host, port, app, server, close, [Symbol.asyncDispose]: close }
}
