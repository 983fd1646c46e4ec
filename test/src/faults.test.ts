import { describe, expect, it } from 'vitest'
import { createFaultTable, DEFAULT_FAULT_LIMITS } from './faults.js'
import type { FaultRule } from './faults.js'

const limits = { maxLatencyMs: 1000, maxDripMs: 2000 }

/** Which of `n` requests to `path` the table applies a fault to (1-based). */
function appliedTo(rule: FaultRule, n: number, path = '/registry/fx-dep'): number[] {
  const table = createFaultTable(limits)
  table.add(rule)
  return Array.from({ length: n }, (_, i) => i + 1).filter(() => table.plan(path, 'registry').kinds.length > 0)
}

describe('fault schedules', () => {
  it.each<[string, FaultRule, number[]]>([
    ['always', { kind: 'status', status: 503 }, [1, 2, 3, 4, 5, 6]],
    ['first 2', { kind: 'status', status: 503, when: { first: 2 } }, [1, 2]],
    ['first 0', { kind: 'status', status: 503, when: { first: 0 } }, []],
    ['every 3rd', { kind: 'status', status: 503, when: { every: 3 } }, [3, 6]],
    ['rate 0', { kind: 'status', status: 503, when: { rate: 0, seed: 1 } }, []],
    ['rate 1', { kind: 'status', status: 503, when: { rate: 1, seed: 1 } }, [1, 2, 3, 4, 5, 6]],
  ])('%s', (_, rule, expected) => {
    expect(appliedTo(rule, 6)).toEqual(expected)
  })

  it('repeats a seeded rate exactly, and another seed gives another sequence', () => {
    const rule = (seed: number): FaultRule => ({ kind: 'status', status: 500, when: { rate: 0.5, seed } })
    const first = appliedTo(rule(42), 40)
    expect(appliedTo(rule(42), 40)).toEqual(first)
    expect(appliedTo(rule(7), 40)).not.toEqual(first)
    expect(first.length).toBeGreaterThan(10)
    expect(first.length).toBeLessThan(30)
  })
})

describe('fault matching', () => {
  it('counts only requests whose service and path match', () => {
    const table = createFaultTable(limits)
    const byPath = table.add({ kind: 'latency', ms: 10, path: '/registry/fx-dep' })
    const byService = table.add({ kind: 'latency', ms: 20, service: 'unpkg' })
    expect(table.plan('/registry/fx-dep', 'registry').latencyMs).toBe(10)
    expect(table.plan('/registry/fx-cjs', 'registry').latencyMs).toBe(0)
    expect(table.plan('/unpkg/fx-dep@1.0.0/index.js', 'unpkg').latencyMs).toBe(20)
    expect([byPath.matched, byPath.applied, byService.matched, byService.applied]).toEqual([1, 1, 1, 1])
  })

  it('adds latencies up to maxLatencyMs, and the first outcome wins', () => {
    const table = createFaultTable(limits)
    table.add({ kind: 'latency', ms: 600 })
    table.add({ kind: 'latency', ms: 600 })
    const first = table.add({ kind: 'status', status: 429, retryAfter: 2 })
    const second = table.add({ kind: 'drop', at: 'before-headers' })
    table.add({ kind: 'drip', intervalMs: 5 })
    expect(table.plan('/x', undefined)).toEqual({
      latencyMs: 1000,
      outcome: first.rule,
      drip: { kind: 'drip', intervalMs: 5 },
      kinds: ['latency', 'latency', 'status', 'drip'],
    })
    expect([second.matched, second.applied]).toEqual([1, 0])
  })

  it('removes one rule or all of them', () => {
    const table = createFaultTable(limits)
    const a = table.add({ kind: 'latency', ms: 1 })
    table.add({ kind: 'latency', ms: 2 })
    a.remove()
    expect(table.rules.map((r) => r.rule)).toEqual([{ kind: 'latency', ms: 2 }])
    table.clear()
    expect(table.rules).toEqual([])
    expect(table.plan('/x', undefined)).toEqual({ latencyMs: 0, kinds: [] })
  })
})

describe('fault bounds', () => {
  it.each<[FaultRule, string]>([
    [{ kind: 'latency', ms: 1001 }, 'fault latency 1001 ms is outside 0..1000 ms; raise limits.maxLatencyMs in startFixtureServer() if a test needs more'],
    [{ kind: 'latency', ms: -1 }, 'fault latency -1 ms is outside 0..1000 ms; raise limits.maxLatencyMs in startFixtureServer() if a test needs more'],
    [{ kind: 'drip', intervalMs: 2001 }, 'fault drip interval 2001 ms is outside 0..2000 ms (limits.maxDripMs)'],
    [{ kind: 'drip', intervalMs: 1, chunkBytes: 0 }, 'fault drip chunkBytes must be an integer >= 1, got 0'],
    [{ kind: 'truncate', bytes: 1.5 }, 'fault truncate bytes must be an integer >= 0, got 1.5'],
    [{ kind: 'status', status: 429, retryAfter: -1 }, 'fault retryAfter (seconds) must be an integer >= 0, got -1'],
    [{ kind: 'status', status: 500, when: { every: 0 } }, 'fault schedule every must be an integer >= 1, got 0'],
    [{ kind: 'status', status: 500, when: { first: -1 } }, 'fault schedule first must be an integer >= 0, got -1'],
    [{ kind: 'status', status: 500, when: { rate: 1.5, seed: 1 } }, 'fault schedule rate must be within 0..1, got 1.5'],
  ])('%j is refused', (rule, message) => {
    const table = createFaultTable(limits)
    expect(() => table.add(rule)).toThrow(new RangeError(message))
    expect(table.rules).toEqual([])
  })

  it('defaults to 5 s for latency and drip', () => {
    expect(DEFAULT_FAULT_LIMITS).toEqual({ maxLatencyMs: 5000, maxDripMs: 5000 })
  })
})
