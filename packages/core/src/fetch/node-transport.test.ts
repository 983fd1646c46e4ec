import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { serve, type Loopback } from './__tests__/loopback.js'
import { attemptNode } from './node-transport.js'

let servers: Loopback[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()))
  servers = []
})
async function server(handler: Parameters<typeof serve>[0]): Promise<Loopback> {
  const s = await serve(handler)
  servers.push(s)
  return s
}
const never = new AbortController().signal
const text = (body: Uint8Array): string => new TextDecoder().decode(body)

describe('attemptNode (the default transport)', () => {
  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('decodes %s bodies and drops the transfer headers', async (encoding, compress) => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-encoding': encoding, 'content-type': 'application/json', etag: '"1"' })
      res.end(compress(Buffer.from('{"a":1}')))
    })
    const out = await attemptNode(`${s.origin}/doc`, {}, 5000, never)
    expect(out.kind === 'response' && [out.status, text(out.body), out.headers]).toEqual([200, '{"a":1}', { 'content-type': 'application/json', etag: '"1"' }])
    expect(s.seen[0]?.headers['accept-encoding']).toBe('gzip, deflate, br')
  })

  it('follows redirects (relative ones too) and reports the final URL', async () => {
    const s = await server((req, res) => {
      if (req.url === '/a') return res.writeHead(301, { location: '/b' }).end()
      if (req.url === '/b') return res.writeHead(302, { location: `${s.origin}/c` }).end()
      return res.writeHead(200).end('here')
    })
    const out = await attemptNode(`${s.origin}/a`, { accept: 'text/plain' }, 5000, never)
    expect(out.kind === 'response' && [out.finalUrl, text(out.body)]).toEqual([`${s.origin}/c`, 'here'])
    expect(s.seen.map((r) => [r.path, r.headers.accept])).toEqual([['/a', 'text/plain'], ['/b', 'text/plain'], ['/c', 'text/plain']])
  })

  it('stops after 20 redirects', async () => {
    const s = await server((req, res) => res.writeHead(302, { location: `${req.url}x` }).end())
    expect(await attemptNode(`${s.origin}/r`, {}, 5000, never)).toMatchObject({ kind: 'failure', reason: 'more than 20 redirects', retryable: false })
  })

  it('fails a truncated body (retryable), with content-length and with chunked framing', async () => {
    const s = await server((req, res) => {
      if (req.url === '/length') res.writeHead(200, { 'content-length': '100' })
      else res.writeHead(200)
      res.write('only part')
      setTimeout(() => res.socket?.destroy(), 10)
    })
    for (const path of ['/length', '/chunked']) {
      const out = await attemptNode(`${s.origin}${path}`, {}, 5000, never)
      expect(out).toMatchObject({ kind: 'failure', retryable: true })
    }
  })

  it('times out (retryable) and obeys an abort (not retryable)', async () => {
    const s = await server(() => new Promise(() => {}))
    expect(await attemptNode(`${s.origin}/slow`, {}, 50, never)).toMatchObject({ kind: 'failure', reason: 'timed out after 50 ms', retryable: true })
    const abort = new AbortController()
    setTimeout(() => abort.abort(new Error('stopped by the caller')), 20)
    expect(await attemptNode(`${s.origin}/slow`, {}, 5000, abort.signal)).toMatchObject({ kind: 'failure', reason: 'stopped by the caller', retryable: false })
  })

  it('answers a 404 and a 304 as responses, with their bodies as sent', async () => {
    const s = await server((req, res) => (req.url === '/gone' ? res.writeHead(404).end('nope') : res.writeHead(304, { etag: '"1"' }).end()))
    expect(await attemptNode(`${s.origin}/gone`, {}, 5000, never)).toMatchObject({ kind: 'response', status: 404 })
    const notModified = await attemptNode(`${s.origin}/same`, { 'if-none-match': '"1"' }, 5000, never)
    expect(notModified.kind === 'response' && [notModified.status, notModified.body.byteLength]).toEqual([304, 0])
  })
})
