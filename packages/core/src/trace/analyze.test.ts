import { beforeAll, describe, expect, it } from 'vitest'
import { isEsmapError } from '../errors.js'
import { analyzeModule, initAnalyzer, moduleKindFromUrl } from './analyze.js'
import type { ModuleAnalysis, ModuleKind } from './types.js'

const URL_ = 'https://x.test/m.js'

beforeAll(() => initAnalyzer())

/** The analysis without the fields every case repeats. */
function analyze(source: string | Uint8Array, kind?: ModuleKind, url = URL_): Omit<ModuleAnalysis, 'url'> {
  const { url: _url, ...rest } = analyzeModule(source, kind === undefined ? { url } : { url, kind })
  return rest
}

interface Case {
  name: string
  source: string
  expect: Partial<ModuleAnalysis>
}

const esm = (expect: Partial<ModuleAnalysis>): Partial<ModuleAnalysis> => ({
  kind: 'js', format: 'esm', imports: [], nonLiteral: [], usesImportMeta: false, ...expect,
})

describe('analyzeModule: ES module import forms', () => {
  const cases: Case[] = [
    {
      name: 'default, named, namespace and side-effect imports',
      source: "import a from './a.js'\nimport { b, c as d } from \"./b.js\"\n  import * as ns from 'c'\nimport './d.css.js'",
      expect: esm({ imports: [
        { specifier: './a.js', form: 'import', dynamic: false, line: 1, column: 1 },
        { specifier: './b.js', form: 'import', dynamic: false, line: 2, column: 1 },
        { specifier: 'c', form: 'import', dynamic: false, line: 3, column: 3 },
        { specifier: './d.css.js', form: 'import', dynamic: false, line: 4, column: 1 },
      ] }),
    },
    {
      name: 're-exports: star, named, namespace, default',
      source: "export * from './e.js'; export { x } from './f.js'\nexport * as y from 'g'\nexport { default } from './h.js'\nexport const local = 1",
      expect: esm({ imports: [
        { specifier: './e.js', form: 'export', dynamic: false, line: 1, column: 1 },
        { specifier: './f.js', form: 'export', dynamic: false, line: 1, column: 25 },
        { specifier: 'g', form: 'export', dynamic: false, line: 2, column: 1 },
        { specifier: './h.js', form: 'export', dynamic: false, line: 3, column: 1 },
      ] }),
    },
    {
      name: 'an imported binding exported later is one import',
      source: "import { a } from './a.js'\nexport { a }",
      expect: esm({ imports: [{ specifier: './a.js', form: 'import', dynamic: false, line: 1, column: 1 }] }),
    },
    {
      name: 'import attributes on imports and re-exports',
      source: "import data from './data.json' with { type: 'json' }\nimport sheet from './s.css' with { type: \"css\" }\nexport { default as cfg } from './c.json' with { type: 'json', 'x-y': 'z' }",
      expect: esm({ imports: [
        { specifier: './data.json', form: 'import', dynamic: false, attributes: { type: 'json' }, line: 1, column: 1 },
        { specifier: './s.css', form: 'import', dynamic: false, attributes: { type: 'css' }, line: 2, column: 1 },
        { specifier: './c.json', form: 'export', dynamic: false, attributes: { type: 'json', 'x-y': 'z' }, line: 3, column: 1 },
      ] }),
    },
    {
      name: 'source and defer phases',
      source: "import source mod from './m.wasm'\nimport defer * as lazy from './lazy.js'",
      expect: esm({ imports: [
        { specifier: './m.wasm', form: 'import', dynamic: false, phase: 'source', line: 1, column: 1 },
        { specifier: './lazy.js', form: 'import', dynamic: false, phase: 'defer', line: 2, column: 1 },
      ] }),
    },
    {
      name: 'dynamic imports with a string, a template without substitutions, options and phases',
      source: "import('./a.js')\nawait import ( \"./b.js\" )\nimport(`./c.js`)\nimport('./d.json', { with: { type: 'json' } })\nimport('./e.js', opts)\nimport.source('./f.wasm')",
      expect: esm({ imports: [
        { specifier: './a.js', form: 'dynamic-import', dynamic: true, line: 1, column: 1 },
        { specifier: './b.js', form: 'dynamic-import', dynamic: true, line: 2, column: 7 },
        { specifier: './c.js', form: 'dynamic-import', dynamic: true, line: 3, column: 1 },
        { specifier: './d.json', form: 'dynamic-import', dynamic: true, attributes: { type: 'json' }, line: 4, column: 1 },
        { specifier: './e.js', form: 'dynamic-import', dynamic: true, line: 5, column: 1 },
        { specifier: './f.wasm', form: 'dynamic-import', dynamic: true, phase: 'source', line: 6, column: 1 },
      ] }),
    },
    {
      name: 'non-literal dynamic imports are reported with url, position, snippet and glob',
      source: "const m = await import(name)\nimport('./l/' + lang + '.js')\n  import(`./locales/${lang}/index.js`)",
      expect: esm({ nonLiteral: [
        { url: URL_, form: 'dynamic-import', snippet: 'import(name)', line: 1, column: 17 },
        { url: URL_, form: 'dynamic-import', snippet: "import('./l/' + lang + '.js')", line: 2, column: 1 },
        { url: URL_, form: 'dynamic-import', snippet: 'import(`./locales/${lang}/index.js`)', pattern: './locales/*/index.js', line: 3, column: 3 },
      ] }),
    },
    {
      name: 'import.meta.resolve with literals is a dynamic dependency; computed ones are reported',
      source: "const w = new Worker(import.meta.resolve('./worker.js'))\nimport.meta\n  .resolve(`./t.js`)\nimport.meta.resolve(base + 'x.js')\nconsole.log(import.meta.url)",
      expect: esm({
        usesImportMeta: true,
        imports: [
          { specifier: './worker.js', form: 'meta-resolve', dynamic: true, line: 1, column: 22 },
          { specifier: './t.js', form: 'meta-resolve', dynamic: true, line: 2, column: 1 },
        ],
        nonLiteral: [{ url: URL_, form: 'meta-resolve', snippet: "import.meta.resolve(base + 'x.js')", line: 4, column: 1 }],
      }),
    },
    {
      name: 'import.meta without resolve is a use, not a dependency',
      source: "const here = import.meta.url\nconst r = import.meta.resolve\nexport {}",
      expect: esm({ usesImportMeta: true }),
    },
    {
      name: 'comments, strings, templates and regexes that look like imports are not imports',
      source: [
        "// import a from './no-line-comment.js'",
        "/* import('./no-block-comment.js') */",
        "const s = \"import b from './no-string.js'\"",
        "const t = `import('./no-template.js')`",
        "const r = /import('.\\/no-regex.js')/",
        "const o = { import: 1 }.import",
        "import real from './yes.js'",
      ].join('\n'),
      expect: esm({ imports: [{ specifier: './yes.js', form: 'import', dynamic: false, line: 7, column: 1 }] }),
    },
    {
      name: 'escape sequences in specifiers are decoded',
      source: "import a from './\\u0061.js'\nimport('./\\x62.js')",
      expect: esm({ imports: [
        { specifier: './a.js', form: 'import', dynamic: false, line: 1, column: 1 },
        { specifier: './b.js', form: 'dynamic-import', dynamic: true, line: 2, column: 1 },
      ] }),
    },
    {
      name: 'a script without module syntax or CommonJS is an ES module without imports',
      source: "console.log('hi'); import('./later.js')",
      expect: esm({ imports: [{ specifier: './later.js', form: 'dynamic-import', dynamic: true, line: 1, column: 20 }] }),
    },
    {
      name: 'require inside an ES module is not a dependency',
      source: "import { createRequire } from 'node:module'\nconst require = createRequire(import.meta.url)\nrequire('./no.cjs')",
      expect: esm({ usesImportMeta: true, imports: [{ specifier: 'node:module', form: 'import', dynamic: false, line: 1, column: 1 }] }),
    },
  ]
  for (const c of cases) it(c.name, () => expect(analyze(c.source)).toEqual(c.expect))
})

