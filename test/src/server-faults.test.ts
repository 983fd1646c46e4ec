import { request } from 'node:http'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fixturesDir } from './paths.js'
import { startFixtureServer } from './server.js'
import type { FixtureServer } from './server.js'

let server: FixtureServer
beforeAll(async () => {
  server = await startFixtureServer()
})
afterEach(() => {
  server.faults.clear()
  server.log.reset()
})
afterAll(() => server.close())

const depPackageJson = readFileSync(join(fixturesDir, 'packages', 'fx-dep', '2.1.0', 'package.json'))
const DEP_FILE = 'jsdelivr/npm/fx-dep@2.1.0/package.json'

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now()
  const value = await run()
  return { value, ms: performance.now() - start }
}

interface RawResponse {
  status: number
  contentLength: number
  body: Buffer
  /** Arrival time of each data chunk, ms after the request was sent. */
  chunkTimes: number[]
  complete: boolean
}

/** GET with node:http (one connection, no retries) to see exactly what arrived before the socket closed. */
function rawGet(url: string): Promise<RawResponse> {
  const start = performance.now()
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      const chunks: Buffer[] = []
      const chunkTimes: number[] = []
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        chunkTimes.push(performance.now() - start)
      })
      res.on('error', () => undefined) // "aborted" is what a truncated body looks like; reported via complete
      res.on('close', () =>
        resolve({ status: res.statusCode ?? 0, contentLength: Number(res.headers['content-length']), body: Buffer.concat(chunks), chunkTimes, complete: res.complete }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

describe('latency', () => {
  it('delays matching requests only', async () => {
    const handle = server.faults.add({ kind: 'latency', ms: 150, path: '/registry/fx-dep' })
    const slow = await timed(() => fetch(`${server.urls.registry}fx-dep`).then((r) => r.status))
    const fast = await timed(() => fetch(`${server.urls.registry}fx-cjs`).then((r) => r.status))
    expect([slow.value, fast.value]).toEqual([200, 200])
    expect(slow.ms).toBeGreaterThanOrEqual(145)
    expect(fast.ms).toBeLessThan(slow.ms)
    expect([handle.matched, handle.applied]).toEqual([1, 1])
    expect(server.log.entries.map((e) => [e.path, e.faults])).toEqual([
      ['/registry/fx-dep', ['latency']],
      ['/registry/fx-cjs', []],
    ])
    expect(server.log.entries[0]?.durationMs).toBeGreaterThanOrEqual(145)
  })

  it('is bounded: rules past the limit are refused and stacked latency is capped', async () => {
    const bounded = await startFixtureServer({ limits: { maxLatencyMs: 100 } })
    try {
      expect(() => bounded.faults.add({ kind: 'latency', ms: 101 })).toThrow(RangeError)
      for (let i = 0; i < 5; i++) bounded.faults.add({ kind: 'latency', ms: 100 }) // 500 ms unbounded
      const { ms } = await timed(() => fetch(`${bounded.urls.registry}fx-dep`).then((r) => r.arrayBuffer()))
      expect(ms).toBeGreaterThanOrEqual(95)
      expect(ms).toBeLessThan(400)
    } finally {
      await bounded.close()
    }
  })
})

describe('error statuses', () => {
  it('fails the first N requests with 503 and retry-after, then recovers', async () => {
    const handle = server.faults.add({ kind: 'status', status: 503, retryAfter: 1, path: '/registry/fx-dep', when: { first: 2 } })
    const answers = []
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${server.urls.registry}fx-dep`)
      answers.push([res.status, res.headers.get('retry-after'), res.status === 200 ? 'packument' : await res.json()])
    }
    expect(answers).toEqual([
      [503, '1', { error: 'Fault injected: 503 Service Unavailable' }],
      [503, '1', { error: 'Fault injected: 503 Service Unavailable' }],
      [200, null, 'packument'],
    ])
    expect([handle.matched, handle.applied]).toEqual([3, 2])
    expect(server.log.count({ status: 503 })).toBe(2)
  })

  it.each([
    [429, '0', 'Fault injected: 429 Too Many Requests'],
    [500, null, 'Fault injected: 500 Internal Server Error'],
  ] as const)('%i sends retry-after %s', async (status, retryAfter, error) => {
    server.faults.add({ kind: 'status', status })
    const res = await fetch(`${server.urls.unpkg}fx-dep@2.1.0/index.js`)
    expect([res.status, res.headers.get('retry-after'), res.headers.get('cache-control'), await res.json()]).toEqual([status, retryAfter, 'no-store', { error }])
  })

  it('fails every Nth request', async () => {
    server.faults.add({ kind: 'status', status: 500, when: { every: 3 } })
    const statuses = []
    for (let i = 0; i < 7; i++) statuses.push((await fetch(`${server.urls.registry}fx-dep/2.1.0`)).status)
    expect(statuses).toEqual([200, 200, 500, 200, 200, 500, 200])
  })

  it('a seeded error rate gives the same failures on every run', async () => {
    const run = async (target: FixtureServer): Promise<number[]> => {
      target.faults.add({ kind: 'status', status: 503, when: { rate: 0.3, seed: 1234 } })
      const statuses = []
      for (let i = 0; i < 20; i++) statuses.push((await fetch(`${target.urls.registry}fx-dep/1.0.0`)).status)
      return statuses
    }
    const other = await startFixtureServer()
    try {
      const first = await run(server)
      expect(await run(other)).toEqual(first)
      expect(first.filter((s) => s === 503).length).toBeGreaterThan(0)
      expect(first.filter((s) => s === 200).length).toBeGreaterThan(0)
    } finally {
      await other.close()
    }
  })
})

describe('dropped connections', () => {
  it('before headers: the client sees a socket error and no status', async () => {
    server.faults.add({ kind: 'drop', at: 'before-headers', path: '/registry/fx-dep' })
    const err = (await fetch(`${server.urls.registry}fx-dep`).catch((e: unknown) => e)) as TypeError & { cause?: { code?: string } }
    expect(err).toBeInstanceOf(TypeError)
    expect(err.cause?.code).toBe('UND_ERR_SOCKET')
    expect(server.log.entries.map((e) => [e.status, e.completed, e.faults])).toEqual([[0, false, ['drop']]])
    server.faults.clear()
    expect((await fetch(`${server.urls.registry}fx-dep`)).status).toBe(200)
  })

  it('after headers: the status arrives, then the body fails', async () => {
    server.faults.add({ kind: 'drop', at: 'after-headers' })
    const res = await fetch(`${server.urls.registry}fx-dep`)
    expect(res.status).toBe(200)
    await expect(res.text()).rejects.toThrow('terminated')
    const raw = await rawGet(`${server.urls.registry}fx-dep`)
    expect([raw.status, raw.body.length, raw.complete]).toEqual([200, 0, false])
    expect(raw.contentLength).toBeGreaterThan(0)
    expect(server.log.entries.map((e) => [e.status, e.completed])).toEqual([
      [200, false],
      [200, false],
    ])
  })
})

describe('truncated bodies', () => {
  it('sends the promised content-length but only the first bytes, then closes', async () => {
    server.faults.add({ kind: 'truncate', bytes: 10, path: `/${DEP_FILE}` })
    const raw = await rawGet(`${server.origin}/${DEP_FILE}`)
    expect([raw.status, raw.contentLength, raw.body, raw.complete]).toEqual([200, depPackageJson.length, depPackageJson.subarray(0, 10), false])
    await expect(fetch(`${server.origin}/${DEP_FILE}`).then((r) => r.text())).rejects.toThrow('terminated')
    expect(server.log.count({ path: `/${DEP_FILE}` })).toBe(2)
    expect(server.log.entries.every((e) => !e.completed && e.faults.join() === 'truncate')).toBe(true)
  })

  it('defaults to half the body', async () => {
    server.faults.add({ kind: 'truncate' })
    const raw = await rawGet(`${server.origin}/${DEP_FILE}`)
    expect(raw.body).toEqual(depPackageJson.subarray(0, Math.floor(depPackageJson.length / 2)))
  })
})

describe('drip-fed bodies', () => {
  it('sends chunkBytes every intervalMs', async () => {
    const chunkBytes = Math.ceil(depPackageJson.length / 5)
    server.faults.add({ kind: 'drip', intervalMs: 40, chunkBytes, path: `/${DEP_FILE}` })
    const raw = await rawGet(`${server.origin}/${DEP_FILE}`)
    expect([raw.status, raw.complete, raw.body]).toEqual([200, true, depPackageJson])
    expect(raw.chunkTimes.length).toBe(5)
    const first = raw.chunkTimes[0] ?? 0
    const last = raw.chunkTimes.at(-1) ?? 0
    expect(last - first).toBeGreaterThanOrEqual(4 * 40 - 10)
    expect(last - first).toBeLessThan(4 * 40 + 1000)
  })

  it('is bounded by maxDripMs: the rest is flushed at the deadline', async () => {
    const bounded = await startFixtureServer({ limits: { maxDripMs: 150 } })
    try {
      bounded.faults.add({ kind: 'drip', intervalMs: 100, chunkBytes: 1 }) // unbounded: ~depPackageJson.length × 100 ms
      const { value: raw, ms } = await timed(() => rawGet(`${bounded.origin}/${DEP_FILE}`))
      expect([raw.complete, raw.body]).toEqual([true, depPackageJson])
      expect(ms).toBeGreaterThanOrEqual(140)
      expect(ms).toBeLessThan(2000)
    } finally {
      await bounded.close()
    }
  })

  it('combines with truncate: drips the short body, then closes', async () => {
    server.faults.add({ kind: 'drip', intervalMs: 5, chunkBytes: 4 })
    server.faults.add({ kind: 'truncate', bytes: 12 })
    const raw = await rawGet(`${server.origin}/${DEP_FILE}`)
    expect([raw.body, raw.complete, raw.chunkTimes.length]).toEqual([depPackageJson.subarray(0, 12), false, 3])
  })
})

describe('path patterns and options', () => {
  it('a glob limits a fault to tarballs', async () => {
    server.faults.add({ kind: 'status', status: 503, path: '/registry/**.tgz' })
    const packument = await fetch(`${server.urls.registry}fx-dep`)
    const tarball = await fetch(`${server.urls.registry}fx-dep/-/fx-dep-2.1.0.tgz`)
    expect([packument.status, tarball.status]).toEqual([200, 503])
  })

  it('a RegExp and a service narrow a fault', async () => {
    server.faults.add({ kind: 'status', status: 500, service: 'jsr', path: /_meta\.json$/ })
    const statuses = await Promise.all(
      [`${server.urls.jsr}@fxjsr/util/1.0.0_meta.json`, `${server.urls.jsr}@fxjsr/util/meta.json`, `${server.urls.jsr}@fxjsr/util/1.0.0/mod.ts`].map(async (u) => (await fetch(u)).status),
    )
    expect(statuses).toEqual([500, 200, 200])
  })

  it('faults given at start apply from the first request', async () => {
    const started = await startFixtureServer({ faults: [{ kind: 'status', status: 429, when: { first: 1 } }] })
    try {
      expect((await fetch(`${started.urls.registry}fx-dep`)).status).toBe(429)
      expect((await fetch(`${started.urls.registry}fx-dep`)).status).toBe(200)
    } finally {
      await started.close()
    }
  })
})

describe('request log', () => {
  it('counts requests and the concurrency high-water mark', async () => {
    server.faults.add({ kind: 'latency', ms: 80 })
    await Promise.all(['fx-dep', 'fx-cjs', 'fx-react', '@fx%2fscoped', 'fx-tagged'].map((n) => fetch(`${server.urls.registry}${n}`).then((r) => r.arrayBuffer())))
    expect(server.log.maxConcurrency).toBe(5)
    expect(server.log.inFlight).toBe(0)
    expect(server.log.count()).toBe(5)
    expect(server.log.paths().sort()).toEqual(['/registry/@fx%2fscoped', '/registry/fx-cjs', '/registry/fx-dep', '/registry/fx-react', '/registry/fx-tagged'])
    server.log.reset()
    server.faults.clear()
    for (const n of ['fx-dep', 'fx-dep']) await (await fetch(`${server.urls.unpkg}${n}@2.1.0/index.js`)).arrayBuffer()
    expect([server.log.count(), server.log.count({ service: 'unpkg', status: 200 }), server.log.maxConcurrency]).toEqual([2, 2, 1])
    expect(server.log.entries.map((e) => [e.method, e.path, e.status, e.completed])).toEqual([
      ['GET', '/unpkg/fx-dep@2.1.0/index.js', 200, true],
      ['GET', '/unpkg/fx-dep@2.1.0/index.js', 200, true],
    ])
  })
})
