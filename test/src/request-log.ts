import type { FaultKind } from './faults.js'
import { matchPath } from './path-pattern.js'
import type { PathPattern } from './path-pattern.js'
import type { ServiceName } from './routes/context.js'

/** One request the server received. Entries are added on arrival and completed in place. */
export interface RequestLogEntry {
  readonly method: string
  /** Pathname as sent (percent-encoding kept), e.g. `/registry/@fx%2fscoped`. */
  readonly path: string
  /** Pathname plus query. */
  readonly url: string
  /** The service the path prefix names, or `undefined` for an unknown prefix. */
  readonly service: ServiceName | undefined
  /** `Date.now()` on arrival. */
  readonly time: number
  /** Status sent; `0` while no header has been sent or when the socket was dropped before headers. */
  status: number
  /** Milliseconds from arrival until the response finished or the socket closed; `-1` while in flight. */
  durationMs: number
  /** True when the whole response was sent; false for dropped, truncated or client-aborted ones. */
  completed: boolean
  /** Fault effects applied to this request, in rule order. */
  faults: FaultKind[]
}

/** Fields a log query can test; a bare PathPattern tests the path only. */
export interface LogQuery {
  path?: PathPattern
  service?: ServiceName
  method?: string
  status?: number
}

/** What the request log counts. */
export type LogFilter = PathPattern | LogQuery

/** The request log a test reads (`server.log`). */
export interface RequestLog {
  readonly entries: readonly Readonly<RequestLogEntry>[]
  /** Requests matching the filter (all without one). */
  count(filter?: LogFilter): number
  /** Paths of the matching requests, in arrival order (repeats kept). */
  paths(filter?: LogFilter): string[]
  /** Requests being answered right now. */
  readonly inFlight: number
  /** The most requests in flight at once since start or the last `reset()`. */
  readonly maxConcurrency: number
  /** Forget the entries and restart the high-water mark from the requests now in flight. */
  reset(): void
}

/** The log as the server writes it. */
export interface RequestRecorder extends RequestLog {
  begin(entry: Pick<RequestLogEntry, 'method' | 'path' | 'url' | 'service'>): RequestLogEntry
  end(entry: RequestLogEntry, completed: boolean): void
}

function matches(filter: LogFilter | undefined, entry: RequestLogEntry): boolean {
  if (filter === undefined) return true
  if (typeof filter === 'string' || typeof filter === 'function' || filter instanceof RegExp) return matchPath(filter, entry.path)
  return (
    (filter.path === undefined || matchPath(filter.path, entry.path)) &&
    (filter.service === undefined || filter.service === entry.service) &&
    (filter.method === undefined || filter.method === entry.method) &&
    (filter.status === undefined || filter.status === entry.status)
  )
}

/** A fresh request log (one per server). */
export function createRequestLog(): RequestRecorder {
  let entries: RequestLogEntry[] = []
  let inFlight = 0
  let maxConcurrency = 0
  return {
    get entries() {
      return entries
    },
    count: (filter) => entries.filter((e) => matches(filter, e)).length,
    paths: (filter) => entries.filter((e) => matches(filter, e)).map((e) => e.path),
    get inFlight() {
      return inFlight
    },
    get maxConcurrency() {
      return maxConcurrency
    },
    reset() {
      entries = []
      maxConcurrency = inFlight
    },
    begin(fields) {
      const entry: RequestLogEntry = { ...fields, time: Date.now(), status: 0, durationMs: -1, completed: false, faults: [] }
      entries.push(entry)
      inFlight++
      maxConcurrency = Math.max(maxConcurrency, inFlight)
      return entry
    },
    end(entry, completed) {
      inFlight--
      entry.durationMs = Date.now() - entry.time
      entry.completed = completed
    },
  }
}
