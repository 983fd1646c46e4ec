import { afterAll, beforeAll, expect, it } from 'vitest'
import { startLoopback, type Loopback } from '../testing.fixture.js'
import { createMemoFetch } from './memo-fetch.js'

let upstream: Loopback
let failNext = 0
beforeAll(async () => {
  upstream = await startLoopback((req, res) => {
    if (failNext > 0) {
      failNext--
      res.writeHead(503).end('down')
      return
    }
    if (req.url?.startsWith('/missing')) res.writeHead(404).end('nope')
    else setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: req.url, accept: req.headers.accept ?? null })), 20)
  })
})
afterAll(() => upstream.close())

it('answers repeated and concurrent GETs from one upstream request until the ttl passes', async () => {
  let now = 1000
  const memo = createMemoFetch({ fetch: globalThis.fetch, ttl: 100, now: () => now })
  upstream.hits.length = 0
  const bodies = await Promise.all(Array.from({ length: 5 }, async () => (await memo(`${upstream.url}pkg`)).json()))
  expect(bodies).toEqual(Array(5).fill({ url: '/pkg', accept: '*/*' }))
  expect(await (await memo(`${upstream.url}pkg`)).json()).toEqual({ url: '/pkg', accept: '*/*' })
  expect(upstream.hits).toEqual(['/pkg'])
  // Another accept header is another entry; a 404 is kept too.
  await memo(`${upstream.url}pkg`, { headers: { accept: 'application/json' } })
  expect((await memo(`${upstream.url}missing`)).status).toBe(404)
  expect((await memo(`${upstream.url}missing`)).status).toBe(404)
  expect(upstream.hits).toEqual(['/pkg', '/pkg', '/missing'])
  now += 100
  await memo(`${upstream.url}pkg`)
  expect(upstream.hits).toEqual(['/pkg', '/pkg', '/missing', '/pkg'])
})

it('never keeps an error status: the next request asks again', async () => {
  const memo = createMemoFetch({ fetch: globalThis.fetch, ttl: 60_000 })
  upstream.hits.length = 0
  failNext = 1
  expect((await memo(`${upstream.url}flaky`)).status).toBe(503)
  expect((await memo(`${upstream.url}flaky`)).status).toBe(200)
  expect(upstream.hits).toEqual(['/flaky', '/flaky'])
})

it('passes requests with authorization through without caching them', async () => {
  const memo = createMemoFetch({ fetch: globalThis.fetch, ttl: 60_000 })
  upstream.hits.length = 0
  await memo(`${upstream.url}private`, { headers: { authorization: 'Bearer x' } })
  await memo(`${upstream.url}private`, { headers: { authorization: 'Bearer x' } })
  expect(upstream.hits).toEqual(['/private', '/private'])
})
