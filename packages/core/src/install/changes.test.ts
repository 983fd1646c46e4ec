import { describe, expect, it } from 'vitest'
import { diffLocks } from './changes.js'
import { lockOf } from './registry.fixture.js'
import type { InstallChange } from './types.js'

const pkg = (name: string, version: string): { registry: string; name: string; version: string } => ({ registry: 'npm', name, version })

describe('diffLocks', () => {
  const cases: { name: string; before: Parameters<typeof lockOf>[0]; after: Parameters<typeof lockOf>[0]; expected: InstallChange[] }[] = [
    { name: 'no change', before: { imports: { a: 'npm:a@1.0.0' } }, after: { imports: { a: 'npm:a@1.0.0' } }, expected: [] },
    {
      name: 'upgraded and downgraded, one version each',
      before: { imports: { a: 'npm:a@1.0.0', b: 'npm:b@2.0.0' } },
      after: { imports: { a: 'npm:a@1.1.0', b: 'npm:b@1.0.0' } },
      expected: [
        { kind: 'upgraded', from: pkg('a', '1.0.0'), to: pkg('a', '1.1.0') },
        { kind: 'downgraded', from: pkg('b', '2.0.0'), to: pkg('b', '1.0.0') },
      ],
    },
    {
      name: 'a second version is added; a scope-only version counts as well',
      before: { imports: { lib: 'npm:lib@2.0.0' } },
      after: { imports: { lib: 'npm:lib@2.0.0' }, scopes: { 'npm:x@1.0.0': { lib: 'npm:lib@1.9.0' } } },
      expected: [{ kind: 'added', package: pkg('lib', '1.9.0') }],
    },
    {
      name: 'two versions replaced by one: removed and added',
      before: { imports: { lib: 'npm:lib@2.0.0' }, scopes: { 'npm:x@1.0.0': { lib: 'npm:lib@1.9.0' } } },
      after: { imports: { lib: 'npm:lib@2.1.0' }, scopes: { 'npm:x@1.0.0': { lib: 'npm:lib@2.1.0' } } },
      expected: [
        { kind: 'removed', package: pkg('lib', '1.9.0') },
        { kind: 'removed', package: pkg('lib', '2.0.0') },
        { kind: 'added', package: pkg('lib', '2.1.0') },
      ],
    },
    {
      name: 'a registry package replaced by a folder',
      before: { imports: { lib: 'npm:lib@2.0.0' } },
      after: { imports: { lib: 'file:///repo/lib/' } },
      expected: [
        { kind: 'added', package: { url: 'file:///repo/lib/' } },
        { kind: 'removed', package: pkg('lib', '2.0.0') },
      ],
    },
  ]
  for (const c of cases) it(c.name, () => expect(diffLocks(lockOf(c.before), lockOf(c.after))).toEqual(c.expected))
})