describe('analyzeModule: TypeScript (kind ts)', () => {
  it('leaves out type-only imports, re-exports and import() types; keeps value imports', () => {
    const source = [
      "import type { T } from './types.ts'",
      "import { type U, v } from './v.ts'",
      "export type { W } from './w.ts'",
      "export * from './all.ts'",
      "type Q = import('./q.ts').Q",
      "let k: typeof import('./k.ts')",
      "const lazy = await import('./lazy.ts')",
      'export function f(a: string): number { return 1 }',
    ].join('\n')
    expect(analyze(source, 'ts', 'https://jsr.test/@s/p/1.0.0/mod.ts')).toEqual({
      kind: 'ts',
      format: 'esm',
      usesImportMeta: false,
      nonLiteral: [],
      imports: [
        { specifier: './v.ts', form: 'import', dynamic: false, line: 2, column: 1 },
        { specifier: './all.ts', form: 'export', dynamic: false, line: 4, column: 1 },
        { specifier: './lazy.ts', form: 'dynamic-import', dynamic: true, line: 7, column: 20 },
      ],
    })
  })
})

describe('analyzeModule: CommonJS', () => {
  const cjs = (expect: Partial<ModuleAnalysis>): Partial<ModuleAnalysis> => ({
    kind: 'js', format: 'cjs', imports: [], nonLiteral: [], usesImportMeta: false, cjs: { exports: [], reexports: [] }, ...expect,
  })
  const cases: Case[] = [
    {
      name: 'literal requires in every quote style; re-exports and named exports from cjs-module-lexer',
      source: "'use strict'\nconst a = require('./a.js')\nconst { b } = require(\"b\")\nmodule.exports = require(`./c.js`)\nexports.named = 1\nrequire( './d' , )",
      expect: cjs({
        imports: [
          { specifier: './a.js', form: 'require', dynamic: false, line: 2, column: 11 },
          { specifier: 'b', form: 'require', dynamic: false, line: 3, column: 15 },
          { specifier: './c.js', form: 'require', dynamic: false, line: 4, column: 18 },
          { specifier: './d', form: 'require', dynamic: false, line: 6, column: 1 },
        ],
        cjs: { exports: ['named'], reexports: [] },
      }),
    },
    {
      name: 'module.exports = require() is a re-export',
      source: "module.exports = require('./impl.js')",
      expect: cjs({
        imports: [{ specifier: './impl.js', form: 'require', dynamic: false, line: 1, column: 18 }],
        cjs: { exports: [], reexports: ['./impl.js'] },
      }),
    },
    {
      name: 'non-literal requires are reported; member calls, declarations, methods and require.resolve are not requires',
      source: [
        'const p = require(name)',
        "const q = require('./x-' + id)",
        'const t = require(`./t/${id}`)',
        "loader.require('./not-a-require.js')",
        'function require(id) { return id }',
        'class C { require(id) { return id } }',
        "const where = require.resolve('./resolved.js')",
        'require()',
        'module.exports = { p, q, t }',
      ].join('\n'),
      expect: cjs({
        nonLiteral: [
          { url: URL_, form: 'require', snippet: 'require(name)', line: 1, column: 11 },
          { url: URL_, form: 'require', snippet: "require('./x-' + id)", line: 2, column: 11 },
          { url: URL_, form: 'require', snippet: 'require(`./t/${id}`)', line: 3, column: 11 },
        ],
        cjs: { exports: ['p', 'q', 't'], reexports: [] },
      }),
    },
    {
      name: 'requires in comments, strings, templates and regexes are not requires',
      source: [
        "// require('./no-comment.js')",
        "/* require('./no-block.js') */",
        "const s = 'require(\"./no-string.js\")'",
        "const t = `require('./no-template.js') ${require('./yes-in-substitution.js')}`",
        "const r = /require\\('\\.\\/no-regex\\.js'\\)/g",
        "const half = total / require('./yes-after-division.js').n",
        "exports.x = 1",
      ].join('\n'),
      expect: cjs({
        imports: [
          { specifier: './yes-in-substitution.js', form: 'require', dynamic: false, line: 4, column: 42 },
          { specifier: './yes-after-division.js', form: 'require', dynamic: false, line: 6, column: 22 },
        ],
        cjs: { exports: ['x'], reexports: [] },
      }),
    },
    {
      name: 'dynamic import() in CommonJS is a dynamic dependency, in source order with requires',
      source: "exports.load = () => import('./lazy.mjs')\nconst dep = require('./dep.js')\nexports.other = () => import(which)",
      expect: cjs({
        imports: [
          { specifier: './lazy.mjs', form: 'dynamic-import', dynamic: true, line: 1, column: 22 },
          { specifier: './dep.js', form: 'require', dynamic: false, line: 2, column: 13 },
        ],
        nonLiteral: [{ url: URL_, form: 'dynamic-import', snippet: 'import(which)', line: 3, column: 23 }],
        cjs: { exports: ['load', 'other'], reexports: [] },
      }),
    },
  ]
  for (const c of cases) it(c.name, () => expect(analyze(c.source)).toEqual(c.expect))

  it('kind cjs forces CommonJS analysis even without CommonJS markers', () => {
    expect(analyze('console.log(1)', 'cjs')).toEqual(cjs({ kind: 'cjs' }))
  })
  it('a .cjs URL is analysed as CommonJS', () => {
    expect(analyze("require('./x')", undefined, 'https://x.test/m.cjs')).toEqual(cjs({
      kind: 'cjs',
      imports: [{ specifier: './x', form: 'require', dynamic: false, line: 1, column: 1 }],
    }))
  })
})

