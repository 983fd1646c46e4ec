import { describe, expect, it } from 'vitest'
import { lengthMismatch } from './attempt.js'
import { defaultCacheDir } from './options.js'
import { cacheKey, isFresh, isImmutable, isStorable } from './policy.js'
import { backoffDelay, isRetryableStatus, parseRetryAfter } from './retry.js'

describe('isRetryableStatus', () => {
  const table: [number, boolean][] = [
    [200, false], [304, false], [400, false], [401, false], [403, false], [404, false], [410, false],
    [429, true], [500, true], [502, true], [503, true], [504, true], [599, true], [600, false],
  ]
  for (const [status, expected] of table) it(`${status} → ${expected}`, () => expect(isRetryableStatus(status)).toBe(expected))
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T12:00:00Z')
  const table: [string | null | undefined, number | undefined][] = [
    ['3', 3000],
    [' 0 ', 0],
    ['120', 120_000],
    ['Wed, 01 May 2024 12:00:05 GMT', 5000],
    ['Wed, 01 May 2024 11:00:00 GMT', 0],
    ['-1', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ]
  for (const [value, expected] of table) it(`${JSON.stringify(value)} → ${expected}`, () => expect(parseRetryAfter(value, now)).toBe(expected))
})

describe('backoffDelay (equal jitter)', () => {
  const table: [attempt: number, random: number, expected: number][] = [
    [1, 0, 50], [1, 0.5, 75], [1, 0.999999, 100],
    [2, 0, 100], [3, 0, 200], [4, 0.5, 600],
    [10, 0, 500], [10, 0.999999, 1000], // capped at max = 1000
  ]
  for (const [attempt, random, expected] of table) {
    it(`attempt ${attempt}, random ${random} → ${expected} ms`, () => expect(backoffDelay(attempt, 100, 1000, () => random)).toBe(expected))
  }
})

describe('defaultCacheDir', () => {
  const table: [Record<string, string>, string, string, string][] = [
    [{ XDG_CACHE_HOME: '/xdg' }, '/home/u', 'linux', '/xdg/esmap'],
    [{ XDG_CACHE_HOME: '/xdg' }, '/Users/u', 'darwin', '/xdg/esmap'],
    [{}, '/home/u', 'linux', '/home/u/.cache/esmap'],
    [{ XDG_CACHE_HOME: '' }, '/home/u', 'linux', '/home/u/.cache/esmap'],
    [{}, '/Users/u', 'darwin', '/Users/u/Library/Caches/esmap'],
  ]
  for (const [env, home, platform, expected] of table) {
    it(`${JSON.stringify(env)} ${platform} → ${expected}`, () => expect(defaultCacheDir(env, home, platform)).toBe(expected))
  }
})

describe('cache policy', () => {
  it.each([
    [200, {}, true],
    [203, {}, true],
    [404, {}, true],
    [410, {}, true],
    [200, { 'cache-control': 'public, no-store' }, false],
    [404, { 'cache-control': 'no-store' }, true],
    [206, {}, false],
    [301, {}, false],
    [401, {}, false],
    [500, {}, false],
  ] as [number, Record<string, string>, boolean][])('isStorable(%i, %j) → %s', (status, headers, expected) => {
    expect(isStorable(status, headers)).toBe(expected)
  })

  it.each([
    [200, {}, true, true],
    [200, {}, false, false],
    [200, { 'cache-control': 'public, max-age=31536000, immutable' }, false, true],
    [200, { 'cache-control': 'IMMUTABLE' }, false, true],
    [404, {}, true, false],
    [404, { 'cache-control': 'immutable' }, false, false],
  ] as [number, Record<string, string>, boolean, boolean][])('isImmutable(%i, %j, requested %s) → %s', (status, headers, requested, expected) => {
    expect(isImmutable(status, headers, requested)).toBe(expected)
  })

  it.each([
    [{ immutable: true, storedAt: 0 }, 1e12, 1000, true],
    [{ immutable: false, storedAt: 1000 }, 1999, 1000, true],
    [{ immutable: false, storedAt: 1000 }, 2000, 1000, false],
    [{ immutable: false, storedAt: 1000 }, 1000, 0, false],
  ])('isFresh(%j, now %i, ttl %i) → %s', (stored, now, ttl, expected) => expect(isFresh(stored, now, ttl)).toBe(expected))

  it('keys on the URL and the accept header only', () => {
    expect(cacheKey('https://r/x', { accept: 'application/json', authorization: 'Bearer t' })).toBe('GET https://r/x\naccept: application/json')
    expect(cacheKey('https://r/x', {})).toBe('GET https://r/x\naccept: ')
  })
})

describe('lengthMismatch', () => {
  const body = new Uint8Array(10)
  const table: [Record<string, string>, string | undefined][] = [
    [{ 'content-length': '10' }, undefined],
    [{ 'content-length': '20' }, 'truncated body: got 10 of 20 bytes'],
    [{ 'content-length': '5' }, 'truncated body: got 10 of 5 bytes'],
    [{}, undefined],
    [{ 'content-length': '20', 'content-encoding': 'gzip' }, undefined],
    [{ 'content-length': '20', 'content-encoding': 'identity' }, 'truncated body: got 10 of 20 bytes'],
    [{ 'content-length': 'abc' }, undefined],
  ]
  for (const [headers, expected] of table) it(`${JSON.stringify(headers)} → ${expected}`, () => expect(lengthMismatch(new Headers(headers), body)).toBe(expected))
})
