import { describe, expect, it } from 'vitest'
import { DecisionQueue } from './decisions.js'

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe('DecisionQueue', () => {
  it('decides a level in key order, whatever order the work asking for them finishes in, and only once idle', async () => {
    const queue = new DecisionQueue()
    const order: string[] = []
    const ask = (key: string, wait: number) =>
      queue.active(async () => {
        await delay(wait)
        return queue.decide(key, async () => undefined, async () => (order.push(key), key.toUpperCase()))
      })
    const answers = await Promise.all([ask('c', 1), ask('a', 30), ask('b', 10)])
    expect(answers).toEqual(['C', 'A', 'B'])
    expect(order).toEqual(['a', 'b', 'c'])
  })

  it('decides each key once; later askers get the same answer', async () => {
    const queue = new DecisionQueue()
    let runs = 0
    const ask = () => queue.active(() => queue.decide('k', async () => undefined, async () => ++runs))
    expect(await Promise.all([ask(), ask()])).toEqual([1, 1])
    expect(await ask()).toBe(1)
    expect(runs).toBe(1)
  })

  it('the next level waits for the previous one, and a failure reaches only its askers', async () => {
    const queue = new DecisionQueue()
    const order: string[] = []
    const decide = (key: string, fail = false) =>
      queue.decide(key, async () => undefined, async () => {
        order.push(key)
        if (fail) throw new Error(`no ${key}`)
        return key
      })
    const first = queue.active(async () => `${await decide('z')} then ${await decide('a')}`)
    const second = queue.active(async () => decide('m', true))
    await expect(second).rejects.toThrow('no m')
    expect(await first).toBe('z then a')
    // Level one: m and z (sorted); level two: a, asked only after z was decided.
    expect(order).toEqual(['m', 'z', 'a'])
  })

  it('prefetches start at once, before the level is decided', async () => {
    const queue = new DecisionQueue()
    const events: string[] = []
    await queue.active(async () => {
      const pending = Promise.all(['b', 'a'].map((key) => queue.decide(key, async () => void events.push(`prefetch ${key}`), async () => void events.push(`decide ${key}`))))
      events.push('asked')
      await pending
    })
    expect(events).toEqual(['prefetch b', 'prefetch a', 'asked', 'decide a', 'decide b'])
  })
})
