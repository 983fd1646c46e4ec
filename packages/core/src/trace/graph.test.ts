import { setImmediate as nextTurn } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { EsmapError } from '../errors.js'
import { traceGraph } from './graph.js'
import type { LoadInfo, ModuleGraph, ResolveInfo, TraceHooks, TraceOptions } from './graph-types.js'
import { TraceError } from './trace-error.js'

const BASE = 'https://app.test/'
const u = (path: string): string => new URL(path, BASE).href

interface Recorded {
  /** Hook calls running now, and the most ever running at once (resolve and load together). */
  inFlight: number
  highWater: number
  loads: string[]
  resolves: [specifier: string, parent: string | undefined, info: ResolveInfo][]
  loadInfos: [url: string, info: LoadInfo][]
}

/**
 * Hooks over an in-memory file set (paths relative to BASE). Relative specifiers resolve as URLs,
 * `node:` builtins are external (null), names in `packages` map to files, anything else throws.
 * Every call waits a turn of the event loop, so calls overlap as real I/O would.
 */
function memoryHooks(files: Record<string, string | Uint8Array>, packages: Record<string, string> = {}): { hooks: TraceHooks; calls: Recorded } {
  const calls: Recorded = { inFlight: 0, highWater: 0, loads: [], resolves: [], loadInfos: [] }
  const track = async <T>(run: () => T): Promise<T> => {
    calls.inFlight++
    calls.highWater = Math.max(calls.highWater, calls.inFlight)
    try {
      await nextTurn()
      return run()
    } finally {
      calls.inFlight--
    }
  }
  const hooks: TraceHooks = {
    resolve: (specifier, parent, info) => track(() => {
      calls.resolves.push([specifier, parent, info])
      if (/^\.{0,2}\//.test(specifier)) return new URL(specifier, parent ?? BASE).href
      if (specifier.startsWith('node:')) return null
      const file = packages[specifier]
      if (file === undefined) throw new Error(`Unknown package "${specifier}"`)
      return u(file)
    }),
    load: (url, info) => track(() => {
      calls.loads.push(url)
      calls.loadInfos.push([url, info])
      const source = files[url.slice(BASE.length)]
      return source === undefined ? undefined : { source }
    }),
  }
  return { hooks, calls }
}

/** The graph's nodes as plain data: url → [reach, static deps, dynamic deps]. */
function shape(graph: ModuleGraph): Record<string, [string, string, Record<string, string | null>, Record<string, string | null>]> {
  return Object.fromEntries([...graph.nodes].map(([url, node]) => [
    url.slice(BASE.length),
    [node.reach, node.format, Object.fromEntries(node.staticDeps), Object.fromEntries(node.dynamicDeps)],
  ]))
}

async function rejection(promise: Promise<unknown>): Promise<TraceError> {
  const error = await promise.then(() => undefined, (err: unknown) => err)
  if (!(error instanceof TraceError)) throw new Error(`expected a TraceError, got ${String(error)}`)
  return error
}

describe('traceGraph: reach', () => {
  const files = {
    'main.js': "import './a.js'\nimport('./lazy.js')\nimport('./a.js')",
    'a.js': "import './shared.js'",
    'lazy.js': "import './shared.js'\nimport './lazy-only.js'",
    'shared.js': 'export const s = 1',
    'lazy-only.js': 'export {}',
  }

  it('splits static and dynamic reach; a module reachable both ways is static', async () => {
    const { hooks } = memoryHooks(files)
    const graph = await traceGraph(['./main.js'], hooks, { parentUrl: BASE })
    expect(graph.entries).toEqual(new Map([['./main.js', u('main.js')]]))
    expect(graph.staticDeps).toEqual([u('main.js'), u('a.js'), u('shared.js')])
    expect(graph.dynamicDeps).toEqual([u('lazy.js'), u('lazy-only.js')])
    expect(shape(graph)).toEqual({
      'main.js': ['static', 'esm', { './a.js': u('a.js') }, { './lazy.js': u('lazy.js'), './a.js': u('a.js') }],
      'a.js': ['static', 'esm', { './shared.js': u('shared.js') }, {}],
      'shared.js': ['static', 'esm', {}, {}],
      'lazy.js': ['dynamic', 'esm', { './shared.js': u('shared.js'), './lazy-only.js': u('lazy-only.js') }, {}],
      'lazy-only.js': ['dynamic', 'esm', {}, {}],
    })
    expect(Object.keys(shape(graph))).toEqual(['main.js', 'a.js', 'shared.js', 'lazy.js', 'lazy-only.js'])
    expect(graph.warnings).toEqual([])
    expect(graph.errors).toEqual([])
  })

  it('a second entry makes a dynamic module static', async () => {
    const { hooks } = memoryHooks(files)
    const graph = await traceGraph(['./main.js', './lazy.js'], hooks, { parentUrl: BASE })
    expect(graph.staticDeps).toEqual([u('main.js'), u('lazy.js'), u('a.js'), u('shared.js'), u('lazy-only.js')])
    expect(graph.dynamicDeps).toEqual([])
  })

  it('import.meta.resolve targets are dynamic dependencies', async () => {
    const { hooks } = memoryHooks({ 'main.js': "new Worker(import.meta.resolve('./worker.js'))", 'worker.js': 'self.onmessage = null' })
    const graph = await traceGraph(['./main.js'], hooks, { parentUrl: BASE })
    expect(graph.staticDeps).toEqual([u('main.js')])
    expect(graph.dynamicDeps).toEqual([u('worker.js')])
  })
})

describe('traceGraph: cycles, dedupe, ignore, externals', () => {
  it('finishes on cycles and self-imports, loading each module once', async () => {
    const { hooks, calls } = memoryHooks({
      'a.js': "import './b.js'\nimport './a.js'",
      'b.js': "import './c.js'\nimport('./a.js')",
      'c.js': "import './a.js'\nimport './b.js'",
    })
    const graph = await traceGraph(['./a.js', './c.js'], hooks, { parentUrl: BASE })
    expect(calls.loads.sort()).toEqual([u('a.js'), u('b.js'), u('c.js')])
    expect(graph.staticDeps).toEqual([u('a.js'), u('c.js'), u('b.js')])
    expect(shape(graph)['b.js']).toEqual(['static', 'esm', { './c.js': u('c.js') }, { './a.js': u('a.js') }])
  })

  it('resolves a specifier once per module however often it is imported', async () => {
    const { hooks, calls } = memoryHooks({ 'a.js': "import './b.js'\nimport { x } from './b.js'\nexport * from './b.js'", 'b.js': '' })
    await traceGraph(['./a.js'], hooks, { parentUrl: BASE })
    expect(calls.resolves.filter(([specifier]) => specifier === './b.js')).toHaveLength(1)
  })

  it('ignored specifiers are recorded as null without calling resolve, entries included', async () => {
    const { hooks, calls } = memoryHooks({ 'a.js': "import React from 'react'\nimport 'dep'", 'dep.js': '' }, { react: 'react.js', dep: 'dep.js' })
    const ignore = (specifier: string): boolean => specifier === 'react' || specifier === './skip.js'
    const graph = await traceGraph(['./a.js', './skip.js'], { ...hooks }, { parentUrl: BASE, ignore })
    expect(graph.entries).toEqual(new Map([['./a.js', u('a.js')], ['./skip.js', null]]))
    expect(calls.resolves.map(([specifier]) => specifier).sort()).toEqual(['./a.js', 'dep'])
    expect(calls.loads.sort()).toEqual([u('a.js'), u('dep.js')])
    expect(shape(graph)['a.js']).toEqual(['static', 'esm', { react: null, dep: u('dep.js') }, {}])
  })

  it('externals (resolve gives null) are recorded and not loaded; an external entry is a warning', async () => {
    const { hooks, calls } = memoryHooks({ 'a.js': "import fs from 'node:fs'" })
    const graph = await traceGraph(['./a.js', 'node:path'], hooks, { parentUrl: BASE })
    expect(calls.loads).toEqual([u('a.js')])
    expect(shape(graph)['a.js']).toEqual(['static', 'esm', { 'node:fs': null }, {}])
    expect(graph.warnings).toEqual([{ type: 'trace', message: 'Entry "node:path" resolved to no URL (external), so it was not traced' }])
  })
})

describe('traceGraph: what the hooks are told', () => {
  it('passes the import form, importer format and attributes to resolve, and attributes to load', async () => {
    const { hooks, calls } = memoryHooks({
      'a.js': "import data from './data' with { type: 'json' }\nimport('./b.cjs')",
      data: '{ "x": 1 }',
      'b.cjs': "const c = require('./c.js')",
      'c.js': 'module.exports = 1',
    })
    const graph = await traceGraph(['./a.js'], hooks)
    expect(calls.resolves).toEqual([
      ['./a.js', undefined, { form: 'entry', dynamic: false }],
      ['./data', u('a.js'), { form: 'import', dynamic: false, parentFormat: 'esm', attributes: { type: 'json' } }],
      ['./b.cjs', u('a.js'), { form: 'dynamic-import', dynamic: true, parentFormat: 'esm' }],
      ['./c.js', u('b.cjs'), { form: 'require', dynamic: false, parentFormat: 'cjs' }],
    ])
    expect(calls.loadInfos).toEqual([
      [u('a.js'), {}],
      [u('data'), { attributes: { type: 'json' } }],
      [u('b.cjs'), {}],
      [u('c.js'), {}],
    ])
    // The `type` attribute decides the kind of a URL without an extension.
    expect(graph.nodes.get(u('data'))).toMatchObject({ kind: 'json', format: 'json' })
    expect(graph.nodes.get(u('c.js'))).toMatchObject({ kind: 'js', format: 'cjs', reach: 'dynamic' })
  })

  it('keeps sources only when asked', async () => {
    const files = { 'a.js': "import './b.js'", 'b.js': 'export {}' }
    const without = await traceGraph(['./a.js'], memoryHooks(files).hooks, { parentUrl: BASE })
    expect([...without.nodes.values()].map((node) => node.source)).toEqual([undefined, undefined])
    const kept = await traceGraph(['./a.js'], memoryHooks(files).hooks, { parentUrl: BASE, keepSources: true })
    expect([...kept.nodes.values()].map((node) => node.source)).toEqual(["import './b.js'", 'export {}'])
  })
})

describe('traceGraph: non-literal imports', () => {
  it('collects them with their module and logs a warning for each', async () => {
    const { hooks } = memoryHooks({
      'a.js': "import './b.js'\nconst m = await import(`./locales/${lang}.js`)",
      'b.js': 'const p = require(name)',
    })
    const logged: [string, string][] = []
    const graph = await traceGraph(['./a.js'], hooks, { parentUrl: BASE, logger: (type, message) => logged.push([type, message]) })
    expect(graph.nonLiteral.sort((a, b) => a.url.localeCompare(b.url))).toEqual([
      { url: u('a.js'), form: 'dynamic-import', snippet: 'import(`./locales/${lang}.js`)', pattern: './locales/*.js', line: 2, column: 17 },
      { url: u('b.js'), form: 'require', snippet: 'require(name)', line: 1, column: 11 },
    ])
    const messages = [
      'Non-literal dynamic import in https://app.test/a.js:2:17 was not traced: import(`./locales/${lang}.js`) (matches ./locales/*.js). Add the modules it can load as entries so the map includes them.',
      'Non-literal require in https://app.test/b.js:1:11 was not traced: require(name). Add the modules it can load as entries so the map includes them.',
    ]
    expect(graph.warnings.map((w) => w.message).sort()).toEqual(messages)
    expect(logged.sort()).toEqual(messages.map((message) => ['trace', message]))
  })
})

describe('traceGraph: errors', () => {
  const chain = {
    'a.js': "import './b.js'",
    'b.js': "import './c.js'",
    'c.js': "import { x } from './ok.js'\nimport 'missing-pkg'",
    'ok.js': 'export const x = 1',
  }

  it('a resolve failure names the specifier, the importer with position and the import chain, and keeps the cause', async () => {
    const { hooks } = memoryHooks(chain)
    const error = await rejection(traceGraph(['./a.js'], hooks, { parentUrl: BASE }))
    expect(error.message).toBe(
      'Could not resolve "missing-pkg" from https://app.test/c.js:2:1: Unknown package "missing-pkg"\n' +
      '  Import chain: https://app.test/a.js → https://app.test/b.js → https://app.test/c.js',
    )
    expect(error).toBeInstanceOf(EsmapError)
    expect(error.code).toBe('ESMAP_RESOLVE_FAILED')
    expect(error.specifier).toBe('missing-pkg')
    expect(error.importer).toBe(u('c.js'))
    expect(error.chain).toEqual([u('a.js'), u('b.js'), u('c.js')])
    expect((error.cause as Error).message).toBe('Unknown package "missing-pkg"')
  })

  it("keeps an EsmapError cause's code and fix", async () => {
    const { hooks } = memoryHooks({ 'a.js': "import 'pkg/internal'" })
    const cause = new EsmapError('ERR_PACKAGE_PATH_NOT_EXPORTED', 'Package subpath "./internal" is not exported by pkg', {
      specifier: 'pkg/internal', importer: u('a.js'), fix: 'Import a subpath listed in pkg\'s "exports".',
    })
    const error = await rejection(traceGraph(['./a.js'], { ...hooks, resolve: async (s, p, i) => (s === 'pkg/internal' ? Promise.reject(cause) : hooks.resolve(s, p, i)) }, { parentUrl: BASE }))
    expect(error.code).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED')
    expect(error.cause).toBe(cause)
    expect(error.message).toBe(
      'Could not resolve "pkg/internal" from https://app.test/a.js:1:1: Package subpath "./internal" is not exported by pkg\n' +
      '  Fix: Import a subpath listed in pkg\'s "exports".',
    )
  })

  it('an entry that cannot be resolved names the specifier and the parent URL', async () => {
    const error = await rejection(traceGraph(['nope'], memoryHooks({}).hooks, { parentUrl: BASE }))
    expect(error.message).toBe('Could not resolve entry "nope" from https://app.test/: Unknown package "nope"')
    expect(error.chain).toEqual([])
    expect(error.importer).toBe(BASE)
  })

  it('a module that does not load is ESMAP_MODULE_NOT_FOUND with its chain', async () => {
    const { hooks } = memoryHooks({ 'a.js': "import './b.js'", 'b.js': "import './gone.js'" })
    const error = await rejection(traceGraph(['./a.js'], hooks, { parentUrl: BASE }))
    expect(error.code).toBe('ESMAP_MODULE_NOT_FOUND')
    expect(error.message).toBe(
      'Module not found: https://app.test/gone.js\n' +
      '  Import chain: https://app.test/a.js → https://app.test/b.js → https://app.test/gone.js\n' +
      '  Fix: Check that the file is published in the package (package.json "files") and that the importer\'s specifier is right, or leave the specifier out with `ignore`.',
    )
    expect(error.importer).toBe(u('b.js'))
  })

  it('a load that throws is ESMAP_LOAD_FAILED with the cause', async () => {
    const { hooks } = memoryHooks({ 'a.js': "import './b.js'" })
    const cause = new Error('HTTP 500 Internal Server Error')
    const error = await rejection(traceGraph(['./a.js'], { ...hooks, load: (url, info) => (url.endsWith('b.js') ? Promise.reject(cause) : hooks.load(url, info)) }, { parentUrl: BASE }))
    expect(error.code).toBe('ESMAP_LOAD_FAILED')
    expect(error.cause).toBe(cause)
    expect(error.message).toBe('Could not load https://app.test/b.js: HTTP 500 Internal Server Error\n  Import chain: https://app.test/a.js → https://app.test/b.js')
  })

  it('a parse error deep in the graph keeps ESMAP_PARSE_ERROR and gains the chain', async () => {
    const { hooks } = memoryHooks({ 'a.js': "import './b.js'", 'b.js': "import { x from './c.js'" })
    const error = await rejection(traceGraph(['./a.js'], hooks, { parentUrl: BASE }))
    expect(error.code).toBe('ESMAP_PARSE_ERROR')
    expect(error.message.split('\n').slice(0, 2)).toEqual([
      'Could not parse https://app.test/b.js at line 1, column 25 (at the end of the file): it is not valid JavaScript',
      '  Import chain: https://app.test/a.js → https://app.test/b.js',
    ])
  })

  it('long chains are shortened in the message but kept whole on the error', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 12; i++) files[`m${i}.js`] = `import './m${i + 1}.js'`
    const error = await rejection(traceGraph(['./m0.js'], memoryHooks(files).hooks, { parentUrl: BASE }))
    expect(error.chain).toHaveLength(13)
    expect(error.message.split('\n')[1]).toBe(
      '  Import chain: https://app.test/m0.js → https://app.test/m1.js → https://app.test/m2.js → … (6 more) → ' +
      'https://app.test/m9.js → https://app.test/m10.js → https://app.test/m11.js → https://app.test/m12.js',
    )
  })

  it('with continueOnError, collects every error, leaves failed edges out and traces the rest', async () => {
    const { hooks } = memoryHooks({
      'a.js': "import './b.js'\nimport 'missing-pkg'\nimport './gone.js'",
      'b.js': "import './broken.js'\nimport './ok.js'",
      'broken.js': 'import {',
      'ok.js': '',
    })
    const graph = await traceGraph(['./a.js'], hooks, { parentUrl: BASE, continueOnError: true })
    expect(graph.errors.map((e) => [e.code, e.specifier]).sort()).toEqual([
      ['ESMAP_MODULE_NOT_FOUND', u('gone.js')],
      ['ESMAP_PARSE_ERROR', u('broken.js')],
      ['ESMAP_RESOLVE_FAILED', 'missing-pkg'],
    ])
    expect(shape(graph)).toEqual({
      'a.js': ['static', 'esm', { './b.js': u('b.js'), './gone.js': u('gone.js') }, {}],
      'b.js': ['static', 'esm', { './broken.js': u('broken.js'), './ok.js': u('ok.js') }, {}],
      'ok.js': ['static', 'esm', {}, {}],
    })
    // Modules that failed to load or parse are still dependencies (the map needs their URLs).
    expect(graph.staticDeps).toEqual([u('a.js'), u('b.js'), u('gone.js'), u('broken.js'), u('ok.js')])
  })

  it('without continueOnError, calls no hook after the first error', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 50; i++) files[`m${i}.js`] = `import './m${i + 1}.js'\nimport './side${i}.js'`
    files['m3.js'] = "import 'missing-pkg'"
    const { hooks, calls } = memoryHooks(files)
    let callsAtRejection = 0
    await traceGraph(['./m0.js'], hooks, { parentUrl: BASE, concurrency: 1 }).catch(() => {
      callsAtRejection = calls.loads.length + calls.resolves.length
    })
    for (let i = 0; i < 20; i++) await nextTurn()
    expect(callsAtRejection).toBeGreaterThan(0)
    expect(calls.loads.length + calls.resolves.length).toBe(callsAtRejection)
  })
})

