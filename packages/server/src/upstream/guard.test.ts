import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLoopback, type Loopback } from '../testing.fixture.js'
import { createGuardedFetch } from './guard.js'

let allowed: Loopback
let other: Loopback
beforeAll(async () => {
  other = await startLoopback((_req, res) => res.writeHead(200).end('other'))
  allowed = await startLoopback((req, res) => {
    if (req.url === '/to-other') res.writeHead(302, { location: `${other.url}secret` }).end()
    else if (req.url === '/to-self') res.writeHead(301, { location: '/ok' }).end()
    else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end()
    else res.writeHead(200).end('ok')
  })
})
afterAll(async () => {
  await allowed.close()
  await other.close()
})

describe('createGuardedFetch', () => {
  it('fetches from an allowed origin and follows redirects that stay on allowed origins', async () => {
    const guard = createGuardedFetch({ allow: [allowed.origin], fetch: globalThis.fetch })
    const response = await guard.fetch(`${allowed.url}to-self`)
    expect([response.status, await response.text(), guard.requests, guard.blocked]).toEqual([200, 'ok', 2, []])
  })

  it.each([
    ['another origin', () => `${other.url}x`],
    ['a file: URL', () => 'file:///etc/passwd'],
    ['a data: URL', () => 'data:text/plain,x'],
    ['an unparsable URL', () => 'not a url'],
  ])('refuses %s with a 403 and records it, without any request', async (_what, url) => {
    const guard = createGuardedFetch({ allow: [allowed.origin], fetch: globalThis.fetch })
    const response = await guard.fetch(url())
    expect([response.status, guard.blocked, guard.requests]).toEqual([403, [url()], 0])
    expect(await response.json()).toEqual({ error: `esmap server: this server fetches only from its registry and configured providers, not: ${url()}` })
    expect(other.hits).toEqual([])
  })

  it('refuses a redirect from an allowed origin to another origin', async () => {
    const guard = createGuardedFetch({ allow: [allowed.origin], fetch: globalThis.fetch })
    const response = await guard.fetch(`${allowed.url}to-other`)
    expect([response.status, guard.blocked]).toEqual([403, [`${other.url}secret`]])
    expect(other.hits).toEqual([])
  })

  it('stops after maxRedirects hops and after maxRequests requests', async () => {
    const loop = createGuardedFetch({ allow: [allowed.origin], fetch: globalThis.fetch, maxRedirects: 3 })
    expect((await loop.fetch(`${allowed.url}loop`)).status).toBe(403)
    expect([loop.requests, loop.blocked]).toEqual([4, [`${allowed.url}loop`]])
    const limited = createGuardedFetch({ allow: [allowed.origin], fetch: globalThis.fetch, maxRequests: 1 })
    expect([(await limited.fetch(`${allowed.url}a`)).status, (await limited.fetch(`${allowed.url}b`)).status]).toEqual([200, 403])
  })

  it('aborts with its signal', async () => {
    const controller = new AbortController()
    const guard = createGuardedFetch({ allow: [allowed.origin], fetch: globalThis.fetch, signal: controller.signal })
    controller.abort(new Error('time is up'))
    await expect(guard.fetch(`${allowed.url}x`)).rejects.toThrow('time is up')
  })
})
