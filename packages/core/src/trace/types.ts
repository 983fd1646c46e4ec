/**
 * What a module is, as far as tracing cares. `js` is JavaScript whose format (ES module or
 * CommonJS) is detected from its syntax; `cjs` forces CommonJS; `ts` is TypeScript (JSR).
 */
export type ModuleKind = 'js' | 'ts' | 'wasm' | 'json' | 'css' | 'cjs'

/** The module format the analysis found: how the module's dependencies are expressed. */
export type ModuleFormat = 'esm' | 'cjs' | 'wasm' | 'json' | 'css'

/**
 * How a module refers to a dependency:
 * - `import`: `import … from 'x'`, `import 'x'`, `import source m from 'x'`
 * - `export`: `export * from 'x'`, `export { a } from 'x'`, `export * as ns from 'x'`
 * - `dynamic-import`: `import('x')`, `` import(`x`) ``, `import.source('x')`
 * - `meta-resolve`: `import.meta.resolve('x')`
 * - `require`: `require('x')` in a CommonJS module
 * - `wasm-import`: a module name in a WebAssembly module's import section
 */
export type ImportForm = 'import' | 'export' | 'dynamic-import' | 'meta-resolve' | 'require' | 'wasm-import'

/** One literal dependency of a module, in source order. */
export interface ModuleImport {
  specifier: string
  form: ImportForm
  /** True for `dynamic-import` and `meta-resolve`: loaded (or resolved) only when the code runs. */
  dynamic: boolean
  /** Import attributes: `{ type: 'json' }` for `import j from './j.json' with { type: 'json' }`. */
  attributes?: Readonly<Record<string, string>>
  /** Import phase of `import source …` / `import defer …` / `import.source(…)` / `import.defer(…)`. */
  phase?: 'source' | 'defer'
  /** 1-based line of the import statement or expression (absent for WebAssembly). */
  line?: number
  /** 1-based column of the import statement or expression (absent for WebAssembly). */
  column?: number
}

/**
 * A dependency whose specifier is computed at run time (`import(name)`, `require(id)`,
 * `import.meta.resolve(x)`). It cannot be traced; callers report it with the importer.
 */
export interface NonLiteralImport {
  /** The module that contains it. */
  url: string
  form: 'dynamic-import' | 'meta-resolve' | 'require'
  /** The call as written, shortened to 200 characters: `import(`./locales/${lang}.js`)`. */
  snippet: string
  /** For a template literal argument, the glob it can match: `./locales/*.js`. */
  pattern?: string
  /** 1-based. */
  line: number
  /** 1-based. */
  column: number
}

/** The result of `analyzeModule`. */
export interface ModuleAnalysis {
  url: string
  kind: ModuleKind
  format: ModuleFormat
  /** Literal dependencies in source order (type-only TypeScript imports are left out). */
  imports: ModuleImport[]
  /** Dependencies that cannot be traced because their specifier is computed. */
  nonLiteral: NonLiteralImport[]
  /** Whether the module reads `import.meta` (its URL must then be stable). */
  usesImportMeta: boolean
  /** CommonJS only: the named exports and re-exports cjs-module-lexer detects. */
  cjs?: { exports: string[]; reexports: string[] }
  /**
   * CSS only: `@import` URLs, best effort. Not dependencies in the module graph: CSS module
   * scripts do not load `@import`s, and a stylesheet's `@import` resolves as a URL, never
   * through the import map.
   */
  cssImports?: string[]
}
