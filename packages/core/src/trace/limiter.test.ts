import { setImmediate as nextTurn } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { createLimiter } from './limiter.js'

describe('createLimiter', () => {
  it('runs at most `max` tasks at once and starts the waiting ones in FIFO order', async () => {
    const limit = createLimiter(2)
    const started: number[] = []
    let running = 0
    let highWater = 0
    const results = await Promise.all([0, 1, 2, 3, 4].map((n) => limit(async () => {
      started.push(n)
      highWater = Math.max(highWater, ++running)
      await nextTurn()
      running--
      return n * 10
    })))
    expect(results).toEqual([0, 10, 20, 30, 40])
    expect(started).toEqual([0, 1, 2, 3, 4])
    expect(highWater).toBe(2)
  })
  it('a task that throws synchronously rejects and frees its slot', async () => {
    const limit = createLimiter(1)
    const failing = limit(() => {
      throw new Error('sync failure')
    })
    await expect(failing).rejects.toThrow('sync failure')
    await expect(limit(async () => 'next')).resolves.toBe('next')
  })
  it('rejects a limit that is not a positive integer', () => {
    expect(() => createLimiter(1.5)).toThrow('Concurrency must be a positive integer, got 1.5')
  })
})
