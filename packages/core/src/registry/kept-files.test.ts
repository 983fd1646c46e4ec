import { describe, expect, it } from 'vitest'
import { createKeptFiles } from './kept-files.js'

const files = (...entries: [string, number][]): Map<string, Uint8Array> => new Map(entries.map(([p, n]) => [p, new Uint8Array(n)]))

describe('createKeptFiles', () => {
  it('hands each file out once and counts what it holds', () => {
    const kept = createKeptFiles(100)
    kept.add('a@1', files(['x.js', 10], ['y.js', 5]))
    expect(kept.size).toBe(15)
    expect(kept.take('a@1', 'x.js')?.byteLength).toBe(10)
    expect(kept.take('a@1', 'x.js')).toBeUndefined()
    expect(kept.take('a@1', 'missing.js')).toBeUndefined()
    expect(kept.size).toBe(5)
  })

  it('drops the packages used least recently once past the budget, never the one just added', () => {
    const kept = createKeptFiles(30)
    kept.add('a@1', files(['1.js', 10], ['2.js', 1]))
    kept.add('b@1', files(['1.js', 10]))
    expect(kept.take('a@1', '2.js')?.byteLength).toBe(1) // a is now the most recent
    kept.add('c@1', files(['1.js', 15]))
    expect([kept.take('b@1', '1.js'), kept.take('a@1', '1.js')?.byteLength, kept.size]).toEqual([undefined, 10, 15])
    kept.add('d@1', files(['big.js', 50]))
    expect([kept.take('c@1', '1.js'), kept.take('d@1', 'big.js')?.byteLength, kept.size]).toEqual([undefined, 50, 0])
  })
  it('clear() drops everything and says how much it held', () => {
    const kept = createKeptFiles(100)
    kept.add('a@1', files(['x.js', 10]))
    kept.add('b@1', files(['y.js', 20]), 64)
    expect([kept.clear(), kept.size, kept.take('a@1', 'x.js')]).toEqual([74, 0, undefined])
  })
})
