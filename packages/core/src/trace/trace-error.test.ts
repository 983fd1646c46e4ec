import { describe, expect, it } from 'vitest'
import { EsmapError } from '../errors.js'
import { causeCode, causeFix, causeMessage, formatChain } from './trace-error.js'

describe('causeMessage', () => {
  const cases: [name: string, cause: unknown, expected: string][] = [
    ['an EsmapError: its reason, without importer and fix', new EsmapError('X', 'bad "a"', { importer: 'https://x/m.js', fix: 'do y' }), 'bad "a"'],
    ['an EsmapError over several lines keeps them all', new EsmapError('X', '"r" is a singleton:\n  (root) wants r@^1\n  npm:p@1.0.0 wants r@^2', { fix: 'pin it' }), '"r" is a singleton:\n  (root) wants r@^1\n  npm:p@1.0.0 wants r@^2'],
    ['another Error: its first line', new Error('first\nsecond'), 'first'],
    ['an Error naming its importer: the importer is left out', new Error('gone (imported by https://x/a.js)'), 'gone'],
    ['a string', 'plain', 'plain'],
  ]
  for (const [name, cause, expected] of cases) it(name, () => expect(causeMessage(cause)).toBe(expected))
})

describe('causeCode and causeFix', () => {
  it('take an EsmapError\'s code and fix, else the fallback and nothing', () => {
    const err = new EsmapError('ESMAP_X', 'm', { fix: 'f' })
    expect([causeCode(err, 'FALLBACK'), causeFix(err)]).toEqual(['ESMAP_X', 'f'])
    expect([causeCode(new Error('m'), 'FALLBACK'), causeFix(new Error('m'))]).toEqual(['FALLBACK', undefined])
  })
})

describe('formatChain', () => {
  it('joins short chains and elides the middle of long ones', () => {
    expect(formatChain(['a', 'b', 'c'])).toBe('a → b → c')
    expect(formatChain(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'])).toBe('1 → 2 → 3 → … (3 more) → 7 → 8 → 9 → 10')
  })
})
