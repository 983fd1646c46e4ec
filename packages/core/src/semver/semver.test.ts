import { describe, expect, it } from 'vitest'
import { bestMatch, satisfies, type MatchOptions } from './match.js'
import { parseRange } from './range.js'
import { contains, intersectRanges, intersects, isExact, normalizeRange, rangeInfo, type RangeInfo } from './relations.js'
import { compareVersions, isVersion, sortVersions } from './version.js'

describe('parseRange → sver spelling (normalizeRange)', () => {
  // npm syntax that sver 2 cannot read as is (hyphens with X-ranges, `v`, `~>`, `> =`) comes out
  // in sver syntax; the rest keeps its meaning in sver's canonical form.
  const table: [npm: string, sver: string][] = [
    ['1.2.3', '1.2.3'],
    ['=v1.2.3', '1.2.3'],
    ['v1.2.3', '1.2.3'],
    ['1.2.3+build.5', '1.2.3'],
    ['^1.2.3', '^1.2.3'],
    ['^0.2.3', '~0.2.3'],
    ['^0.0.3', '0.0.3'],
    ['~1.2.3', '~1.2.3'],
    ['~>1.2', '1.2'],
    ['~0.1', '0.1'],
    ['1.2.x', '1.2'],
    ['1.x.x', '^1.0'],
    ['0.x', '0'],
    ['0.0.x', '0.0'],
    ['x.x.x', '*'],
    ['*', '*'],
    ['', '*'],
    ['^17 || ^18', '^17.0 || ^18.0'],
    ['>=1.2 <2', '>=1.2.0 <2.0.0'],
    ['>= 1.2.3', '>=1.2.3'],
    ['> =3.1.10', '>3.1.10'],
    ['<=14', '<15.0.0'],
    ['<14.x', '<14.0.0'],
    ['>=14.x', '>=14.0.0'],
    ['1.2.3 - 2.x', '>=1.2.3 <3.0.0'],
    ['1.2.3 - 2', '>=1.2.3 <3.0.0'],
    ['1.2 - 2.3.4', '>=1.2.0 <=2.3.4'],
    ['* - 2', '<3.0.0'],
    ['>=7.0.0-beta.50 <7.0.0-rc.0', '>=7.0.0-beta.50 <7.0.0-rc.0'],
    ['1.x || >=2.5.0 || 5.0.0 - 7.2.3', '^1.0 || >=2.5.0 || >=5.0.0 <=7.2.3'],
    ['^2.3.4 || *', '*'],
    ['>*', '<0.0.0'],
    ['latest', 'latest'],
    ['01.2.3', '01.2.3'],
  ]
  for (const [npm, sver] of table) it(`${JSON.stringify(npm)} → ${JSON.stringify(sver)}`, () => expect(normalizeRange(npm)).toBe(sver))

  it('reads anything that is not range syntax as a tag', () => {
    expect(parseRange(' next ')).toEqual({ kind: 'tag', tag: 'next' })
    expect(parseRange('1.2.3 garbage')).toEqual({ kind: 'tag', tag: '1.2.3 garbage' })
    expect(parseRange('>=')).toEqual({ kind: 'tag', tag: '>=' })
    expect(parseRange('1.2.3 -')).toEqual({ kind: 'tag', tag: '1.2.3 -' })
  })
})

