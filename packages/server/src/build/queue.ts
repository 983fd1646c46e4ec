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
  /** Tasks at once. @default 4 */
  concurrency?: number
  /** Tasks that may wait for a slot before new ones are refused. @default 256 */
  maxPending?: number
  /** What the tasks are, for the refusal message. @default 'build' */
  name?: string
  /** The options that raise the limits, for the refusal's fix. @default 'limits.maxPendingBuilds or buildConcurrency' */
  limitOptions?: string
}

export function createBuildQueue(options: BuildQueueOptions = {}): BuildQueue {
  const concurrency = Math.max(1, options.concurrency ?? 4)
  const maxPending = Math.max(0, options.maxPending ?? 256)
  const name = options.name ?? 'build'
  const limitOptions = options.limitOptions ?? 'limits.maxPendingBuilds or buildConcurrency'
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
          new EsmapError('ESMAP_BUILD_QUEUE_FULL', `The ${name} queue is full (${maxPending} waiting); ${key.slice(0, 200)} was not queued`, {
            specifier: key.slice(0, 200),
            fix: `Try again shortly, or raise ${limitOptions}.`,
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
