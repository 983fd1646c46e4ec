import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { conformanceDir } from '@esmap/test-fixtures'
import { describe, expect, it } from 'vitest'
import { isEsmapError } from '../errors.js'
import type { ExportsTarget, PackageJson } from '../types.js'
import { resolveExports } from './exports.js'
import { resolveImports } from './imports.js'

/** What Node v20 itself returned for the vector (added to the suites by their curators). */
type NodeOracle =
  | { applicable: false; why: string }
  | { applicable: true; conditionsUsed: string[]; resolved: string; agreesWithFirstExpected: boolean }
  | { applicable: true; conditionsUsed: string[]; error: string; agreesWithFirstExpected: boolean }

interface EnhancedResolveCase {
  name: string
  field: ExportsTarget
  request: string
  conditions: string[]
  expect: string[] | { error: string }
  nodeOracle: NodeOracle
}

interface ResolveExportsCase {
  id: number
  test: string
  pkg: PackageJson
  subpath: string
  conditions: string[]
  expect?: string[]
  expectError?: string
  nodeOracle: NodeOracle
}

const read = <T>(file: string): T[] => JSON.parse(readFileSync(join(conformanceDir, file), 'utf8')) as T[]

/** The gate: only the vectors on which Node agrees with the upstream expectation. */
const gated = <T extends { nodeOracle: NodeOracle }>(cases: T[]): { c: T; oracle: NodeOracle & { applicable: true } }[] =>
  cases.flatMap((c) => (c.nodeOracle.applicable && c.nodeOracle.agreesWithFirstExpected ? [{ c, oracle: c.nodeOracle }] : []))

/** Runs `run` and returns its result, or the error code it threw. */
function outcome(run: () => string): { resolved: string } | { code: string } {
  try {
    return { resolved: run() }
  } catch (err) {
    if (!isEsmapError(err)) throw err
    return { code: err.code }
  }
}

/** Node's answer in the same shape: the target, or the error code. */
const expected = (oracle: NodeOracle & { applicable: true }): { resolved: string } | { code: string } =>
  'error' in oracle ? { code: oracle.error } : { resolved: oracle.resolved }

/**
 * The subpath Node saw: the oracle harness imported `pkg/${request}`, so a request that does not
 * start with "./" (such as `../utils/index.mjs`) reached PACKAGE_EXPORTS_RESOLVE as `./../utils/index.mjs`.
 */
const nodeSubpath = (request: string): string => (request === '.' || request.startsWith('./') ? request : `./${request}`)

describe('enhanced-resolve exports-field vectors (Node-agreeing)', () => {
  const cases = gated(read<EnhancedResolveCase>('enhanced-resolve/exports-field.json'))
  it('has the 86 gated vectors', () => expect(cases).toHaveLength(86))
  for (const [i, { c, oracle }] of cases.entries()) {
    it(`#${i} ${c.name}: ${c.request} [${c.conditions.join(',')}]`, () => {
      const result = outcome(() => resolveExports({ name: 'pkg', exports: c.field }, nodeSubpath(c.request), c.conditions))
      expect(result).toEqual(expected(oracle))
      // The upstream expectation agrees: the first candidate, or an error.
      if (Array.isArray(c.expect) && c.expect.length > 0) expect(result).toEqual({ resolved: c.expect[0] })
    })
  }
})

describe('enhanced-resolve imports-field vectors (Node-agreeing)', () => {
  const cases = gated(read<EnhancedResolveCase>('enhanced-resolve/imports-field.json'))
  it('has the 35 gated vectors', () => expect(cases).toHaveLength(35))
  for (const [i, { c, oracle }] of cases.entries()) {
    it(`#${i} ${c.name}: ${c.request} [${c.conditions.join(',')}]`, () => {
      const pkg: PackageJson = { name: 'pkg', imports: c.field as Record<string, ExportsTarget> }
      const result = outcome(() => resolveImports(pkg, c.request, c.conditions))
      expect(result).toEqual(expected(oracle))
      if (Array.isArray(c.expect) && c.expect.length > 0) expect(result).toEqual({ resolved: c.expect[0] })
    })
  }
})

describe('resolve.exports vectors (Node-agreeing)', () => {
  const cases = gated(read<ResolveExportsCase>('resolve-exports/cases.json'))
  it('has the 269 gated vectors', () => expect(cases).toHaveLength(269))
  for (const { c, oracle } of cases) {
    it(`id ${c.id} ${c.test}: ${c.subpath} [${c.conditions.join(',')}]`, () => {
      const run = c.subpath.startsWith('#')
        ? () => resolveImports(c.pkg, c.subpath, c.conditions)
        : () => resolveExports(c.pkg, c.subpath, c.conditions)
      const result = outcome(run)
      expect(result).toEqual(expected(oracle))
      if (c.expect !== undefined) expect(result).toEqual({ resolved: c.expect[0] })
    })
  }
})

/**
 * Beyond the gate: on the vectors where Node disagrees with the upstream (bundler) expectation,
 * esmap follows Node. Run with the condition set Node ran with (`conditionsUsed`).
 */
describe('vectors where Node disagrees with upstream: esmap follows Node', () => {
  const sources = [
    ['enhanced-resolve/exports-field.json', 38],
    ['enhanced-resolve/imports-field.json', 33],
    ['resolve-exports/cases.json', 39],
  ] as const
  for (const [file, count] of sources) {
    const cases = read<EnhancedResolveCase | ResolveExportsCase>(file).flatMap((c) =>
      c.nodeOracle.applicable && !c.nodeOracle.agreesWithFirstExpected ? [{ c, oracle: c.nodeOracle }] : [],
    )
    it(`${file} has ${count} such vectors`, () => expect(cases).toHaveLength(count))
    for (const [i, { c, oracle }] of cases.entries()) {
      const request = 'subpath' in c ? c.subpath : c.request.startsWith('#') ? c.request : nodeSubpath(c.request)
      it(`${file} #${i}: ${request} [${oracle.conditionsUsed.join(',')}]`, () => {
        const pkg: PackageJson =
          'pkg' in c ? c.pkg : file.includes('imports') ? { name: 'pkg', imports: c.field as Record<string, ExportsTarget> } : { name: 'pkg', exports: c.field }
        const run = request.startsWith('#')
          ? () => resolveImports(pkg, request, oracle.conditionsUsed)
          : () => resolveExports(pkg, request, oracle.conditionsUsed)
        expect(outcome(run)).toEqual(expected(oracle))
      })
    }
  }
})