describe('satisfies', () => {
  const table: [version: string, range: string, options: MatchOptions, expected: boolean][] = [
    ['1.2.3', '^1.2.3', {}, true],
    ['1.9.9', '^1.2.3', {}, true],
    ['2.0.0', '^1.2.3', {}, false],
    ['1.2.2', '^1.2.3', {}, false],
    ['0.2.9', '^0.2.3', {}, true],
    ['0.3.0', '^0.2.3', {}, false],
    ['0.0.3', '^0.0.3', {}, true],
    ['0.0.4', '^0.0.3', {}, false],
    ['0.9.0', '^0', {}, true],
    ['1.0.0', '^0', {}, false],
    ['0.0.9', '^0.0', {}, true],
    ['0.1.0', '^0.0', {}, false],
    ['1.2.9', '~1.2.3', {}, true],
    ['1.3.0', '~1.2.3', {}, false],
    ['1.9.0', '~1', {}, true],
    ['1.2.5', '~>1.2', {}, true],
    ['1.3.0', '~>1.2', {}, false],
    ['17.0.2', '^17 || ^18', {}, true],
    ['18.3.1', '^17 || ^18', {}, true],
    ['19.0.0', '^17 || ^18', {}, false],
    ['16.14.0', '^17 || ^18', {}, false],
    ['1.2.0', '>=1.2 <2', {}, true],
    ['1.1.9', '>=1.2 <2', {}, false],
    ['2.0.0', '>=1.2 <2', {}, false],
    ['1.2.3', '1.2.3 - 2.x', {}, true],
    ['2.9.9', '1.2.3 - 2.x', {}, true],
    ['3.0.0', '1.2.3 - 2.x', {}, false],
    ['1.2.2', '1.2.3 - 2.x', {}, false],
    ['1.2.0', '1.2 - 2.3.4', {}, true],
    ['2.3.4', '1.2 - 2.3.4', {}, true],
    ['2.3.5', '1.2 - 2.3.4', {}, false],
    ['3.1.10', '> =3.1.10', {}, false],
    ['3.1.11', '> =3.1.10', {}, true],
    ['2.0.0', '>1', {}, true],
    ['1.9.9', '>1', {}, false],
    ['1.3.0', '>1.2', {}, true],
    ['1.2.9', '>1.2', {}, false],
    ['1.9.9', '<=1', {}, true],
    ['2.0.0', '<=1', {}, false],
    ['1.2.3', 'v1.2.3', {}, true],
    ['1.2.3', '=1.2.3', {}, true],
    ['1.2.3+build.1', '1.2.3', {}, false],
    ['1.2.3+b1', '1.2.3', {}, true],
    ['5.0.0', '*', {}, true],
    ['5.0.0', '', {}, true],
    ['0.0.0', '>*', {}, false],
    ['0.0.0', '<*', {}, false],
    // Prereleases: only when the range names one on the same major.minor.patch ...
    ['5.0.0-beta', '*', {}, false],
    ['1.5.0-beta.1', '^1.2.3', {}, false],
    ['1.2.3-beta.2', '^1.2.3-beta.1', {}, true],
    ['1.2.3-beta.0', '^1.2.3-beta.1', {}, false],
    ['1.3.0-beta.1', '^1.2.3-beta.1', {}, false],
    ['1.3.0', '^1.2.3-beta.1', {}, true],
    ['2.0.0-rc.1', '<2.0.0', {}, false],
    ['1.0.0-rc.1', '>=1.0.0-rc.0 <2', {}, true],
    ['1.1.0-rc.1', '>=1.0.0-rc.0 <2', {}, false],
    ['2.0.0-beta.3', '^1 || ^2.0.0-beta.1', {}, true],
    // ... or when unstable is asked.
    ['5.0.0-beta', '*', { unstable: true }, true],
    ['1.5.0-beta.1', '^1.2.3', { unstable: true }, true],
    ['1.2.3-beta', '^1.2.3', { unstable: true }, true],
    ['1.2.0-rc.1', '1.2', { unstable: true }, true],
    ['2.0.0-beta', '^1.2.3', { unstable: true }, false],
    ['1.2.3-beta', '>=1.2.3', { unstable: true }, false],
    ['2.0.0-rc.1', '<2.0.0', { unstable: true }, true],
    ['1.1.0-rc.1', '>=1.0.0-rc.0 <2', { unstable: true }, true],
    // Tags.
    ['18.3.1', 'latest', { tags: { latest: '18.3.1' } }, true],
    ['18.2.0', 'latest', { tags: { latest: '18.3.1' } }, false],
    ['latest', 'latest', {}, true],
    ['master', 'master', {}, true],
    ['master', '*', {}, false],
    ['master', '*', { unstable: true }, false],
    ['1.2', '1.2', {}, false],
  ]
  for (const [version, range, options, expected] of table) {
    it(`${version} ${expected ? 'satisfies' : 'does not satisfy'} ${JSON.stringify(range)} ${JSON.stringify(options)}`, () =>
      expect(satisfies(version, range, options)).toBe(expected))
  }
})

