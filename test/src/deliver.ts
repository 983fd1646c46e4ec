import type { ServerResponse } from 'node:http'
import type { FaultLimits, FaultPlan } from './faults.js'
import type { Reply } from './reply.js'

/** Resolve after `ms`, or at once when the response closes (client gone or server closing). */
export function pause(res: ServerResponse, ms: number): Promise<void> {
  if (ms <= 0 || res.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      res.off('close', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    res.on('close', done)
  })
}

/** Write bytes and wait until the socket took them (so a following `destroy` cannot drop them). */
function write(res: ServerResponse, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve()
    res.write(bytes, () => resolve())
  })
}

/** Send `bytes` in `chunkBytes` pieces, `intervalMs` apart; whatever is left at `maxDripMs` goes at once. */
async function drip(res: ServerResponse, bytes: Uint8Array, plan: NonNullable<FaultPlan['drip']>, limits: FaultLimits): Promise<void> {
  const deadline = Date.now() + limits.maxDripMs
  const size = plan.chunkBytes ?? 1
  for (let offset = 0; offset < bytes.length && !res.destroyed; offset += size) {
    if (offset > 0) await pause(res, Math.min(plan.intervalMs, Math.max(0, deadline - Date.now())))
    if (Date.now() >= deadline) return write(res, bytes.subarray(offset))
    await write(res, bytes.subarray(offset, offset + size))
  }
}

/**
 * Write a reply, applying the plan's body faults: `drop` after headers, `truncate`, `drip`.
 * Returns true when the response was completed normally.
 */
export async function deliver(res: ServerResponse, reply: Reply, plan: FaultPlan, limits: FaultLimits, head: boolean): Promise<boolean> {
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(reply.body.length) })
  const outcome = plan.outcome
  if (outcome?.kind === 'drop') {
    // Flush the headers, then cut the connection without a body.
    await write(res, new Uint8Array())
    res.socket?.destroy()
    return false
  }
  if (head) {
    res.end()
    return true
  }
  const truncated = outcome?.kind === 'truncate'
  const body = truncated ? reply.body.subarray(0, Math.min(outcome.bytes ?? Math.floor(reply.body.length / 2), reply.body.length)) : reply.body
  if (plan.drip) await drip(res, body, plan.drip, limits)
  else if (body.length > 0) await write(res, body)
  if (truncated) {
    // The content-length promised more; end the connection so the client sees a short body.
    res.socket?.end()
    return false
  }
  res.end()
  return true
}
