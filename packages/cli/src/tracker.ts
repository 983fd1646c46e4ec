import type { Generator, Logger } from '@esmap/core'
import type { Reporter } from './output.js'
import type { ProgressCounts } from './progress.js'

/** Fetch counters for the --json result. */
export interface RunStats {
  requests: number
  bytes: number
  cacheHits: number
}

/**
 * Counts what a run does, for the progress line and the final line: package versions resolved
 * (from the installer's log), modules traced (reported by the command when a trace completes),
 * and bytes fetched (from each generator's fetch counters). Log warnings go to the reporter.
 */
export class RunTracker {
  readonly #reporter: Reporter
  readonly #packages = new Set<string>()
  readonly #generators: Generator[] = []
  modules = 0

  constructor(reporter: Reporter) {
    this.#reporter = reporter
  }

  /** The Generator's `log` option. */
  readonly log: Logger = (type, message) => {
    if (type === 'install') {
      // `<scope> → <alias>: <package> (<rule>)` records a resolution; `CODE: message` is a warning.
      const resolved = /→ .+?: (\S+) \(/.exec(message)
      if (resolved) this.#packages.add(resolved[1]!)
      else if (/^[A-Z][A-Z_]+: /.test(message)) this.#reporter.warn(message)
    } else if (type === 'trace') this.#reporter.warn(message.replace(/^warning: /, ''))
  }

  watch(generator: Generator): Generator {
    this.#generators.push(generator)
    return generator
  }

  counts = (): ProgressCounts => ({ packages: this.#packages.size, modules: this.modules, bytes: this.stats().bytes })

  stats(): RunStats {
    const total: RunStats = { requests: 0, bytes: 0, cacheHits: 0 }
    for (const g of this.#generators) {
      const s = g.stats()
      total.requests += s.requests
      total.bytes += s.bytes
      total.cacheHits += s.cacheHits
    }
    return total
  }
}
