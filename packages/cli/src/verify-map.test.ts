import { describe, expect, it } from 'vitest'
import { integrity } from '@esmap/core'
import { mapUrls, matchesIntegrity } from './verify-map.js'

describe('mapUrls', () => {
  it('every target and integrity URL, absolute, once, sorted; null entries left out', () => {
    const map = {
      imports: { a: './a.js', b: 'https://cdn.example/b@1/index.js', blocked: null, 'c/': 'https://cdn.example/c@1/' },
      scopes: { 'https://cdn.example/': { b: 'https://cdn.example/b@1/index.js', d: '/d.js' } },
      integrity: { './e.js': 'sha384-x' },
    }
    expect(mapUrls(map, new URL('https://app.example/maps/importmap.json'))).toEqual([
      'https://app.example/d.js',
      'https://app.example/maps/a.js',
      'https://app.example/maps/e.js',
      'https://cdn.example/b@1/index.js',
      'https://cdn.example/c@1/',
    ])
  })
})

describe('matchesIntegrity', () => {
  const bytes = new TextEncoder().encode('export const x = 1\n')
  it.each([
    [integrity(bytes), true],
    [integrity(bytes, 'sha256'), true],
    [integrity(bytes, 'sha512'), true],
    [`sha384-AAAA ${integrity(bytes, 'sha512')}`, true],
    [`${integrity(bytes)}?opt`, true],
    ['sha384-AAAA', false],
    [integrity(new TextEncoder().encode('other')), false],
    ['md5-AAAA', true],
  ])('%s → %s', (metadata, ok) => {
    expect(matchesIntegrity(bytes, metadata)).toBe(ok)
  })
})
