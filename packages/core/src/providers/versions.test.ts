import { describe, expect, it } from 'vitest'
import type { VersionList } from '../types.js'
import { pickVersion } from './versions.js'

const list: VersionList = {
  versions: ['1.0.0', '1.2.0', '1.2.3', '1.3.0-rc.1', '2.0.0', '2.1.0', '3.0.0-beta.1', '3.0.0-beta.2'],
  tags: { latest: '2.0.0', next: '3.0.0-beta.2' },
  yanked: ['1.2.3'],
}

describe('pickVersion', () => {
  const table: [string, boolean, string | undefined][] = [
    ['latest', false, '2.0.0'],
    ['next', false, '3.0.0-beta.2'],
    ['beta', false, undefined],
    ['*', false, '2.0.0'],
    ['', false, '2.0.0'],
    ['*', true, '3.0.0-beta.2'],
    ['^2.0.0', false, '2.0.0'],
    ['^2.0.1', false, '2.1.0'],
    ['2', false, '2.0.0'],
    ['^1.0.0', false, '1.2.0'],
    ['~1.2.0', false, '1.2.0'],
    ['1.2.3', false, '1.2.3'],
    ['1.2.x', false, '1.2.0'],
    ['^1.0.0', true, '1.3.0-rc.1'],
    ['^3.0.0-beta.1', false, '3.0.0-beta.2'],
    ['>=1.2 <2', false, '1.2.0'],
    ['^1 || ^2.1.0', false, '2.1.0'],
    ['^1 || ^2', false, '2.0.0'],
    ['^4.0.0', false, undefined],
    ['9.9.9', false, undefined],
    ['not a range!', false, undefined],
  ]
  for (const [range, unstable, expected] of table) {
    it(`${JSON.stringify(range)}${unstable ? ' unstable' : ''} → ${expected ?? 'no match'}`, () => expect(pickVersion(list, range, unstable)).toBe(expected))
  }

  it('prefers the highest match when latest is outside the range', () => {
    expect(pickVersion({ versions: ['1.0.0', '1.5.0', '2.0.0'], tags: { latest: '1.0.0' } }, '^1', false)).toBe('1.0.0')
    expect(pickVersion({ versions: ['1.0.0', '1.5.0', '2.0.0'], tags: { latest: '1.0.0' } }, '^1.1', false)).toBe('1.5.0')
    expect(pickVersion({ versions: ['1.0.0', '1.5.0', '2.0.0'], tags: {} }, '*', false)).toBe('2.0.0')
  })

  it('never picks a yanked latest for a range', () => {
    expect(pickVersion({ versions: ['1.0.0', '1.1.0'], tags: { latest: '1.1.0' }, yanked: ['1.1.0'] }, '^1', false)).toBe('1.0.0')
  })
})
