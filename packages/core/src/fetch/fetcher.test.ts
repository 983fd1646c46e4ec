import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EsmapError } from '../errors.js'
import { serve, send, type Loopback } from './__tests__/loopback.js'
import { createFetcher } from './fetcher.js'
import type { FetchEvent, FetcherOptions } from './types.js'

let servers: Loopback[] = []
let cacheDir = ''

beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'esmap-fetch-'))
})
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()))
  servers = []
  await rm(cacheDir, { recursive: true, force: true })
})

async function server(handler: Parameters<typeof serve>[0]): Promise<Loopback> {
  const s = await serve(handler)
  servers.push(s)
  return s
}

/** Fast retries for tests: no real backoff unless a test asks for one. */
function fetcher(options: FetcherOptions = {}, events: FetchEvent[] = []): ReturnType<typeof createFetcher> {
  return createFetcher({ cacheDir, retryDelay: 1, random: () => 0, onEvent: (e) => events.push(e), ...options })
}

async function rejection(promise: Promise<unknown>): Promise<EsmapError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof EsmapError) return err
    throw err
  }
  throw new Error('expected a rejection')
}

/** Every file under `dir`, relative, sorted. */
async function files(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
      .sort()
  } catch {
    return []
  }
}

describe('retries', () => {
  it('retries 503 until a 200, with backoff events', async () => {
    const s = await server((_req, res, nth) => (nth < 3 ? send(res, 503, 'busy') : send(res, 200, 'ok')))
    const events: FetchEvent[] = []
    const f = fetcher({ cache: false }, events)
    const result = await f.fetch(`${s.origin}/a`)
    expect(new TextDecoder().decode(result.body)).toBe('ok')
    expect(result.status).toBe(200)
    expect(s.count('/a')).toBe(3)
    expect(f.stats()).toMatchObject({ requests: 3, retries: 2 })
    expect(events.filter((e) => e.type === 'retry')).toEqual([
      { type: 'retry', url: `${s.origin}/a`, attempt: 1, delay: 1, reason: 'HTTP 503 Service Unavailable' },
      { type: 'retry', url: `${s.origin}/a`, attempt: 2, delay: 1, reason: 'HTTP 503 Service Unavailable' },
    ])
  })

  it('honours retry-after on 429 (in seconds)', async () => {
    const s = await server((_req, res, nth) => (nth === 1 ? send(res, 429, 'slow down', { 'retry-after': '1' }) : send(res, 200, 'ok')))
    const events: FetchEvent[] = []
    const started = Date.now()
    await fetcher({ cache: false }, events).fetch(`${s.origin}/r`)
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    expect(events.find((e) => e.type === 'retry')).toEqual({ type: 'retry', url: `${s.origin}/r`, attempt: 1, delay: 1000, reason: 'HTTP 429 Too Many Requests' })
  })

  it('caps retry-after at maxRetryDelay', async () => {
    const s = await server((_req, res, nth) => (nth === 1 ? send(res, 503, '', { 'retry-after': '3600' }) : send(res, 200, 'ok')))
    const events: FetchEvent[] = []
    await fetcher({ cache: false, maxRetryDelay: 20 }, events).fetch(`${s.origin}/r`)
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ delay: 20 })
  })

  it.each([
    [404, 'missing'],
    [400, 'bad'],
    [401, 'who?'],
    [403, 'no'],
  ])('never retries %i: it is a result', async (status, body) => {
    const s = await server((_req, res) => send(res, status, body))
    const f = fetcher({ cache: false })
    const result = await f.fetch(`${s.origin}/x`)
    expect([result.status, new TextDecoder().decode(result.body)]).toEqual([status, body])
    expect(s.count('/x')).toBe(1)
  })

  it('maps 404 to undefined in json() and bytes(), and throws for 400', async () => {
    const s = await server((req, res) => (req.url === '/bad' ? send(res, 400, 'bad') : send(res, 404, 'nope')))
    const f = fetcher({ cache: false })
    expect(await f.json(`${s.origin}/missing`)).toBeUndefined()
    expect(await f.bytes(`${s.origin}/missing`)).toBeUndefined()
    const err = await rejection(f.json(`${s.origin}/bad`))
    expect(err.code).toBe('ESMAP_FETCH_FAILED')
    expect(err.message).toBe(
      `Fetching ${s.origin}/bad failed: the server answered HTTP 400.\n  Fix: Check that ${s.origin}/bad is the right address and that ${s.origin} serves it.`,
    )
  })

  it('retries a dropped connection', async () => {
    const s = await server((req, res, nth) => (nth === 1 ? req.socket.destroy() : send(res, 200, 'ok')))
    const result = await fetcher({ cache: false }).fetch(`${s.origin}/d`)
    expect(new TextDecoder().decode(result.body)).toBe('ok')
    expect(s.count('/d')).toBe(2)
  })

  it('names the URL, the attempts and the last cause when every attempt fails', async () => {
    const s = await server((req) => req.socket.destroy())
    const err = await rejection(fetcher({ cache: false, retries: 2 }).fetch(`${s.origin}/gone`))
    expect(err.code).toBe('ESMAP_FETCH_FAILED')
    expect(err.specifier).toBe(`${s.origin}/gone`)
    expect(err.message).toMatch(new RegExp(`^Fetching ${s.origin}/gone failed after 3 attempts: (socket hang up \\(ECONNRESET\\)|fetch failed: (UND_ERR_SOCKET|ECONNRESET|other side closed))\\.\\n  Fix: Check that ${s.origin} is reachable`))
    expect(s.count('/gone')).toBe(3)
  })

  it('names the last HTTP status when 5xx never stops', async () => {
    const s = await server((_req, res) => send(res, 502, 'bad gateway'))
    const err = await rejection(fetcher({ cache: false, retries: 1 }).fetch(`${s.origin}/5`))
    expect(err.message.split('\n')[0]).toBe(`Fetching ${s.origin}/5 failed after 2 attempts: HTTP 502 Bad Gateway.`)
  })

  it('times out one attempt and retries it', async () => {
    const s = await server((_req, res, nth) => {
      if (nth === 1) setTimeout(() => send(res, 200, 'late'), 400)
      else send(res, 200, 'on time')
    })
    const events: FetchEvent[] = []
    const result = await fetcher({ cache: false, timeout: 100 }, events).fetch(`${s.origin}/t`)
    expect(new TextDecoder().decode(result.body)).toBe('on time')
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ reason: 'timed out after 100 ms' })
  })

  it('gives up when the overall budget runs out', async () => {
    const s = await server(() => {}) // never answers
    const started = Date.now()
    const err = await rejection(fetcher({ cache: false, timeout: 100, budget: 250, retries: 50 }).fetch(`${s.origin}/hang`))
    expect(Date.now() - started).toBeLessThan(1000)
    expect(err.code).toBe('ESMAP_FETCH_FAILED')
    expect(err.message.split('\n')[0]).toMatch(new RegExp(`^Fetching ${s.origin}/hang failed after [23] attempts: the overall budget of 250 ms ran out \\(before that: timed out after 100 ms\\)\\.$`))
  })

  it('retries a body shorter than its content-length and never caches it', async () => {
    const s = await server((_req, res, nth) => {
      if (nth === 1) {
        res.writeHead(200, { 'content-length': '100' })
        res.write('x'.repeat(50))
        setTimeout(() => res.socket?.destroy(), 10)
      } else send(res, 200, 'y'.repeat(100))
    })
    const events: FetchEvent[] = []
    const result = await fetcher({}, events).fetch(`${s.origin}/trunc`, { immutable: true })
    expect(new TextDecoder().decode(result.body)).toBe('y'.repeat(100))
    expect(s.count('/trunc')).toBe(2)
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(1)
  })

  it('checks content-length itself when the injected fetch does not', async () => {
    let calls = 0
    const fake: FetcherOptions['fetch'] = async () => {
      calls++
      const body = calls === 1 ? 'short' : 'exactly ten'.slice(0, 10)
      return new Response(body, { status: 200, headers: { 'content-length': '10' } })
    }
    const events: FetchEvent[] = []
    const f = fetcher({ fetch: fake }, events)
    const result = await f.fetch('http://127.0.0.1:9/len')
    expect(new TextDecoder().decode(result.body)).toBe('exactly te')
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ reason: 'truncated body: got 5 of 10 bytes' })
    // Only the complete body reached the cache.
    expect(new TextDecoder().decode((await fetcher({ cache: 'offline' }).fetch('http://127.0.0.1:9/len')).body)).toBe('exactly te')
  })

  it('passes the caller’s abort through without retrying', async () => {
    const s = await server(() => {})
    const controller = new AbortController()
    const pending = fetcher({ cache: false }).fetch(`${s.origin}/abort`, { signal: controller.signal })
    setTimeout(() => controller.abort(new Error('user cancelled')), 50)
    await expect(pending).rejects.toThrow('user cancelled')
    expect(s.count('/abort')).toBe(1)
  })
})

