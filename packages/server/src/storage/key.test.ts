import { describe, expect, it } from 'vitest'
import { assertKey, keyProblem } from './key.js'

describe('keyProblem', () => {
  const table: [string, string | undefined][] = [
    ['npm/fx-dep@2.1.0/files/index.js', undefined],
    ['npm/@fx/scoped@1.0.0/build.json', undefined],
    ['npm/x@1.0.0/files/.npmignore', undefined],
    ['a', undefined],
    ['', 'the key is empty'],
    ['/etc/passwd', 'the key has an empty segment (a leading, trailing or double "/")'],
    ['npm//x', 'the key has an empty segment (a leading, trailing or double "/")'],
    ['npm/x/', 'the key has an empty segment (a leading, trailing or double "/")'],
    ['npm/../../etc/passwd', 'the key has a "." or ".." segment'],
    ['..', 'the key has a "." or ".." segment'],
    ['npm/./x', 'the key has a "." or ".." segment'],
    ['npm\\..\\x', 'the key contains a backslash or a control character'],
    ['npm/x\u0000.js', 'the key contains a backslash or a control character'],
    ['npm/x\n.js', 'the key contains a backslash or a control character'],
    ['.tmp/123', 'keys under ".tmp/" are reserved for temporary files'],
    ['.tmp', 'keys under ".tmp/" are reserved for temporary files'],
    ['x'.repeat(1025), 'the key is longer than 1024 characters'],
  ]
  it.each(table)('%j → %j', (key, problem) => {
    expect(keyProblem(key)).toBe(problem)
  })
})

describe('assertKey', () => {
  it('returns a valid key', () => {
    expect(assertKey('npm/fx-dep@2.1.0/build.json')).toBe('npm/fx-dep@2.1.0/build.json')
  })
  it('throws ESMAP_INVALID_STORAGE_KEY naming the key and the problem', () => {
    expect(() => assertKey('npm/../x')).toThrow(expect.objectContaining({ code: 'ESMAP_INVALID_STORAGE_KEY', message: expect.stringContaining('"npm/../x" is not a storage key: the key has a "." or ".." segment') }))
  })
})
