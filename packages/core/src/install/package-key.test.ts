import { describe, expect, it } from 'vitest'
import { packageKey, parsePackageKey } from './package-key.js'
import type { InstalledPackage } from './types.js'

describe('package keys', () => {
  const cases: [key: string, pkg: InstalledPackage][] = [
    ['npm:react@18.3.1', { registry: 'npm', name: 'react', version: '18.3.1' }],
    ['npm:@scope/pkg@1.0.0-beta.1', { registry: 'npm', name: '@scope/pkg', version: '1.0.0-beta.1' }],
    ['jsr:@std/path@1.0.0', { registry: 'jsr', name: '@std/path', version: '1.0.0' }],
    ['file:///repo/packages/a/', { url: 'file:///repo/packages/a/' }],
  ]
  for (const [key, pkg] of cases) {
    it(`${key} ⇄ package`, () => {
      expect(parsePackageKey(key)).toEqual(pkg)
      expect(packageKey(pkg)).toBe(key)
    })
  }
  it('a folder URL gets its trailing slash', () => expect(parsePackageKey('https://example.com/a')).toEqual({ url: 'https://example.com/a/' }))
  it('anything else is not a key', () => expect(['react', 'npm:react', '@1.0.0'].map(parsePackageKey)).toEqual([undefined, undefined, undefined]))
})
