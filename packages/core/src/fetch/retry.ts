/** Statuses worth asking again: 429 Too Many Requests and every 5xx. Other 4xx never change on retry. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599)
}

/**
 * The wait a `retry-after` header asks for, in ms (RFC 9110 §10.2.3): either delay-seconds
 * (a non-negative integer) or an HTTP-date, relative to `now`. `undefined` when absent or unparsable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  // An HTTP-date always names the day or month; this keeps Date.parse away from bare numbers like "-1".
  if (!/[a-z]/i.test(text)) return undefined
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

/**
 * Exponential backoff with "equal jitter": before retry `attempt` (1-based), wait between half and
 * all of `base·2^(attempt-1)`, capped at `max`. Half is fixed so waits always grow; half is random
 * so clients that failed together do not retry together.
 */
export function backoffDelay(attempt: number, base: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, base * 2 ** (attempt - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}
