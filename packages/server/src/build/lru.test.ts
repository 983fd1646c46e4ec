import { expect, it } from 'vitest'
import { createLru } from './lru.js'

it('evicts the least recently used entries past the weight limit', () => {
  const lru = createLru<string>(10, (v) => v.length)
  lru.set('a', 'aaaa')
  lru.set('b', 'bbbb')
  expect(lru.get('a')).toBe('aaaa') // a is now the most recent
  lru.set('c', 'cccc')
  expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual(['aaaa', undefined, 'cccc'])
  expect([lru.size, lru.weight]).toEqual([2, 8])
})

it('does not keep a value heavier than the whole cache, and deletes by prefix', () => {
  const lru = createLru<string>(4, (v) => v.length)
  lru.set('big', 'xxxxx')
  expect(lru.get('big')).toBeUndefined()
  lru.set('npm/a/1', 'a')
  lru.set('npm/a/2', 'b')
  lru.set('npm/b/1', 'c')
  lru.deletePrefix('npm/a/')
  expect([lru.get('npm/a/1'), lru.get('npm/a/2'), lru.get('npm/b/1'), lru.weight]).toEqual([undefined, undefined, 'c', 1])
})