describe('concurrency and deduplication', () => {
  it('keeps at most `concurrency` requests in flight per origin', async () => {
    let active = 0
    let highWater = 0
    const s = await server((_req, res) => {
      active++
      highWater = Math.max(highWater, active)
      setTimeout(() => {
        active--
        send(res, 200, 'ok')
      }, 20)
    })
    const f = fetcher({ cache: false, concurrency: 4 })
    await Promise.all(Array.from({ length: 24 }, (_, i) => f.fetch(`${s.origin}/${i}`)))
    expect(highWater).toBe(4)
    expect(s.seen).toHaveLength(24)
  })

  it('limits each origin separately', async () => {
    const peaks: number[] = []
    const make = async (): Promise<Loopback> => {
      let active = 0
      const index = peaks.push(0) - 1
      return server((_req, res) => {
        active++
        peaks[index] = Math.max(peaks[index] ?? 0, active)
        setTimeout(() => (active--, send(res, 200, 'ok')), 20)
      })
    }
    const [a, b] = [await make(), await make()]
    const f = fetcher({ cache: false, concurrency: 2 })
    await Promise.all(Array.from({ length: 8 }, (_, i) => f.fetch(`${(i % 2 ? a : b).origin}/${i}`)))
    expect(peaks).toEqual([2, 2])
  })

  it('joins requests for the same URL that are in flight', async () => {
    const s = await server((_req, res) => setTimeout(() => send(res, 200, 'shared'), 30))
    const f = fetcher({ cache: false })
    const results = await Promise.all(Array.from({ length: 5 }, () => f.fetch(`${s.origin}/same`)))
    expect(s.count('/same')).toBe(1)
    expect(results.map((r) => new TextDecoder().decode(r.body))).toEqual(Array(5).fill('shared'))
    expect(f.stats()).toMatchObject({ requests: 1, deduped: 4 })
  })
})