describe('analyzeModule: JSON, CSS and WebAssembly', () => {
  it('JSON has no dependencies', () => {
    expect(analyze('{ "import": "./not-a-dep.js" }', 'json')).toEqual({ kind: 'json', format: 'json', imports: [], nonLiteral: [], usesImportMeta: false })
  })
  it('CSS reports @import URLs (best effort) but has no module dependencies', () => {
    const css = "/* @import 'commented.css'; */\n@import 'a.css';\n@import url(\"b.css\") layer(base);\n@import url(c.css) screen;\n@IMPORT \"d.css\";\nbody { color: red }"
    expect(analyze(css, undefined, 'https://x.test/s.css')).toEqual({
      kind: 'css', format: 'css', imports: [], nonLiteral: [], usesImportMeta: false, cssImports: ['a.css', 'b.css', 'c.css', 'd.css'],
    })
  })
  it('decodes bytes as UTF-8 and drops a byte-order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("import './é.js'")])
    expect(analyze(bytes).imports).toEqual([{ specifier: './é.js', form: 'import', dynamic: false, line: 1, column: 1 }])
  })

  it('lists the module names a WebAssembly module imports, once each, in order', () => {
    const bytes = wasmModule([['env', 'f', 'func'], ['./x.js', 'g', 'func'], ['env', 'mem', 'memory']])
    const expected = { kind: 'wasm', format: 'wasm', nonLiteral: [], usesImportMeta: false, imports: [
      { specifier: 'env', form: 'wasm-import', dynamic: false },
      { specifier: './x.js', form: 'wasm-import', dynamic: false },
    ] }
    expect(analyze(bytes, 'wasm', 'https://x.test/m.wasm')).toEqual(expected)
    // Detected from the magic bytes whatever the URL says.
    expect(analyze(bytes, undefined, 'https://x.test/no-extension')).toEqual(expected)
  })
  it('a WebAssembly module without imports has no dependencies', () => {
    expect(analyze(wasmModule([]), 'wasm').imports).toEqual([])
  })
})

