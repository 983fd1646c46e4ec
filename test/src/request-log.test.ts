import { describe, expect, it } from 'vitest'
import { createRequestLog } from './request-log.js'

describe('request log', () => {
  function filled() {
    const log = createRequestLog()
    const a = log.begin({ method: 'GET', path: '/registry/fx-dep', url: '/registry/fx-dep', service: 'registry' })
    const b = log.begin({ method: 'HEAD', path: '/unpkg/fx-dep@1.0.0/index.js', url: '/unpkg/fx-dep@1.0.0/index.js?x=1', service: 'unpkg' })
    a.status = 200
    b.status = 404
    log.end(a, true)
    const c = log.begin({ method: 'GET', path: '/registry/fx-cjs', url: '/registry/fx-cjs', service: 'registry' })
    c.status = 200
    return { log, a, b, c }
  }

  it('counts and lists by path pattern or query', () => {
    const { log } = filled()
    expect(log.count()).toBe(3)
    expect(log.count('/registry/')).toBe(2)
    expect(log.count({ service: 'unpkg' })).toBe(1)
    expect(log.count({ method: 'GET', status: 200 })).toBe(2)
    expect(log.count({ path: /fx-dep/, status: 404 })).toBe(1)
    expect(log.paths()).toEqual(['/registry/fx-dep', '/unpkg/fx-dep@1.0.0/index.js', '/registry/fx-cjs'])
    expect(log.paths('/registry/*')).toEqual(['/registry/fx-dep', '/registry/fx-cjs'])
  })

  it('tracks requests in flight and the high-water mark', () => {
    const { log, b, c } = filled()
    expect([log.inFlight, log.maxConcurrency]).toEqual([2, 2])
    log.end(b, false)
    log.end(c, true)
    expect([log.inFlight, log.maxConcurrency]).toEqual([0, 2])
    expect(log.entries.map((e) => [e.completed, e.durationMs >= 0])).toEqual([
      [true, true],
      [false, true],
      [true, true],
    ])
  })

  it('reset forgets entries and restarts the mark from what is in flight', () => {
    const { log, c } = filled()
    log.reset()
    expect([log.count(), log.inFlight, log.maxConcurrency]).toEqual([0, 2, 2])
    log.end(c, true)
    log.reset()
    expect(log.maxConcurrency).toBe(1)
  })
})
