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

describe('pairChanges', () => {
  const npm = (name: string, version: string) => ({ registry: 'npm', name, version })
  it.each([
    [
      'two copies of one package moved within their majors',
      [
        { kind: 'removed', package: npm('d', '1.0.0') },
        { kind: 'removed', package: npm('d', '2.0.0') },
        { kind: 'added', package: npm('d', '1.2.0') },
        { kind: 'added', package: npm('d', '2.1.0') },
      ],
      ['↑ d 1.0.0 → 1.2.0', '↑ d 2.0.0 → 2.1.0'],
    ],
    ['0.x minors are lines of their own', [{ kind: 'removed', package: npm('z', '0.1.0') }, { kind: 'added', package: npm('z', '0.2.0') }], ['- z@0.1.0', '+ z@0.2.0']],
    ['a downgrade', [{ kind: 'removed', package: npm('z', '0.2.5') }, { kind: 'added', package: npm('z', '0.2.1') }], ['↓ z 0.2.5 → 0.2.1']],
    ['other majors stay apart', [{ kind: 'removed', package: npm('d', '1.0.0') }, { kind: 'added', package: npm('d', '2.0.0') }, { kind: 'added', package: npm('e', '1.0.0') }], ['- d@1.0.0', '+ d@2.0.0', '+ e@1.0.0']],
    ['other registries stay apart', [{ kind: 'removed', package: npm('d', '1.0.0') }, { kind: 'added', package: { registry: 'jsr', name: 'd', version: '1.1.0' } }], ['- d@1.0.0', '+ jsr:d@1.1.0']],
    ['local folders are never paired', [{ kind: 'removed', package: { url: 'file:///a/' } }, { kind: 'added', package: { url: 'file:///b/' } }], ['- file:///a/', '+ file:///b/']],
  ] as [string, InstallChange[], string[]][])('%s', (_, changes, lines) => {
    expect(formatPackageChanges(changes)).toEqual(lines)
  })
})