describe('bestMatch', () => {
  const versions = ['1.0.0', '1.1.0', '1.2.0-beta.1', '2.0.0', '2.1.0-rc.1']
  const table: [range: string, options: MatchOptions, expected: string | undefined][] = [
    ['^1', {}, '1.1.0'],
    ['^1', { unstable: true }, '1.2.0-beta.1'],
    ['*', {}, '2.0.0'],
    ['', { unstable: true }, '2.1.0-rc.1'],
    ['^3', {}, undefined],
    ['1.0.0', {}, '1.0.0'],
    ['^2.1.0-rc.0', {}, '2.1.0-rc.1'],
    // npm prefers the `latest` dist-tag when it satisfies the range ...
    ['^1', { tags: { latest: '1.0.0' } }, '1.0.0'],
    ['*', { tags: { latest: '1.1.0' } }, '1.1.0'],
    // ... but not when it does not, nor for `unstable` (`pkg@`: the newest including prereleases).
    ['^2', { tags: { latest: '1.1.0' } }, '2.0.0'],
    ['*', { unstable: true, tags: { latest: '1.1.0' } }, '2.1.0-rc.1'],
    // A latest tag that is not listed is not chosen.
    ['^1', { tags: { latest: '1.9.0' } }, '1.1.0'],
    // Tag ranges.
    ['next', { tags: { latest: '2.0.0', next: '2.1.0-rc.1' } }, '2.1.0-rc.1'],
    ['next', { tags: { next: '3.0.0' } }, undefined],
    ['beta', { tags: { latest: '2.0.0' } }, undefined],
  ]
  for (const [range, options, expected] of table) {
    it(`${JSON.stringify(range)} ${JSON.stringify(options)} → ${String(expected)}`, () => expect(bestMatch(versions, range, options)).toBe(expected))
  }
  it('keeps the first of equal versions (build metadata)', () => expect(bestMatch(['1.2.3+a', '1.2.3+b'], '*')).toBe('1.2.3+a'))
})

describe('intersects', () => {
  const table: [string, string, boolean][] = [
    ['^1.2', '~1.5.0', true],
    ['^1', '^2', false],
    ['>=1.2 <2', '1.9.x', true],
    ['1.2.3 - 2.x', '^3', false],
    ['^17 || ^18', '^18.2', true],
    ['>1.2.3', '<=1.2.3', false],
    ['>=1.2.3', '<=1.2.3', true],
    // Prereleases count: `^1.0.0` starts at the lowest prerelease of 1.0.0 (as sver's `unstable` does).
    ['^1.0.0', '1.0.0-beta', true],
    ['>=1.0.0', '1.0.0-beta', false],
    ['^1.0.0', '2.0.0-beta', false],
    ['*', '>*', false],
    ['latest', 'latest', true],
    ['latest', '*', false],
  ]
  for (const [a, b, expected] of table) {
    it(`${a} ∩ ${b}: ${expected}`, () => {
      expect(intersects(a, b)).toBe(expected)
      expect(intersects(b, a)).toBe(expected)
    })
  }
})

