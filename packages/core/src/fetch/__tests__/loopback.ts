import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A request as a loopback server saw it. */
export interface SeenRequest {
  path: string
  headers: IncomingMessage['headers']
}

export interface Loopback {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  origin: string
  /** Every request, in arrival order. */
  seen: SeenRequest[]
  /** How many requests asked for `path`. */
  count(path: string): number
  close(): Promise<void>
}

/**
 * A purpose-built HTTP server on 127.0.0.1 and an ephemeral port, for fault tests that need exact
 * control over one response (drops, delays, truncation). Close it in `afterEach`.
 */
export async function serve(handler: (req: IncomingMessage, res: ServerResponse, nth: number) => unknown): Promise<Loopback> {
  const seen: SeenRequest[] = []
  const server = createServer((req, res) => {
    const path = req.url ?? '/'
    seen.push({ path, headers: req.headers })
    const nth = seen.filter((r) => r.path === path).length
    Promise.resolve(handler(req, res, nth)).catch((err: unknown) => {
      res.statusCode = 500
      res.end(String(err))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    count: (path) => seen.filter((r) => r.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Sends `body` with an exact content-length. */
export function send(res: ServerResponse, status: number, body: string | Uint8Array, headers: Record<string, string> = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body
  res.writeHead(status, { 'content-length': String(bytes.byteLength), ...headers })
  res.end(bytes)
}