describe('analyzeModule: errors', () => {
  it('a lexer error is ESMAP_PARSE_ERROR naming the url, line and column', () => {
    const error = catchError(() => analyzeModule("const a = 1\nimport { b from './b.js'", { url: 'https://x.test/broken.js' }))
    expect(isEsmapError(error, 'ESMAP_PARSE_ERROR')).toBe(true)
    expect(error.message).toBe(
      'Could not parse https://x.test/broken.js at line 2, column 25 (at the end of the file): it is not valid JavaScript\n' +
      '  Fix: Check that the URL serves JavaScript (not an HTML error page); import JSON or CSS with `with { type: "json" }` / `with { type: "css" }`; JSX is not supported, publish compiled JavaScript.',
    )
    expect((error as { specifier?: string }).specifier).toBe('https://x.test/broken.js')
    expect((error.cause as { idx: number }).idx).toBe(36)
  })
  it('names the text at the error position', () => {
    const error = catchError(() => analyzeModule("import x from 'a\\u{zz}.js'", { url: 'https://x.test/esc.js' }))
    expect(error.message.split('\n')[0]).toBe('Could not parse https://x.test/esc.js at line 1, column 16 near `a\\u{zz}.js\'`: it is not valid JavaScript')
  })
  it('JSX is a parse error', () => {
    const error = catchError(() => analyzeModule("const a = <div>{'/'}</div>", { url: 'https://x.test/c.jsx' }))
    expect(isEsmapError(error, 'ESMAP_PARSE_ERROR')).toBe(true)
    expect(error.message.split('\n')[0]).toBe('Could not parse https://x.test/c.jsx at line 1, column 27 (at the end of the file): it is not valid JavaScript')
  })
  it('invalid WebAssembly is ESMAP_PARSE_ERROR naming the url and the compiler message', () => {
    const bytes = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0xff])
    const error = catchError(() => analyzeModule(bytes, { url: 'https://x.test/bad.wasm' }))
    expect(isEsmapError(error, 'ESMAP_PARSE_ERROR')).toBe(true)
    expect(error.message).toMatch(/^Could not parse https:\/\/x\.test\/bad\.wasm: it is not a valid WebAssembly module \(WebAssembly\.Module\(\): .+\)\n {2}Fix: Check that the URL serves the \.wasm file itself/)
    expect(error.cause).toBeInstanceOf(WebAssembly.CompileError)
  })
  it('WebAssembly given as text is an error', () => {
    const error = catchError(() => analyzeModule('\0asm', { url: 'https://x.test/t.wasm' }))
    expect(error.message.split('\n')[0]).toBe('Could not parse https://x.test/t.wasm: a WebAssembly module must be given as bytes, not text')
  })
})