describe('intersectRanges', () => {
  const table: [string, string, string | undefined][] = [
    ['^1.1.0', '~1.3', '1.3'],
    ['^1', '^2', undefined],
    ['1.2.3 - 2.x', '^2.5.0', '>=1.2.3 <3.0.0 ^2.5.0'],
    ['^17 || ^18', '^18.2', '^18.2'],
  ]
  for (const [a, b, expected] of table) it(`${a} ∩ ${b} → ${String(expected)}`, () => expect(intersectRanges(a, b)).toBe(expected))
})

describe('contains', () => {
  const table: [string, string, boolean][] = [
    ['^1', '~1.2.3', true],
    ['^1', '^1.2 || ~1.5', true],
    ['^1.2', '^1', false],
    ['>=1', '2.x', true],
    ['^1 || ^2', '2.5.x', true],
    ['~1.2', '>=1.2.3 <1.2.8', true],
    ['>=1.2.0', '>1.2.0', true],
    ['>1.2.0', '>=1.2.0', false],
    ['<2', '<=2.0.0', false],
    ['*', '^1', true],
    ['^1', '*', false],
    ['*', 'latest', false],
    ['latest', 'latest', true],
  ]
  for (const [a, b, expected] of table) it(`${a} ⊇ ${b}: ${expected}`, () => expect(contains(a, b)).toBe(expected))
})

describe('isExact and rangeInfo', () => {
  const exact: [string, boolean][] = [
    ['1.2.3', true],
    ['=v1.2.3', true],
    ['1.2.3-beta.1', true],
    ['^1.2.3', false],
    ['1.2', false],
    ['latest', false],
    ['1.2.3 || 1.2.4', false],
    ['>=1.2.3 <=1.2.3', false],
  ]
  for (const [range, expected] of exact) it(`isExact(${range}) = ${expected}`, () => expect(isExact(range)).toBe(expected))

  const info: [string, RangeInfo][] = [
    ['latest', { normalized: 'latest', type: 'exact', isTag: true, isExact: false }],
    ['1.2.3', { normalized: '1.2.3', type: 'exact', isTag: false, isExact: true }],
    ['~1.2.3', { normalized: '~1.2.3', type: 'stable', isTag: false, isExact: false }],
    ['^1.2.3', { normalized: '^1.2.3', type: 'major', isTag: false, isExact: false }],
    ['>=1.2', { normalized: '>=1.2.0', type: 'lower_bound', isTag: false, isExact: false }],
    ['^17 || ^18', { normalized: '^17.0 || ^18.0', type: 'union', isTag: false, isExact: false }],
    ['1.2.3 - 2.x', { normalized: '>=1.2.3 <3.0.0', type: 'intersection', isTag: false, isExact: false }],
    ['', { normalized: '*', type: 'wildcard', isTag: false, isExact: false }],
  ]
  for (const [range, expected] of info) it(`rangeInfo(${JSON.stringify(range)})`, () => expect(rangeInfo(range)).toEqual(expected))
})

describe('versions', () => {
  it('isVersion', () => {
    expect(['1.2.3', '1.2.3-rc.1', '1.2.3+b', '1.2', 'latest', 'v1.2.3', '01.2.3'].map(isVersion)).toEqual([true, true, true, false, false, false, false])
  })
  it('compareVersions', () => {
    expect(compareVersions('1.2.10', '1.2.9')).toBe(1)
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBe(-1)
    expect(compareVersions('1.0.0-alpha.10', '1.0.0-alpha.9')).toBe(1)
    expect(compareVersions('1.2.3+a', '1.2.3+b')).toBe(0)
    expect(compareVersions('master', '0.0.1')).toBe(-1)
  })
  it('sortVersions sorts a copy, tags first', () => {
    const input = ['2.4.5', 'canary', '2.3.4-alpha', '1.2.3', '2.3.4-alpha.2', '2.3.4']
    expect(sortVersions(input)).toEqual(['canary', '1.2.3', '2.3.4-alpha', '2.3.4-alpha.2', '2.3.4', '2.4.5'])
    expect(input[0]).toBe('2.4.5')
  })
})
