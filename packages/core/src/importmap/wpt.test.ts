/**
 * web-platform-tests `import-maps/data-driven` (../shared/conformance/wpt-import-maps/), case by
 * case: one `it` per parse expectation and per expected resolution. A child test inherits every
 * field of its parents. Contract: parse(importMap, importMapBaseURL); resolve(specifier, baseURL);
 * a `null` expectation means parsing (or resolving) throws a TypeError.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { conformanceDir } from '@esmap/test-fixtures'
import { describe, expect, it } from 'vitest'
import { ImportMap } from './import-map.js'

interface WptNode {
  importMap?: unknown
  importMapBaseURL?: string
  baseURL?: string
  expectedResults?: Record<string, string | null>
  expectedParsedImportMap?: { imports: unknown; scopes: unknown } | null
  tests?: Record<string, WptNode>
}

interface Leaf {
  name: string
  test: Omit<WptNode, 'tests'>
}

function leaves(node: WptNode, name: string, inherited: Omit<WptNode, 'tests'> = {}): Leaf[] {
  const { tests, ...own } = node
  const test = { ...inherited, ...own }
  if (tests === undefined) return [{ name, test }]
  return Object.entries(tests).flatMap(([child, sub]) => leaves(sub, `${name} › ${child}`, test))
}

const dir = join(conformanceDir, 'wpt-import-maps')
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
const all = files.map((file) => ({ file, leaves: leaves(JSON.parse(readFileSync(join(dir, file), 'utf8')) as WptNode, file) }))

const parse = (test: Leaf['test']): ImportMap => ImportMap.parse(test.importMap as string | object, test.importMapBaseURL ?? '')

it('has the 23 files, 120 leaves, 228 resolutions and 56 parse checks of the suite', () => {
  const flat = all.flatMap((f) => f.leaves)
  expect(files).toHaveLength(23)
  expect(flat).toHaveLength(120)
  expect(flat.reduce((n, l) => n + Object.keys(l.test.expectedResults ?? {}).length, 0)).toBe(228)
  expect(flat.filter((l) => 'expectedParsedImportMap' in l.test)).toHaveLength(56)
})

for (const { file, leaves: cases } of all) {
  describe(file, () => {
    for (const { name, test } of cases) {
      if ('expectedParsedImportMap' in test) {
        const expected = test.expectedParsedImportMap
        it(`${name}: parses`, () => {
          if (expected === null || expected === undefined) {
            expect(() => parse(test)).toThrow(TypeError)
            return
          }
          const map = parse(test)
          expect({ imports: map.imports, scopes: map.scopes }).toEqual(expected)
          expect(map.integrity).toEqual({})
        })
      }
      for (const [specifier, expected] of Object.entries(test.expectedResults ?? {})) {
        it(`${name}: resolves ${JSON.stringify(specifier)}`, () => {
          const map = parse(test)
          if (expected === null) expect(() => map.resolve(specifier, test.baseURL ?? '')).toThrow(TypeError)
          else expect(map.resolve(specifier, test.baseURL ?? '')).toBe(expected)
        })
      }
    }
  })
}
