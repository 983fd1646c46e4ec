import { describe, expect, it } from 'vitest'
import type { InstallChange, MapChange } from '@esmap/core'
import { formatMapCounts, formatPackageChanges, packageLabel } from './summary.js'

describe('packageLabel', () => {
  it.each([
    [{ registry: 'npm', name: 'lit', version: '3.2.0' }, 'lit@3.2.0'],
    [{ registry: 'npm', name: '@fx/scoped', version: '1.1.0' }, '@fx/scoped@1.1.0'],
    [{ registry: 'jsr', name: '@std/path', version: '1.0.8' }, 'jsr:@std/path@1.0.8'],
    [{ url: 'file:///repo/packages/a/' }, 'file:///repo/packages/a/'],
  ])('%j → %s', (pkg, label) => {
    expect(packageLabel(pkg)).toBe(label)
  })
})

describe('formatPackageChanges', () => {
  it('one line per change', () => {
    const changes: InstallChange[] = [
      { kind: 'added', package: { registry: 'npm', name: 'a', version: '1.0.0' } },
      { kind: 'removed', package: { url: 'file:///x/' } },
      { kind: 'upgraded', from: { registry: 'npm', name: 'b', version: '1.0.0' }, to: { registry: 'npm', name: 'b', version: '1.2.0' } },
      { kind: 'downgraded', from: { registry: 'jsr', name: '@s/c', version: '2.0.0' }, to: { registry: 'jsr', name: '@s/c', version: '1.9.0' } },
    ]
    expect(formatPackageChanges(changes)).toEqual(['+ a@1.0.0', '- file:///x/', '↑ b 1.0.0 → 1.2.0', '↓ jsr:@s/c 2.0.0 → 1.9.0'])
  })
})

describe('formatMapCounts', () => {
  const change = (kind: MapChange['kind']): MapChange => ({ kind, section: 'imports', key: 'k' })
  it.each([
    [[], 'no changes'],
    [[change('added')], '1 added entry'],
    [[change('added'), change('added')], '2 added entries'],
    [[change('removed'), change('changed'), change('added')], '1 added, 1 changed, 1 removed entries'],
  ] as [MapChange[], string][])('%j → %s', (changes, text) => {
    expect(formatMapCounts(changes)).toBe(text)
  })
})
