import { describe, expect, it } from 'vitest'
import { compareVersions, highestVersion, isExactVersion, isPrerelease, maxSatisfying, satisfies } from './semver.js'

describe('compareVersions', () => {
  it.each([
    ['1.0.0', '1.0.0', 0],
    ['1.0.0', '1.0.1', -1],
    ['1.10.0', '1.9.0', 1],
    ['2.0.0', '10.0.0', -1],
    ['1.1.0-beta.1', '1.1.0', -1],
    ['1.1.0-beta.2', '1.1.0-beta.10', -1],
    ['1.1.0-alpha', '1.1.0-beta', -1],
    ['1.1.0-1', '1.1.0-alpha', -1],
    ['1.1.0-beta', '1.1.0-beta.1', -1],
    ['v1.2.0', 'v1.10.0', -1],
    ['1.0.0+build.5', '1.0.0', 0],
  ])('%s vs %s → %i', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign)
    expect(Math.sign(compareVersions(b, a))).toBe(sign === 0 ? 0 : -sign)
  })
})

describe('version kinds', () => {
  it.each([
    ['1.2.3', true, false],
    ['v1.2.3', true, false],
    ['1.1.0-beta.1', true, true],
    ['1.2', false, false],
    ['^1.2.3', false, false],
    ['latest', false, false],
  ])('%s: exact %s, prerelease %s', (v, exact, pre) => {
    expect(isExactVersion(v)).toBe(exact)
    expect(isPrerelease(v)).toBe(pre)
  })
})

describe('satisfies', () => {
  it.each([
    ['1.2.0', '1', true],
    ['2.0.0', '1', false],
    ['1.2.0', '1.2', true],
    ['1.3.0', '1.2', false],
    ['1.2.0', '1.x', true],
    ['1.2.5', '^1.2.0', true],
    ['1.9.0', '^1.2.0', true],
    ['1.1.9', '^1.2.0', false],
    ['2.0.0', '^1.2.0', false],
    ['0.2.5', '^0.2.1', true],
    ['0.3.0', '^0.2.1', false],
    ['0.0.3', '^0.0.3', true],
    ['0.0.4', '^0.0.3', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['1.2.2', '~1.2.3', false],
    ['5.0.0', '*', true],
    ['5.0.0', '', true],
    ['1.1.0-beta.1', '^1.0.0', false],
    ['1.1.0-beta.1', '1.1.0-beta.1', true],
    ['1.2.0', '1.2.1', false],
  ])('%s satisfies %s: %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected)
  })

  it('returns undefined for a range it does not know, so it can be a dist-tag', () => {
    expect(satisfies('1.0.0', 'next')).toBe(undefined)
    expect(satisfies('1.0.0', '>=1.0.0 <2')).toBe(undefined)
  })
})

describe('highestVersion and maxSatisfying', () => {
  const versions = ['1.0.0', '2.1.0', '1.2.0', '2.0.0', '3.0.0-rc.1']
  it.each([
    ['^1.0.0', '1.2.0'],
    ['2', '2.1.0'],
    ['~2.0.0', '2.0.0'],
    ['*', '2.1.0'],
    ['^4.0.0', undefined],
    ['3.0.0-rc.1', '3.0.0-rc.1'],
  ])('maxSatisfying %s → %s', (range, expected) => {
    expect(maxSatisfying(versions, range)).toBe(expected)
  })

  it('picks the highest stable version, or the highest prerelease when there is no stable one', () => {
    expect(highestVersion(versions)).toBe('2.1.0')
    expect(highestVersion(['1.0.0-beta.1', '1.0.0-beta.2'])).toBe('1.0.0-beta.2')
    expect(highestVersion([])).toBe(undefined)
  })
})
