import { describe, expect, it } from 'vitest'
import { resolveConditions } from './conditions.js'

describe('resolveConditions', () => {
  it.each([
    [[], ['browser', 'development', 'module']],
    [['production'], ['browser', 'module', 'production']],
    [['development'], ['browser', 'development', 'module']],
    [['node'], ['development', 'module', 'node']],
    [['deno'], ['development', 'module', 'deno']],
    [['node', 'browser'], ['development', 'module', 'browser']],
    [['no-module'], ['browser', 'development']],
    [['no-browser', 'no-development', 'no-module'], []],
    [['production,worker'], ['browser', 'module', 'production', 'worker']],
    [['production', 'worker'], ['browser', 'module', 'production', 'worker']],
    [[' react-server , ,production '], ['browser', 'module', 'react-server', 'production']],
    [['worker', 'worker'], ['browser', 'development', 'module', 'worker']],
    [['no-unknown'], ['browser', 'development', 'module']],
    [['production', 'development'], ['browser', 'module', 'development']],
  ] as [string[], string[]][])('%j → %j', (values, expected) => {
    expect(resolveConditions(values)).toEqual(expected)
  })
})