describe('moduleKindFromUrl', () => {
  const table: [string, ModuleKind][] = [
    ['https://x.test/a.js', 'js'],
    ['https://x.test/a.mjs', 'js'],
    ['https://x.test/a', 'js'],
    ['https://x.test/dir.v2/a', 'js'],
    ['https://x.test/a.cjs', 'cjs'],
    ['https://x.test/a.cts', 'cjs'],
    ['https://x.test/a.ts', 'ts'],
    ['https://x.test/a.mts', 'ts'],
    ['https://x.test/a.TSX', 'ts'],
    ['https://x.test/a.json?v=1', 'json'],
    ['https://x.test/a.css#x', 'css'],
    ['file:///p/a.wasm', 'wasm'],
  ]
  for (const [url, kind] of table) it(`${url} → ${kind}`, () => expect(moduleKindFromUrl(url)).toBe(kind))
})

function catchError(fn: () => unknown): Error {
  try {
    fn()
  } catch (err) {
    return err as Error
  }
  throw new Error('expected an error')
}

/** A minimal WebAssembly binary importing `[module, name, kind]` entries (one `() -> ()` type). */
function wasmModule(imports: [string, string, 'func' | 'memory'][]): Uint8Array {
  const utf8 = (s: string): number[] => {
    const bytes = [...new TextEncoder().encode(s)]
    return [bytes.length, ...bytes]
  }
  const section = (id: number, body: number[]): number[] => [id, body.length, ...body]
  const entries = imports.flatMap(([module, name, kind]) => [
    ...utf8(module), ...utf8(name), ...(kind === 'func' ? [0x00, 0x00] : [0x02, 0x00, 0x01]),
  ])
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, 0x00, 0x00]),
    ...(imports.length ? section(2, [imports.length, ...entries]) : []),
  ])
}
