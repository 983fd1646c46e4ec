/** Runs tasks with at most `limit` running at once per key (the URL's origin), in arrival order. */
export interface KeyedLimiter {
  run<T>(key: string, task: () => Promise<T>): Promise<T>
}

interface Lane {
  active: number
  waiting: (() => void)[]
}

export function createKeyedLimiter(limit: number): KeyedLimiter {
  const lanes = new Map<string, Lane>()

  async function acquire(key: string): Promise<Lane> {
    let lane = lanes.get(key)
    if (!lane) lanes.set(key, (lane = { active: 0, waiting: [] }))
    if (lane.active < limit) {
      lane.active++
      return lane
    }
    // The slot is handed over by release(): `active` stays counted for the waiter.
    await new Promise<void>((resolve) => lane.waiting.push(resolve))
    return lane
  }

  function release(key: string, lane: Lane): void {
    const next = lane.waiting.shift()
    if (next) return next()
    lane.active--
    if (lane.active === 0) lanes.delete(key)
  }

  return {
    async run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const lane = await acquire(key)
      try {
        return await task()
      } finally {
        release(key, lane)
      }
    },
  }
}
