import { EsmapError } from '@esmap/core'

/** What one `/generate` request may spend: time (through `signal`) and modules traced. */
export interface RequestBudget {
  readonly signal: AbortSignal
  /** Modules loaded so far. */
  readonly modules: number
  /** Which limit stopped the request, once one did. */
  readonly exceeded: 'time' | 'graph' | undefined
  /** Throws once the time is up. */
  check(): void
  /** Counts one module load; throws past `maxModules` (and once the time is up). */
  countModule(url: string): void
  /** Stops the clock. */
  dispose(): void
}

export interface BudgetOptions {
  timeoutMs: number
  maxModules: number
}

export function createBudget(options: BudgetOptions): RequestBudget {
  const controller = new AbortController()
  let exceeded: 'time' | 'graph' | undefined
  let modules = 0
  const timer = setTimeout(() => {
    exceeded ??= 'time'
    controller.abort(timeoutError(options.timeoutMs))
  }, options.timeoutMs)
  timer.unref()
  const budget: RequestBudget = {
    signal: controller.signal,
    get modules() {
      return modules
    },
    get exceeded() {
      return exceeded
    },
    check() {
      if (controller.signal.aborted) throw controller.signal.reason
    },
    countModule(url) {
      budget.check()
      modules++
      if (modules <= options.maxModules) return
      exceeded ??= 'graph'
      const error = new EsmapError('ESMAP_GRAPH_TOO_LARGE', `The module graph has more than ${options.maxModules} modules (at ${url}); this server traces at most ${options.maxModules} per request`, {
        specifier: url,
        fix: 'Install fewer packages per request, or raise limits.maxGraphModules of the server.',
      })
      controller.abort(error)
      throw error
    },
    dispose() {
      clearTimeout(timer)
    },
  }
  return budget
}

export function timeoutError(ms: number): EsmapError {
  return new EsmapError('ESMAP_TIMEOUT', `Generating the map took longer than this server's limit of ${ms} ms`, {
    fix: 'Install fewer packages per request, try again (packages built by now are served faster), or raise limits.requestTimeoutMs.',
  })
}
