import { describe, expect, it } from 'vitest'
import { matchPath } from './path-pattern.js'
import type { PathPattern } from './path-pattern.js'

describe('matchPath', () => {
  const cases: [PathPattern, string, boolean][] = [
    ['/registry/', '/registry/fx-dep', true],
    ['/registry/', '/unpkg/fx-dep@1.0.0/index.js', false],
    ['/registry/fx-dep', '/registry/fx-dep/-/fx-dep-1.0.0.tgz', true],
    ['/registry/*', '/registry/fx-dep', true],
    ['/registry/*', '/registry/fx-dep/1.0.0', false],
    ['/registry/**', '/registry/fx-dep/1.0.0', true],
    ['/registry/**.tgz', '/registry/fx-dep/-/fx-dep-1.0.0.tgz', true],
    ['/registry/**.tgz', '/registry/fx-dep', false],
    ['/unpkg/fx-dep@*/index.js', '/unpkg/fx-dep@2.1.0/index.js', true],
    ['/unpkg/fx-dep@*/index.js', '/unpkg/fx-dep@2.1.0/lib/index.js', false],
    ['/esmsh/*fx-dep@(x)', '/esmsh/*fx-dep@(x)', true],
    [/\.tgz$/, '/registry/fx-dep/-/fx-dep-1.0.0.tgz', true],
    [/\.tgz$/, '/registry/fx-dep', false],
    [(path: string) => path.length > 20, '/registry/fx-dep', false],
    [(path: string) => path.length > 20, '/registry/fx-dep/latest', true],
  ]
  it.each(cases)('%s matches %s: %s', (pattern, path, expected) => {
    expect(matchPath(pattern, path)).toBe(expected)
  })

  it('ignores the state a global RegExp keeps between tests', () => {
    const pattern = /fx-dep/g
    expect([matchPath(pattern, '/registry/fx-dep'), matchPath(pattern, '/registry/fx-dep')]).toEqual([true, true])
  })
})
