import type { IncomingMessage } from 'node:http'

/** A request body, or why it was refused. */
export type BodyResult = { kind: 'ok'; bytes: Uint8Array } | { kind: 'too-large'; limit: number } | { kind: 'aborted' }

/**
 * Reads the body up to `limit` bytes. A larger `content-length` is refused before reading; a body
 * that grows past the limit stops being read at once (the rest is discarded, not buffered).
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) {
    req.resume()
    return { kind: 'too-large', limit }
  }
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.byteLength
      if (size > limit) {
        req.resume()
        return { kind: 'too-large', limit }
      }
      chunks.push(chunk)
    }
  } catch {
    return { kind: 'aborted' }
  }
  return { kind: 'ok', bytes: new Uint8Array(Buffer.concat(chunks)) }
}