describe('disk cache', () => {
  it('answers a second request from the cache, and counts it', async () => {
    const s = await server((_req, res) => send(res, 200, '{"a":1}', { 'content-type': 'application/json' }))
    const f = fetcher()
    const first = await f.fetch(`${s.origin}/doc`)
    const second = await fetcher().fetch(`${s.origin}/doc`)
    expect([first.fromCache, second.fromCache]).toEqual([false, true])
    expect(second.body).toEqual(first.body)
    expect(second.headers).toEqual({ 'content-type': 'application/json' })
    expect(s.count('/doc')).toBe(1)
    expect(f.stats()).toEqual({ requests: 1, bytes: 7, cacheHits: 0, cacheMisses: 1, retries: 0, deduped: 0 })
  })

  it('with cache: false neither reads nor writes', async () => {
    const s = await server((_req, res) => send(res, 200, 'ok'))
    await fetcher().fetch(`${s.origin}/n`)
    const f = fetcher({ cache: false })
    await f.fetch(`${s.origin}/n`)
    await f.fetch(`${s.origin}/other`)
    expect(s.count('/n')).toBe(2)
    expect((await files(cacheDir)).filter((p) => p.startsWith('fetch-v1/index/'))).toHaveLength(1)
  })

  it('refetches a mutable entry after the TTL and keeps an immutable one', async () => {
    const s = await server((req, res) => send(res, 200, `${req.url} v${s.count(req.url ?? '')}`))
    let now = 1_000_000
    const f = fetcher({ ttl: 1000, now: () => now })
    await f.fetch(`${s.origin}/list`)
    await f.fetch(`${s.origin}/tarball`, { immutable: true })
    now += 999
    expect(new TextDecoder().decode((await f.fetch(`${s.origin}/list`)).body)).toBe('/list v1')
    now += 1
    expect(new TextDecoder().decode((await f.fetch(`${s.origin}/list`)).body)).toBe('/list v2')
    now += 10 ** 9
    expect(new TextDecoder().decode((await f.fetch(`${s.origin}/tarball`)).body)).toBe('/tarball v1')
    expect([s.count('/list'), s.count('/tarball')]).toEqual([2, 1])
  })

  it('keeps `cache-control: immutable` responses forever', async () => {
    const s = await server((_req, res) => send(res, 200, 'forever', { 'cache-control': 'public, max-age=31536000, immutable' }))
    let now = 0
    const f = fetcher({ ttl: 1, now: () => now })
    await f.fetch(`${s.origin}/i`)
    now = 10 ** 12
    expect((await f.fetch(`${s.origin}/i`)).fromCache).toBe(true)
    expect(s.count('/i')).toBe(1)
  })

  it('revalidates a stale entry with its etag (304 keeps the stored body)', async () => {
    const s = await server((req, res) => (req.headers['if-none-match'] === '"v1"' ? (res.writeHead(304), res.end()) : send(res, 200, 'body', { etag: '"v1"' })))
    let now = 0
    const f = fetcher({ ttl: 10, now: () => now })
    await f.fetch(`${s.origin}/e`)
    now = 100
    const again = await f.fetch(`${s.origin}/e`)
    expect([again.status, new TextDecoder().decode(again.body), again.fromCache]).toEqual([200, 'body', true])
    expect(s.seen.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"v1"'])
    // Revalidation refreshed the entry: within the TTL again, no request.
    now = 105
    await f.fetch(`${s.origin}/e`)
    expect(s.count('/e')).toBe(2)
  })

  it('does not store `cache-control: no-store` responses or 5xx', async () => {
    const s = await server((req, res) => (req.url === '/private' ? send(res, 200, 'p', { 'cache-control': 'no-store' }) : send(res, 500, 'x')))
    await fetcher({ retries: 0 }).fetch(`${s.origin}/private`)
    await rejection(fetcher({ retries: 0 }).fetch(`${s.origin}/boom`))
    expect(await files(cacheDir)).toEqual([])
  })

  it('caches 404 so that an offline run sees it too', async () => {
    const s = await server((_req, res) => send(res, 404, 'not found'))
    await fetcher().fetch(`${s.origin}/none`)
    const offline = await fetcher({ cache: 'offline', now: () => Date.now() + 10 ** 10 }).fetch(`${s.origin}/none`)
    expect([offline.status, offline.fromCache]).toEqual([404, true])
    expect(s.count('/none')).toBe(1)
  })

  it('keys on accept: two representations of one URL are two entries', async () => {
    const s = await server((req, res) => send(res, 200, String(req.headers.accept)))
    const f = fetcher()
    await f.fetch(`${s.origin}/p`, { headers: { Accept: 'application/json' } })
    await f.fetch(`${s.origin}/p`, { headers: { accept: 'application/vnd.npm.install-v1+json' } })
    const again = await fetcher().fetch(`${s.origin}/p`, { headers: { accept: 'application/json' } })
    expect(new TextDecoder().decode(again.body)).toBe('application/json')
    expect(s.count('/p')).toBe(2)
  })

  it('does not cache or retry a body that validate() rejects', async () => {
    const s = await server((_req, res) => send(res, 200, 'tampered'))
    const f = fetcher()
    const reject = (): void => {
      throw new EsmapError('ESMAP_INTEGRITY_MISMATCH', 'bad bytes')
    }
    const err = await rejection(f.fetch(`${s.origin}/v`, { validate: reject, immutable: true }))
    expect([err.code, err.message]).toEqual(['ESMAP_INTEGRITY_MISMATCH', 'bad bytes'])
    expect(s.count('/v')).toBe(1)
    expect(await files(cacheDir)).toEqual([])
  })

  it('clearCache() removes every entry', async () => {
    const s = await server((_req, res) => send(res, 200, 'ok'))
    const f = fetcher()
    await f.fetch(`${s.origin}/c`)
    // A small body is written into its index entry: one file.
    expect(await files(cacheDir)).toHaveLength(1)
    await f.clearCache()
    expect(await files(cacheDir)).toEqual([])
    await f.fetch(`${s.origin}/c`)
    expect(s.count('/c')).toBe(2)
  })
})

describe('offline', () => {
  it('gives byte-identical results after a warm run, with no request', async () => {
    const payload = new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256))
    const s = await server((_req, res) => send(res, 200, payload, { 'content-type': 'application/octet-stream' }))
    const warm = await fetcher().fetch(`${s.origin}/bin?x=1`)
    const before = s.seen.length
    const f = fetcher({ cache: 'offline', now: () => Date.now() + 10 ** 10 })
    const cold = await f.fetch(`${s.origin}/bin?x=1`)
    expect(cold.body).toEqual(warm.body)
    expect(cold.body).toEqual(payload)
    expect(cold.headers).toEqual(warm.headers)
    expect(s.seen.length).toBe(before)
    expect(f.stats()).toMatchObject({ requests: 0, cacheHits: 1 })
  })

  it('fails a miss with ESMAP_OFFLINE_MISS, naming the URL and how to fill the cache', async () => {
    const err = await rejection(fetcher({ cache: 'offline' }).fetch('http://127.0.0.1:9/never'))
    expect(err.code).toBe('ESMAP_OFFLINE_MISS')
    expect(err.specifier).toBe('http://127.0.0.1:9/never')
    expect(err.message).toBe(
      `http://127.0.0.1:9/never is not in the cache at ${join(cacheDir, 'fetch-v1')}, and cache is 'offline', so the network was not used.\n` +
        '  Fix: Run once online with the same options (cache: true, same cacheDir) to fill the cache, then run offline again.',
    )
  })
})

