/**
 * Installer decisions in a fixed order while the trace stays concurrent.
 *
 * Which version a dependency gets can depend on what was decided before it (reuse, upgrade,
 * peers), so deciding in the order network answers arrive would make the map depend on timing.
 * Instead, as npm's arborist does, decisions are taken level by level: each one asked for is
 * queued; when nothing else of the trace is running (every module of the level loaded and
 * analysed), the queue is decided in sort order (importer's package key, then name), one by one;
 * the trace then goes on to the next level. Each `(scope, name)` edge is decided once per trace
 * (`decide` memoizes by key), and metadata prefetches start as soon as a decision is queued, so
 * the sequential part only reads memoized answers.
 *
 * Only the trace's own hook calls count as activity: wrap each in `active`. A call waiting for a
 * decision stops counting while it waits.
 */
export class DecisionQueue {
  /** Units of work running, and waits for decisions among them: idle when every unit waits. */
  #active = 0
  #blocked = 0
  #waiting: { key: string; run: () => Promise<unknown>; settle: (result: PromiseSettledResult<unknown>) => void }[] = []
  #decided = new Map<string, Promise<unknown>>()
  #flushing = false
  #scheduled = false
  #closed = false

  /** Runs one unit of trace work (a hook call), counted as activity. */
  async active<T>(work: () => Promise<T>): Promise<T> {
    this.#active++
    try {
      return await work()
    } finally {
      this.#active--
      this.#schedule()
    }
  }

  /**
   * The decision for `key`: taken once, in key order with the others of its level. `prefetch`
   * starts at once (its failures are left to `run`, which meets them again).
   */
  decide<T>(key: string, prefetch: () => Promise<unknown>, run: () => Promise<T>): Promise<T> {
    let decided = this.#decided.get(key) as Promise<T> | undefined
    if (decided) return this.#wait(decided)
    if (this.#closed) return run()
    void prefetch().catch(() => undefined)
    decided = new Promise<T>((resolve, reject) => {
      this.#waiting.push({ key, run, settle: (r) => (r.status === 'fulfilled' ? resolve(r.value as T) : reject(r.reason)) })
    })
    this.#decided.set(key, decided)
    return this.#wait(decided)
  }

  /** After the trace: anything still queued is decided at once, in order. */
  close(): void {
    this.#closed = true
    this.#schedule()
  }

  /** Waiting for a decision is not activity; the caller counts again once it has it. */
  async #wait<T>(decision: Promise<T>): Promise<T> {
    this.#blocked++
    this.#schedule()
    try {
      return await decision
    } finally {
      this.#blocked--
    }
  }

  #idle(): boolean {
    return this.#closed || this.#active <= this.#blocked
  }

  #schedule(): void {
    if (this.#scheduled || this.#flushing || this.#waiting.length === 0 || !this.#idle()) return
    this.#scheduled = true
    // A macrotask: every microtask (the walker reacting to settled calls) has run by then.
    setImmediate(() => {
      this.#scheduled = false
      if (this.#idle()) void this.#flush()
      else this.#schedule()
    })
  }

  async #flush(): Promise<void> {
    this.#flushing = true
    const batch = this.#waiting.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    this.#waiting = []
    for (const item of batch) {
      const [result] = await Promise.allSettled([item.run()])
      item.settle(result!)
    }
    this.#flushing = false
    this.#schedule()
  }
}