describe('traceGraph: scale and concurrency', () => {
  /**
   * 5,000 modules: 4,000 in a binary tree of static imports, each also importing its parent (a
   * cycle per edge); the first 1,000 each dynamically import one of 1,000 more modules that
   * import each other statically in a chain, so those are reachable dynamically only.
   */
  function bigGraph(): Record<string, string> {
    const files: Record<string, string> = {}
    for (let i = 0; i < 4000; i++) {
      const lines = [1, 2].map((k) => 2 * i + k).filter((child) => child < 4000).map((child) => `import './m${child}.js'`)
      if (i > 0) lines.push(`import './m${(i - 1) >> 1}.js'`)
      if (i < 1000) lines.push(`const lazy = () => import('./d${i}.js')`)
      files[`m${i}.js`] = lines.join('\n')
    }
    for (let i = 0; i < 1000; i++) files[`d${i}.js`] = i < 999 ? `export * from './d${i + 1}.js'` : 'export const end = true'
    return files
  }

  for (const concurrency of [5, undefined, 64]) {
    const limit = concurrency ?? 32
    it(`traces 5,000 modules once each with at most ${limit} hook calls in flight${concurrency ? '' : ' (default)'}`, async () => {
      const { hooks, calls } = memoryHooks(bigGraph())
      const options: TraceOptions = { parentUrl: BASE }
      if (concurrency !== undefined) options.concurrency = concurrency
      const graph = await traceGraph(['./m0.js'], hooks, options)
      expect(graph.nodes.size).toBe(5000)
      expect(new Set(calls.loads).size).toBe(5000)
      expect(calls.loads).toHaveLength(5000)
      expect(graph.staticDeps).toHaveLength(4000)
      expect(graph.dynamicDeps).toHaveLength(1000)
      expect(graph.staticDeps.slice(0, 4)).toEqual([u('m0.js'), u('m1.js'), u('m2.js'), u('m3.js')])
      expect(graph.dynamicDeps.slice(0, 2)).toEqual([u('d0.js'), u('d1.js')])
      expect(graph.nodes.get(u('d500.js'))?.reach).toBe('dynamic')
      expect(graph.nodes.get(u('m3999.js'))?.reach).toBe('static')
      expect([...graph.nodes.values()].every((node) => node.source === undefined)).toBe(true)
      expect(calls.highWater).toBeLessThanOrEqual(limit)
      // The work is wide enough to fill every slot, so the limit is reached, not just respected.
      expect(calls.highWater).toBe(limit)
      expect(calls.inFlight).toBe(0)
    })
  }

  it('rejects a concurrency that is not a positive integer', async () => {
    await expect(traceGraph([], memoryHooks({}).hooks, { concurrency: 0 })).rejects.toThrow('Concurrency must be a positive integer, got 0')
  })

  it('an empty entry list gives an empty graph', async () => {
    const graph = await traceGraph([], memoryHooks({}).hooks)
    expect([graph.nodes.size, graph.staticDeps, graph.dynamicDeps]).toEqual([0, [], []])
  })
})