describe('corrupt entries', () => {
  async function warm(s: Loopback): Promise<{ index: string; content: string }> {
    await fetcher().fetch(`${s.origin}/c`)
    const all = await files(cacheDir)
    const pick = (prefix: string): string => join(cacheDir, all.find((p) => p.startsWith(prefix)) ?? '')
    return { index: pick('fetch-v1/index/'), content: pick('fetch-v1/content/') }
  }

  // Bodies up to 1 MiB are written after the record in the index file; larger ones have their own file.
  const large = 'x'.repeat((1 << 20) + 1)
  it.each([
    ['a flipped byte of a large body', large, 'content', (b: Buffer) => ((b[0] = (b[0] ?? 0) ^ 1), b), 'body checksum mismatch'],
    ['a truncated large body', large, 'content', (b: Buffer) => b.subarray(0, 3), 'body checksum mismatch'],
    ['a flipped byte of a small body', 'the real body', 'index', (b: Buffer) => ((b[b.length - 1] = (b[b.length - 1] ?? 0) ^ 1), b), 'index entry checksum mismatch'],
    ['a truncated small body', 'the real body', 'index', (b: Buffer) => b.subarray(0, b.length - 3), 'index entry checksum mismatch'],
    ['an edited index', 'the real body', 'index', (b: Buffer) => Buffer.from(b.toString().replace('"status":200', '"status":201')), 'index entry checksum mismatch'],
    ['a truncated index', 'the real body', 'index', (b: Buffer) => b.subarray(0, 40), 'index entry checksum mismatch'],
  ] as const)('drops %s and refetches', async (_name, body, which, damage, reason) => {
    const s = await server((_req, res) => send(res, 200, body))
    const paths = await warm(s)
    await writeFile(paths[which], damage(await readFile(paths[which])))
    const events: FetchEvent[] = []
    const result = await fetcher({}, events).fetch(`${s.origin}/c`)
    expect([new TextDecoder().decode(result.body) === body, result.fromCache]).toEqual([true, false])
    expect(events.find((e) => e.type === 'cache-corrupt')).toMatchObject({ url: `${s.origin}/c`, reason: expect.stringContaining(reason) })
    expect(s.count('/c')).toBe(2)
    // The refetch repaired the entry.
    expect((await fetcher({ cache: 'offline' }).fetch(`${s.origin}/c`)).fromCache).toBe(true)
  })

  it('offline, a corrupt entry is a miss, never returned', async () => {
    const s = await server((_req, res) => send(res, 200, 'the real body'))
    const { index } = await warm(s)
    const bytes = await readFile(index)
    await writeFile(index, Buffer.concat([bytes.subarray(0, bytes.length - 'the real body'.length), Buffer.from('the fake body')]))
    const err = await rejection(fetcher({ cache: 'offline' }).fetch(`${s.origin}/c`))
    expect(err.code).toBe('ESMAP_OFFLINE_MISS')
  })
})

