import { serve, type Loopback } from '../../fetch/__tests__/loopback.js'

/** What a proxy may change in a response on its way back. */
export type Rewrite = (res: { path: string; status: number; contentType: string; body: Buffer }) => Buffer

export interface Proxy extends Loopback {
  /** The `authorization` header of every request, in arrival order (`undefined` when absent). */
  authorizations(): (string | undefined)[]
}

/**
 * A loopback proxy in front of `target` (another origin), on its own port, so a test gets a second
 * "host". It records the headers it sees, can force the `accept` header, replaces `target`'s
 * origin in bodies with its own (so tarball URLs in packuments point back at it), and applies `rewrite`.
 */
export async function proxy(target: string, options: { accept?: string; rewrite?: Rewrite } = {}): Promise<Proxy> {
  let self = ''
  const loopback = await serve(async (req, res) => {
    const headers: Record<string, string> = {}
    if (options.accept ?? req.headers.accept) headers.accept = options.accept ?? String(req.headers.accept)
    const upstream = await fetch(`${target}${req.url ?? '/'}`, { headers, redirect: 'manual' })
    const contentType = upstream.headers.get('content-type') ?? ''
    let body: Buffer = Buffer.from(await upstream.arrayBuffer())
    if (contentType.includes('json')) body = Buffer.from(body.toString('utf8').replaceAll(target, self))
    if (options.rewrite) body = options.rewrite({ path: req.url ?? '/', status: upstream.status, contentType, body })
    res.writeHead(upstream.status, { 'content-type': contentType, 'content-length': String(body.byteLength) })
    res.end(body)
  })
  self = loopback.origin
  return { ...loopback, authorizations: () => loopback.seen.map((r) => r.headers.authorization) }
}
