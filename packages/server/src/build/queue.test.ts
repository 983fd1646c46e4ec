import { describe, expect, it } from 'vitest'
import { createBuildQueue } from './queue.js'

/** A task that finishes when `release()` is called, recording how many run at once. */
function gate(counter: { running: number; max: number }): { task: () => Promise<string>; release: (value: string) => void } {
  let release!: (value: string) => void
  const done = new Promise<string>((resolve) => (release = resolve))
  return {
    task: async () => {
      counter.running++
      counter.max = Math.max(counter.max, counter.running)
      try {
        return await done
      } finally {
        counter.running--
      }
    },
    release,
  }
}

describe('createBuildQueue', () => {
  it('runs at most `concurrency` tasks at once, in order', async () => {
    const queue = createBuildQueue({ concurrency: 2 })
    const counter = { running: 0, max: 0 }
    const gates = Array.from({ length: 5 }, () => gate(counter))
    const results = gates.map((g, i) => queue.run(`k${i}`, g.task))
    await Promise.resolve()
    expect([queue.active, queue.pending]).toEqual([2, 3])
    gates.forEach((g, i) => g.release(`v${i}`))
    expect(await Promise.all(results)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4'])
    expect(counter.max).toBe(2)
    expect([queue.active, queue.pending, queue.started]).toEqual([0, 0, 5])
  })

  it('shares one run between concurrent requests for the same key', async () => {
    const queue = createBuildQueue()
    const counter = { running: 0, max: 0 }
    const g = gate(counter)
    const runs = Array.from({ length: 10 }, () => queue.run('npm:fx-dep@2.1.0', g.task))
    g.release('built')
    expect(await Promise.all(runs)).toEqual(Array(10).fill('built'))
    expect(queue.started).toBe(1)
  })

  it('runs a key again once its previous run has settled, also after a failure', async () => {
    const queue = createBuildQueue()
    await expect(queue.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await queue.run('k', async () => 'second')).toBe('second')
    expect(queue.started).toBe(2)
  })

  it('refuses new keys with ESMAP_BUILD_QUEUE_FULL once maxPending wait', async () => {
    const queue = createBuildQueue({ concurrency: 1, maxPending: 1 })
    const counter = { running: 0, max: 0 }
    const a = gate(counter)
    const b = gate(counter)
    const first = queue.run('a', a.task)
    const second = queue.run('b', b.task)
    await expect(queue.run('c', async () => 'c')).rejects.toEqual(expect.objectContaining({ code: 'ESMAP_BUILD_QUEUE_FULL', message: 'The build queue is full (1 waiting); c was not queued\n  Fix: Try again shortly, or raise limits.maxPendingBuilds or buildConcurrency.' }))
    // A key already queued still joins its run.
    const joined = queue.run('b', async () => 'never')
    a.release('a')
    b.release('b')
    expect(await Promise.all([first, second, joined])).toEqual(['a', 'b', 'b'])
  })
})

it('idle() resolves once every run has settled', async () => {
  const queue = createBuildQueue({ concurrency: 1 })
  const order: string[] = []
  await queue.idle()
  void queue.run('a', async () => {
    await new Promise((resolve) => setTimeout(resolve, 20))
    order.push('a')
  })
  void queue.run('b', async () => {
    order.push('b')
  }).then(() => {})
  await queue.idle()
  expect(order).toEqual(['a', 'b'])
})