describe('derived values', () => {
  const spec = (calls: string[]) => ({
    name: 'length-v1',
    derive: (r: { status: number; body: Uint8Array }) => {
      calls.push('derive')
      return r.status === 404 ? undefined : { length: r.body.byteLength }
    },
  })

  it('keeps the derived value instead of the answer: a second fetcher neither asks nor derives again', async () => {
    const s = await server((_req, res) => send(res, 200, 'x'.repeat(5000), { 'cache-control': 'max-age=300' }))
    const calls: string[] = []
    expect(await fetcher().derived(`${s.origin}/doc`, {}, spec(calls))).toEqual({ length: 5000 })
    const again = fetcher()
    expect(await again.derived(`${s.origin}/doc`, {}, spec(calls))).toEqual({ length: 5000 })
    expect([s.count('/doc'), calls.length, again.stats().cacheHits]).toEqual([1, 1, 1])
    // Only the derived entry is written (one small file), not the 5000-byte answer.
    const written = await files(cacheDir)
    expect(written).toHaveLength(1)
    expect((await readFile(join(cacheDir, written[0]!))).byteLength).toBeLessThan(1000)
  })

  it('revalidates a stale derived value with its etag, and a 304 keeps it without deriving', async () => {
    const s = await server((req, res) => (req.headers['if-none-match'] === '"v1"' ? send(res, 304, '') : send(res, 200, 'abc', { etag: '"v1"' })))
    const calls: string[] = []
    await fetcher({ ttl: 0 }).derived(`${s.origin}/doc`, {}, spec(calls))
    expect(await fetcher({ ttl: 0 }).derived(`${s.origin}/doc`, {}, spec(calls))).toEqual({ length: 3 })
    expect([s.count('/doc'), calls.length]).toEqual([2, 1])
  })

  it('keeps a 404 (undefined) for offline runs, and misses offline what was never derived', async () => {
    const s = await server((_req, res) => send(res, 404, 'no'))
    const calls: string[] = []
    expect(await fetcher().derived(`${s.origin}/gone`, {}, spec(calls))).toBeUndefined()
    expect(await fetcher({ cache: 'offline' }).derived(`${s.origin}/gone`, {}, spec(calls))).toBeUndefined()
    expect(calls).toHaveLength(1)
    expect((await rejection(fetcher({ cache: 'offline' }).derived(`${s.origin}/other`, {}, spec(calls)))).code).toBe('ESMAP_OFFLINE_MISS')
  })

  it('derives again under a new name (a changed format never reads an old value)', async () => {
    const s = await server((_req, res) => send(res, 200, 'abcd'))
    const calls: string[] = []
    await fetcher().derived(`${s.origin}/doc`, {}, spec(calls))
    expect(await fetcher().derived(`${s.origin}/doc`, {}, { ...spec(calls), name: 'length-v2' })).toEqual({ length: 4 })
    expect(calls).toHaveLength(2)
  })
})

