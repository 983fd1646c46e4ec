/** Runs `task` once fewer than the limit's tasks are running; settles with the task's result. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>

/**
 * A concurrency limit: at most `max` tasks run at a time, the rest wait in FIFO order.
 * A waiting task costs one closure, so queueing thousands of hook calls stays cheap.
 */
export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`Concurrency must be a positive integer, got ${max}`)
  let running = 0
  // A FIFO queue: an array read from `head`, so taking the next task does not shift the array.
  let waiting: ((() => void) | undefined)[] = []
  let head = 0
  const release = (): void => {
    running--
    const next = waiting[head]
    if (next === undefined) return
    waiting[head++] = undefined
    if (head > 1024 && head * 2 > waiting.length) {
      waiting = waiting.slice(head)
      head = 0
    }
    next()
  }
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        running++
        // A task that throws synchronously is a rejection, like one that rejects.
        Promise.resolve()
          .then(task)
          .then(resolve, reject)
          .finally(release)
      }
      if (running < max) start()
      else waiting.push(start)
    })
}
