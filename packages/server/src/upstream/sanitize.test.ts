import { describe, expect, it } from 'vitest'
import { isRegistrySpec, sanitizeManifest, sanitizeRegistryDocument } from './sanitize.js'

describe('isRegistrySpec', () => {
  it.each([
    ['^1.2.0', true],
    ['>=1 <3', true],
    ['1.x || 2', true],
    ['', true],
    ['latest', true],
    ['npm:preact@^10', true],
    ['npm:@scope/pkg@1', true],
    ['jsr:@std/path@1', true],
    ['file:../x', false],
    ['file:///etc', false],
    ['link:../x', false],
    ['./local', false],
    ['../local', false],
    ['/abs/path', false],
    ['https://example.com/pkg.tgz', false],
    ['http://169.254.169.254/', false],
    ['git+https://github.com/a/b.git', false],
    ['github:a/b', false],
    ['a/b', false],
    ['workspace:*', false],
  ])('%j → %j', (spec, expected) => {
    expect(isRegistrySpec(spec)).toBe(expected)
  })
})

describe('sanitizeManifest', () => {
  it('drops dependencies that name a place, keeping the rest and every other field', () => {
    const manifest = {
      name: 'x',
      version: '1.0.0',
      dependencies: { a: '^1', evil: 'file:///etc', remote: 'https://example.com/x/' },
      peerDependencies: { p: '^2' },
      optionalDependencies: { o: 'link:../o' },
    }
    expect(sanitizeManifest(manifest)).toEqual({ name: 'x', version: '1.0.0', dependencies: { a: '^1' }, peerDependencies: { p: '^2' }, optionalDependencies: {} })
  })
  it('returns the same object when nothing is dropped', () => {
    const manifest = { name: 'x', dependencies: { a: '^1' } }
    expect(sanitizeManifest(manifest)).toBe(manifest)
  })
})

describe('sanitizeRegistryDocument', () => {
  it('sanitizes every version of a packument, and a single version document', () => {
    const packument = { name: 'x', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': { name: 'x', version: '1.0.0', dependencies: { evil: 'file:/' } } } }
    expect(sanitizeRegistryDocument(packument)).toEqual({ name: 'x', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': { name: 'x', version: '1.0.0', dependencies: {} } } })
    expect(sanitizeRegistryDocument({ name: 'x', version: '1.0.0', dependencies: { a: '1', b: './b' } })).toEqual({ name: 'x', version: '1.0.0', dependencies: { a: '1' } })
  })
})
