import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Reply } from './reply.js'

/** Headers a `304 Not Modified` repeats (RFC 9110 §15.4.5). */
const KEPT_ON_304 = ['cache-control', 'etag', 'content-location', 'date', 'expires', 'vary', 'access-control-allow-origin']

/** True when `if-none-match` lists `etag` (or `*`), comparing weakly as RFC 9110 §13.1.2 asks. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false
  const strip = (tag: string): string => tag.trim().replace(/^W\//, '')
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || strip(tag) === strip(etag))
}

/** Writes a reply: a `304` for a matching `if-none-match`, headers only for HEAD. */
export function writeReply(req: IncomingMessage, res: ServerResponse, reply: Reply): number {
  const etag = reply.headers.etag
  if (reply.status === 200 && etag !== undefined && etagMatches(req.headers['if-none-match'], etag)) {
    const headers = Object.fromEntries(Object.entries(reply.headers).filter(([name]) => KEPT_ON_304.includes(name)))
    res.writeHead(304, headers).end()
    return 304
  }
  // A 204 carries no content-length (RFC 9110 §8.6).
  res.writeHead(reply.status, reply.status === 204 ? reply.headers : { ...reply.headers, 'content-length': String(reply.body.byteLength) })
  res.end(req.method === 'HEAD' ? undefined : reply.body)
  return reply.status
}
