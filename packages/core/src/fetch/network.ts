import { setTimeout as sleep } from 'node:timers/promises'
import { EsmapError } from '../errors.js'
import { attempt, type AttemptOutcome } from './attempt.js'
import type { KeyedLimiter } from './limiter.js'
import { attemptNode } from './node-transport.js'
import type { ResolvedFetcherOptions } from './options.js'
import { backoffDelay, isRetryableStatus, parseRetryAfter } from './retry.js'
import type { FetchStats } from './types.js'

export type NetworkResponse = Extract<AttemptOutcome, { kind: 'response' }>

export interface NetworkContext {
  options: ResolvedFetcherOptions
  limiter: KeyedLimiter
  stats: FetchStats
}

/**
 * GET `url` until it yields a final response: network errors, timeouts, truncated bodies, 429 and
 * 5xx are retried with backoff (429/503 `retry-after` honoured, capped at `maxRetryDelay`) while
 * attempts and the overall budget last; any other status is final. Each attempt holds one of the
 * origin's concurrency slots; waits between attempts hold none.
 */
export async function fetchWithRetries(ctx: NetworkContext, url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<NetworkResponse> {
  const { options, limiter, stats } = ctx
  const emit = options.onEvent
  const origin = new URL(url).origin
  const started = performance.now()
  const budget = AbortSignal.timeout(options.budget)
  const stop = signal ? AbortSignal.any([signal, budget]) : budget
  const budgetSpent = `the overall budget of ${options.budget} ms ran out`
  let reason = ''
  let cause: unknown
  let attempts = 0

  for (attempts = 1; attempts <= options.retries + 1; attempts++) {
    stats.requests++
    emit?.({ type: 'request', url, attempt: attempts })
    const remaining = Math.max(1, Math.ceil(options.budget - (performance.now() - started)))
    const timeout = Math.min(options.timeout, remaining)
    const outcome = await limiter.run(origin, () =>
      options.transport === 'node' && /^https?:/.test(url) ? attemptNode(url, headers, timeout, stop) : attempt(options.fetch, url, headers, timeout, stop),
    )
    let retryAfter: number | undefined
    if (outcome.kind === 'response') {
      stats.bytes += outcome.body.byteLength
      emit?.({ type: 'response', url, status: outcome.status, bytes: outcome.body.byteLength, attempt: attempts })
      if (!isRetryableStatus(outcome.status)) return outcome
      reason = `HTTP ${outcome.status}${outcome.statusText ? ` ${outcome.statusText}` : ''}`
      cause = undefined
      retryAfter = parseRetryAfter(outcome.headers['retry-after'], Date.now())
    } else {
      if (signal?.aborted) throw signal.reason
      if (!outcome.retryable) {
        reason = reason ? `${budgetSpent} (before that: ${reason})` : budgetSpent
        break
      }
      reason = outcome.reason
      cause = outcome.cause
    }
    if (attempts > options.retries) break

    const delay = retryAfter === undefined ? backoffDelay(attempts, options.retryDelay, options.maxRetryDelay, options.random) : Math.min(retryAfter, options.maxRetryDelay)
    if (performance.now() - started + delay >= options.budget) {
      reason = `${reason}; waiting ${delay} ms more would exceed the overall budget of ${options.budget} ms`
      break
    }
    stats.retries++
    emit?.({ type: 'retry', url, attempt: attempts, delay, reason })
    try {
      await sleep(delay, undefined, { signal: stop })
    } catch {
      if (signal?.aborted) throw signal.reason
      reason = `${budgetSpent} (before that: ${reason})`
      break
    }
  }

  const count = Math.min(attempts, options.retries + 1)
  throw new EsmapError('ESMAP_FETCH_FAILED', `Fetching ${url} failed after ${count} attempt${count === 1 ? '' : 's'}: ${reason}.`, {
    specifier: url,
    cause,
    fix: `Check that ${origin} is reachable (network, proxy, credentials); raise the "retries", "timeout" or "budget" options for a slow server; or, after one successful run, use cache: 'offline'.`,
  })
}
