import type { FetchLike } from '../types.js'

/** One network attempt's outcome: a complete response, or a failure that says whether to retry. */
export type AttemptOutcome =
  | { kind: 'response'; status: number; statusText: string; finalUrl: string; headers: Record<string, string>; body: Uint8Array }
  | { kind: 'failure'; reason: string; retryable: boolean; cause: unknown }

/** Headers that describe the transfer rather than the resource, or change on every response. */
const dropped: ReadonlySet<string> = new Set([
  'age',
  'connection',
  'content-encoding',
  'content-length',
  'date',
  'keep-alive',
  'set-cookie',
  'transfer-encoding',
  'via',
])

export function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {}
  headers.forEach((value, name) => {
    if (!dropped.has(name)) kept[name] = value
  })
  return kept
}

/** Why a fetch threw: undici puts the system error (`ECONNRESET`, `UND_ERR_SOCKET`) in `cause`. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  const cause = err.cause instanceof Error ? `: ${(err.cause as Error & { code?: string }).code ?? err.cause.message}` : ''
  // Node's own client puts the system error's code on the error itself (`socket hang up`, ECONNRESET).
  const code = (err as Error & { code?: unknown }).code
  const own = typeof code === 'string' && !err.message.includes(code) ? ` (${code})` : ''
  return `${err.message}${own}${cause}`
}

/**
 * Whether `body` is shorter or longer than the `content-length` promised. Only checkable when the
 * body was not content-encoded (fetch decodes gzip/br, and the header then counts encoded bytes).
 */
export function lengthMismatch(headers: Headers, body: Uint8Array): string | undefined {
  const encoding = headers.get('content-encoding')
  const length = headers.get('content-length')
  if ((encoding && encoding !== 'identity') || length === null || !/^\d+$/.test(length)) return undefined
  const expected = Number(length)
  return body.byteLength === expected ? undefined : `truncated body: got ${body.byteLength} of ${expected} bytes`
}

/**
 * One GET, body read fully, within `timeout` ms. Network errors, timeouts and truncated bodies are
 * retryable failures; an abort through `signal` (the caller's, or the overall budget) is not.
 */
export async function attempt(
  fetchImpl: FetchLike,
  url: string,
  headers: Record<string, string>,
  timeout: number,
  signal: AbortSignal,
): Promise<AttemptOutcome> {
  const timer = AbortSignal.timeout(timeout)
  try {
    const res = await fetchImpl(url, { headers, redirect: 'follow', signal: AbortSignal.any([signal, timer]) })
    const body = new Uint8Array(await res.arrayBuffer())
    const mismatch = lengthMismatch(res.headers, body)
    if (mismatch) return { kind: 'failure', reason: mismatch, retryable: true, cause: undefined }
    return {
      kind: 'response',
      status: res.status,
      statusText: res.statusText,
      finalUrl: res.url || url,
      headers: keptHeaders(res.headers),
      body,
    }
  } catch (err) {
    if (signal.aborted) return { kind: 'failure', reason: describeError(signal.reason), retryable: false, cause: signal.reason }
    if (timer.aborted) return { kind: 'failure', reason: `timed out after ${timeout} ms`, retryable: true, cause: err }
    return { kind: 'failure', reason: describeError(err), retryable: true, cause: err }
  }
}
