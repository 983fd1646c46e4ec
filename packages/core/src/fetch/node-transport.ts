import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { promisify } from 'node:util'
import { brotliDecompress, gunzip, inflate } from 'node:zlib'
import { describeError, type AttemptOutcome } from './attempt.js'

/**
 * GET over Node's own HTTP client, the default transport when no `fetch` is given. It does what
 * the fetcher needs of `fetch` (redirects, gzip/deflate/br, timeouts, aborts) at a fraction of the
 * cost: undici's `fetch` spends milliseconds of main-thread time per response in web streams,
 * which is most of a cold install's CPU when it reads a few hundred packuments and tarballs.
 * Bodies are decompressed on the thread pool.
 */

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) }
const decoders: Record<string, (body: Buffer) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
}
const MAX_REDIRECTS = 20

/** Headers as one string per name (repeated ones joined as fetch joins them); `set-cookie` is not kept. */
function headersOf(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue
    out[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

interface RawResponse {
  status: number
  statusText: string
  headers: Record<string, string>
  body: Buffer
}

function getOnce(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const https = url.protocol === 'https:'
    const req = (https ? httpsRequest : httpRequest)(url, { method: 'GET', headers, agent: https ? agents.https : agents.http, signal }, (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        size += chunk.byteLength
      })
      res.on('error', reject)
      res.on('end', () => {
        // A connection closed before the whole body came (content-length or chunked framing).
        if (!res.complete) return reject(new Error('terminated: the connection closed before the body was complete'))
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: headersOf(res), body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) })
      })
      res.on('aborted', () => reject(new Error('terminated: the response was aborted')))
    })
    req.on('error', reject)
    req.end()
  })
}

/** One GET with redirects followed and the body decoded, within `timeout` ms (see `attempt`). */
export async function attemptNode(url: string, requestHeaders: Record<string, string>, timeout: number, signal: AbortSignal): Promise<AttemptOutcome> {
  const timer = AbortSignal.timeout(timeout)
  const both = AbortSignal.any([signal, timer])
  const headers = { 'accept-encoding': 'gzip, deflate, br', ...requestHeaders }
  try {
    let at = new URL(url)
    for (let redirects = 0; ; redirects++) {
      const res = await getOnce(at, headers, both)
      const location = res.headers.location
      if (res.status >= 300 && res.status < 400 && res.status !== 304 && location !== undefined) {
        if (redirects >= MAX_REDIRECTS) return { kind: 'failure', reason: `more than ${MAX_REDIRECTS} redirects`, retryable: false, cause: undefined }
        at = new URL(location, at)
        continue
      }
      let body: Buffer = res.body
      const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase()
      if (encoding !== '' && encoding !== 'identity' && body.byteLength > 0) {
        const decode = decoders[encoding]
        if (!decode) return { kind: 'failure', reason: `unsupported content-encoding "${encoding}"`, retryable: false, cause: undefined }
        body = await decode(body)
      } else if (res.headers['content-length'] !== undefined && Number(res.headers['content-length']) !== body.byteLength) {
        return { kind: 'failure', reason: `truncated body: got ${body.byteLength} of ${res.headers['content-length']} bytes`, retryable: true, cause: undefined }
      }
      const { 'content-encoding': _e, 'content-length': _l, connection: _c, 'keep-alive': _k, 'transfer-encoding': _t, date: _d, age: _a, via: _v, 'set-cookie': _s, ...kept } = res.headers
      return { kind: 'response', status: res.status, statusText: res.statusText, finalUrl: at.href, headers: kept, body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) }
    }
  } catch (err) {
    if (signal.aborted) return { kind: 'failure', reason: describeError(signal.reason), retryable: false, cause: signal.reason }
    if (timer.aborted) return { kind: 'failure', reason: `timed out after ${timeout} ms`, retryable: true, cause: err }
    return { kind: 'failure', reason: describeError(err), retryable: true, cause: err }
  }
}