describe('background writes and records', () => {
  it('answers before the write ends, sees its own pending entry, and flush() puts it on disk', async () => {
    const s = await server((_req, res) => send(res, 200, 'body', { 'cache-control': 'max-age=300' }))
    const f = fetcher({ backgroundWrites: true })
    await f.fetch(`${s.origin}/a`)
    expect((await f.fetch(`${s.origin}/a`)).fromCache).toBe(true)
    await f.flush()
    expect((await fetcher({ cache: 'offline' }).fetch(`${s.origin}/a`)).fromCache).toBe(true)
    expect(s.count('/a')).toBe(1)
  })

  it('records are shared through the cache, verified, and memory-only with cache: false', async () => {
    await fetcher().records.put('k sha512-abc', { files: ['a.js'] })
    expect(await fetcher().records.get('k sha512-abc')).toEqual({ files: ['a.js'] })
    expect(await fetcher().records.get('k sha512-other')).toBeUndefined()
    const [entry] = await files(cacheDir)
    const bytes = await readFile(join(cacheDir, entry!))
    await writeFile(join(cacheDir, entry!), Buffer.from(bytes.toString().replace('a.js', 'b.js')))
    expect(await fetcher().records.get('k sha512-abc')).toBeUndefined()
    const memory = fetcher({ cache: false })
    await memory.records.put('k2', 1)
    expect([await memory.records.get('k2'), await fetcher().records.get('k2')]).toEqual([1, undefined])
  })
})
