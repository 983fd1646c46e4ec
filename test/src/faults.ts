import { matchPath } from './path-pattern.js'
import type { PathPattern } from './path-pattern.js'
import type { ServiceName } from './routes/context.js'

/** What a fault does to a request. */
export type FaultEffect =
  /** Wait `ms` before answering (latencies of several rules add up, capped at `maxLatencyMs`). */
  | { kind: 'latency'; ms: number }
  /** Answer with an error status; `retryAfter` (seconds) becomes `retry-after` (default 0 for 429/503). */
  | { kind: 'status'; status: 500 | 502 | 503 | 429; retryAfter?: number }
  /** Destroy the socket before any header is sent, or right after the headers. */
  | { kind: 'drop'; at: 'before-headers' | 'after-headers' }
  /** Send the full `content-length` but only `bytes` of the body (default half), then close. */
  | { kind: 'truncate'; bytes?: number }
  /** Send the body `chunkBytes` at a time (default 1), `intervalMs` apart; bounded by `maxDripMs`. */
  | { kind: 'drip'; intervalMs: number; chunkBytes?: number }

/** The kinds of fault effects. */
export type FaultKind = FaultEffect['kind']

/**
 * Which of the requests a rule matches it applies to, counting that rule's matches from 1.
 * Without one it applies to every match. All forms are deterministic for a given request order.
 */
export type FaultSchedule =
  /** The first `first` matches (then the service "recovers"). */
  | { first: number }
  /** Every `every`-th match: `every`, 2×`every`, ... */
  | { every: number }
  /** Each match with probability `rate` (0..1), drawn from a PRNG seeded with `seed`. */
  | { rate: number; seed: number }

/** One fault rule: an effect, where it applies, and when. */
export type FaultRule = FaultEffect & {
  /** Request paths it applies to (full path, e.g. `/registry/fx-dep`). @default every path */
  path?: PathPattern
  /** Only requests to this service. @default every service */
  service?: ServiceName
  when?: FaultSchedule
}

/** A rule once added: how often it matched and was applied; `remove()` takes it out. */
export interface FaultHandle {
  readonly rule: FaultRule
  /** Requests whose path and service matched. */
  readonly matched: number
  /** Requests the effect was applied to (an outcome another rule already decided is not counted). */
  readonly applied: number
  remove(): void
}

/** Bounds that keep every knob finite, so no test can hang. */
export interface FaultLimits {
  /** Largest latency of one rule, and of all rules on one request together. @default 5000 */
  maxLatencyMs: number
  /** A drip-fed body is flushed whole once it has dripped this long. @default 5000 */
  maxDripMs: number
}

/** The default fault bounds. */
export const DEFAULT_FAULT_LIMITS: FaultLimits = { maxLatencyMs: 5000, maxDripMs: 5000 }

/** What the server does to one request, merged from every rule that applies. */
export interface FaultPlan {
  latencyMs: number
  /** At most one outcome: the first rule (in insertion order) that applies. */
  outcome?: Extract<FaultEffect, { kind: 'status' | 'drop' | 'truncate' }>
  drip?: Extract<FaultEffect, { kind: 'drip' }>
  /** The kinds applied, for the request log. */
  kinds: FaultKind[]
}

/** The fault knobs a test turns (`server.faults`). */
export interface FaultControls {
  /** Add a rule; it applies to requests that arrive from now on. Throws RangeError past the limits. */
  add(rule: FaultRule): FaultHandle
  /** Remove every rule. */
  clear(): void
  /** The rules in effect, in insertion order. */
  readonly rules: readonly FaultHandle[]
}

/** The fault table the server consults per request. */
export interface FaultTable extends FaultControls {
  plan(path: string, service: ServiceName | undefined): FaultPlan
}

/** mulberry32: a tiny seeded PRNG, so `rate` schedules repeat exactly. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function integerAtLeast(value: number, min: number, what: string): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`fault ${what} must be an integer >= ${min}, got ${value}`)
}

function validate(rule: FaultRule, limits: FaultLimits): void {
  if (rule.kind === 'latency' && !(rule.ms >= 0 && rule.ms <= limits.maxLatencyMs)) {
    throw new RangeError(`fault latency ${rule.ms} ms is outside 0..${limits.maxLatencyMs} ms; raise limits.maxLatencyMs in startFixtureServer() if a test needs more`)
  }
  if (rule.kind === 'drip') {
    if (!(rule.intervalMs >= 0 && rule.intervalMs <= limits.maxDripMs)) {
      throw new RangeError(`fault drip interval ${rule.intervalMs} ms is outside 0..${limits.maxDripMs} ms (limits.maxDripMs)`)
    }
    if (rule.chunkBytes !== undefined) integerAtLeast(rule.chunkBytes, 1, 'drip chunkBytes')
  }
  if (rule.kind === 'truncate' && rule.bytes !== undefined) integerAtLeast(rule.bytes, 0, 'truncate bytes')
  if (rule.kind === 'status' && rule.retryAfter !== undefined) integerAtLeast(rule.retryAfter, 0, 'retryAfter (seconds)')
  const when = rule.when
  if (when && 'first' in when) integerAtLeast(when.first, 0, 'schedule first')
  if (when && 'every' in when) integerAtLeast(when.every, 1, 'schedule every')
  if (when && 'rate' in when && !(when.rate >= 0 && when.rate <= 1)) throw new RangeError(`fault schedule rate must be within 0..1, got ${when.rate}`)
}

/** Decide, for the `n`-th match (from 1), whether the schedule applies. */
function scheduler(when: FaultSchedule | undefined): (n: number) => boolean {
  if (!when) return () => true
  if ('first' in when) return (n) => n <= when.first
  if ('every' in when) return (n) => n % when.every === 0
  const random = mulberry32(when.seed)
  return () => random() < when.rate
}

/** A fault table with its own rules and counters (one per server). */
export function createFaultTable(limits: FaultLimits): FaultTable {
  interface Entry {
    handle: FaultHandle
    matched: number
    applied: number
    due: (n: number) => boolean
  }
  let entries: Entry[] = []
  return {
    add(rule) {
      validate(rule, limits)
      const entry: Entry = {
        matched: 0,
        applied: 0,
        due: scheduler(rule.when),
        handle: {
          rule,
          get matched() {
            return entry.matched
          },
          get applied() {
            return entry.applied
          },
          remove: () => {
            entries = entries.filter((e) => e !== entry)
          },
        },
      }
      entries.push(entry)
      return entry.handle
    },
    clear() {
      entries = []
    },
    get rules() {
      return entries.map((e) => e.handle)
    },
    plan(path, service) {
      const plan: FaultPlan = { latencyMs: 0, kinds: [] }
      for (const entry of entries) {
        const rule = entry.handle.rule
        if (rule.service !== undefined && rule.service !== service) continue
        if (rule.path !== undefined && !matchPath(rule.path, path)) continue
        entry.matched++
        if (!entry.due(entry.matched)) continue
        if (rule.kind === 'latency') plan.latencyMs = Math.min(limits.maxLatencyMs, plan.latencyMs + rule.ms)
        else if (rule.kind === 'drip') {
          if (plan.drip) continue
          plan.drip = rule
        } else {
          if (plan.outcome) continue
          plan.outcome = rule
        }
        entry.applied++
        plan.kinds.push(rule.kind)
      }
      return plan
    },
  }
}
