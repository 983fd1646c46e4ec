import { mkdtemp, rm } from 'node:fs/promises'
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startFixtureServer, type FixtureServer, type StartFixtureServerOptions } from '@esmap/test-fixtures'
import { startServer, type RunningServer } from './server.js'
import type { ServerOptions } from './options.js'

/** A fixture registry, an esmap server reading from it, and a fresh storage folder; `close()` stops both and removes the folder. */
export interface TestServers extends AsyncDisposable {
  fixtures: FixtureServer
  server: RunningServer
  storageDir: string
  /** `fetch` against the server: `get('/npm:fx-dep@2.1.0/index.js')`. */
  get(path: string, init?: RequestInit): Promise<Response>
  close(): Promise<void>
}

export async function startTestServers(options: ServerOptions = {}, fixtureOptions: StartFixtureServerOptions = {}): Promise<TestServers> {
  const fixtures = await startFixtureServer(fixtureOptions)
  const storageDir = await mkdtemp(join(tmpdir(), 'esmap-server-test-'))
  const server = await startServer({ host: '127.0.0.1', port: 0, registry: fixtures.urls.registry, storageDir, ...options })
  const close = async (): Promise<void> => {
    await server.close()
    await fixtures.close()
    await rm(storageDir, { recursive: true, force: true })
  }
  return {
    fixtures,
    server,
    storageDir,
    get: (path, init) => fetch(`${server.url}${path.replace(/^\//, '')}`, { redirect: 'manual', ...init }),
    close,
    [Symbol.asyncDispose]: close,
  }
}

/** Response headers as a plain object, without the ones that change per request. */
export function stableHeaders(response: Response): Record<string, string> {
  const out: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name)) out[name] = value
  })
  return out
}

/** A throwaway loopback HTTP server that records every request path (an SSRF target, a redirector). */
export interface Loopback extends AsyncDisposable {
  url: string
  origin: string
  hits: string[]
  close(): Promise<void>
}

export async function startLoopback(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Loopback> {
  const hits: string[] = []
  const server = createHttpServer((req, res) => {
    hits.push(req.url ?? '/')
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  return { url: `${origin}/`, origin, hits, close, [Symbol.asyncDispose]: close }
}

/** A GET with the path sent exactly as written (fetch would normalise `..` and `//` away). */
export function rawRequest(url: string, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}
