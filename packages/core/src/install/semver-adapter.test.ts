import { describe, expect, it } from 'vitest'
import type { VersionList } from '../types.js'
import { isTag, pickVersion, pickVersionInAll, satisfies } from './semver-adapter.js'

const list: VersionList = {
  versions: ['1.0.0', '1.2.0', '1.9.0', '2.0.0', '2.1.0', '3.0.0-beta.1', '1.5.0'],
  tags: { latest: '2.0.0', next: '3.0.0-beta.1' },
  yanked: ['1.9.0'],
}

describe('pickVersion: npm-pick-manifest rules', () => {
  const cases: [range: string, unstable: boolean, expected: string | undefined][] = [
    ['next', false, '3.0.0-beta.1'], // rule 1: a dist-tag
    ['1.9.0', false, '1.9.0'], // rule 1: an exact version, even yanked
    ['^1.0.0', false, '1.5.0'], // rule 2: yanked 1.9.0 is out
    ['*', false, '2.0.0'], // rule 3: latest over the higher 2.1.0
    ['', false, '2.0.0'],
    ['^2.0.0', false, '2.0.0'],
    ['>2.0.0', false, '2.1.0'], // rule 4: latest out of range
    ['^3.0.0-beta.0', false, '3.0.0-beta.1'], // a range naming a prerelease
    ['>=3.0.0-0', false, '3.0.0-beta.1'],
    ['^2.1.0', true, '2.1.0'], // unstable, but 3.0.0-beta.1 is out of ^2.1.0
    ['>=2.0.0', true, '3.0.0-beta.1'], // unstable: prereleases count, latest does not win
    ['^4', false, undefined],
    ['beta', false, undefined], // an unknown tag
  ]
  for (const [range, unstable, expected] of cases)
    it(`${JSON.stringify(range)}${unstable ? ' (unstable)' : ''} → ${expected}`, () => expect(pickVersion(list, range, unstable)).toBe(expected))
})

describe('pickVersionInAll: one version for several ranges', () => {
  const cases: [ranges: string[], expected: string | undefined][] = [
    [['^1.0.0', '>=1.2.0'], '1.5.0'],
    [['^1.0.0', '<1.5.0'], '1.2.0'],
    [['*', '^2.0.0'], '2.0.0'],
    [['^1.0.0', '^2.0.0'], undefined],
    [['^1.0.0', 'next'], undefined],
  ]
  for (const [ranges, expected] of cases) it(`${ranges.join(' ∧ ')} → ${expected}`, () => expect(pickVersionInAll(list, ranges)).toBe(expected))
})

describe('satisfies and isTag', () => {
  const cases: [version: string, range: string, expected: boolean][] = [
    ['1.2.0', '^1.0.0', true],
    ['2.0.0', '^1.0.0', false],
    ['1.3.0-beta.1', '^1.0.0', false],
    ['1.0.0-beta.2', '^1.0.0-beta.1', true],
    ['2.0.0', 'latest', false],
  ]
  for (const [version, range, expected] of cases) it(`${version} in ${range}: ${expected}`, () => expect(satisfies(version, range)).toBe(expected))
  it('tags are names, ranges are not', () => expect(['latest', 'next', '*', '', '^1', '1.x', '>=1 <2'].map(isTag)).toEqual([true, true, false, false, false, false, false]))
})
