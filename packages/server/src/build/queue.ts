import { EsmapError } from '@esmap/core'

/** Runs builds with bounded concurrency; concurrent requests for the same key share one run. */
export interface BuildQueue {
  /**
   * Runs `task` under `key`, or joins the run already queued or running for `key`.
   * Throws ESMAP_BUILD_QUEUE_FULL when `maxPending` builds already wait for a slot.
   */
  run<T>(key: string, task: () => Promise<T>): Promise<T>
  /** Builds running now. */
  readonly active: number
  /** Builds waiting for a slot. */
  readonly pending: number
  /** Tasks started since the queue was created (a joined request does not start one). */
  readonly started: number
  /** Resolves once no task runs or waits (at once when idle). */
  idle(): Promise<void>
}

export interface BuildQueueOptions {
  /** Builds at once. @default 4 */
  concurrency?: number
  /** Builds that may wait for a slot before new ones are refused. @default 256 */
  maxPending?: number
}

export function createBuildQueue(options: BuildQueueOptions = {}): BuildQueue {
  const concurrency = Math.max(1, options.concurrency ?? 4)
  const maxPending = Math.max(0, options.maxPending ?? 256)
  const inflight = new Map<string, Promise<unknown>>()
  const waiting: (() => void)[] = []
  const idlers: (() => void)[] = []
  let active = 0
  let started = 0

  /** Resolves once a slot is free (immediately when one is). */
  const slot = (): Promise<void> => {
    if (active < concurrency) {
      active++
      return Promise.resolve()
    }
    return new Promise<void>((resolve) => waiting.push(resolve))
  }
  const release = (): void => {
    const next = waiting.shift()
    // The slot passes straight to the next waiter; `active` stays the same.
    if (next) next()
    else active--
  }

  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const joined = inflight.get(key)
      if (joined) return joined as Promise<T>
      if (active >= concurrency && waiting.length >= maxPending) {
        return Promise.reject(
          new EsmapError('ESMAP_BUILD_QUEUE_FULL', `The build queue is full (${maxPending} builds waiting); ${key} was not queued`, {
            specifier: key,
            fix: 'Try again shortly, or raise limits.maxPendingBuilds / buildConcurrency.',
          }),
        )
      }
      const run = (async () => {
        await slot()
        started++
        try {
          return await task()
        } finally {
          release()
        }
      })()
      inflight.set(key, run)
      const forget = (): void => {
        if (inflight.get(key) === run) inflight.delete(key)
        if (inflight.size === 0) for (const wake of idlers.splice(0)) wake()
      }
      run.then(forget, forget)
      return run
    },
    get active() {
      return active
    },
    get pending() {
      return waiting.length
    },
    get started() {
      return started
    },
    idle() {
      return inflight.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idlers.push(resolve))
    },
  }
}
