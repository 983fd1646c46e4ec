import { init as initEsmLexer } from 'es-module-lexer'
import { init as initCjsLexer } from 'cjs-module-lexer'
import { EsmapError } from '../errors.js'
import { cjsExports, scanCommonJs } from './cjs.js'
import { cssImports } from './css.js'
import { scanEsm } from './esm.js'
import { PARSE_ERROR } from './parse-error.js'
import type { ModuleAnalysis, ModuleImport, ModuleKind } from './types.js'
import { wasmImports } from './wasm.js'

export interface AnalyzeOptions {
  /** The module's URL, named in errors and in non-literal import reports. */
  url: string
  /**
   * What the source is. When left out: WebAssembly when the bytes start with `\0asm`, else
   * from the URL's extension (`moduleKindFromUrl`).
   */
  kind?: ModuleKind
}

/**
 * Compiles the lexers' WebAssembly. Await it once before `analyzeModule` where synchronous
 * compilation is restricted (browser main threads); in Node it is optional. `traceGraph` calls it.
 */
export async function initAnalyzer(): Promise<void> {
  await Promise.all([initEsmLexer(), initCjsLexer()])
}

/**
 * The kind a URL's extension suggests: `.wasm`, `.json`, `.css`, `.ts`/`.mts`/`.tsx`, `.cjs`/`.cts`,
 * and `js` for everything else (`.js`, `.mjs`, no extension). Query and hash are ignored.
 */
export function moduleKindFromUrl(url: string): ModuleKind {
  const path = url.replace(/[?#].*$/s, '')
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase()
  switch (ext) {
    case 'wasm': case 'json': case 'css': case 'cjs': return ext
    case 'cts': return 'cjs'
    case 'ts': case 'mts': case 'tsx': return 'ts'
    default: return 'js'
  }
}

const isWasmBytes = (source: string | Uint8Array): source is Uint8Array =>
  typeof source !== 'string' && source[0] === 0 && source[1] === 0x61 && source[2] === 0x73 && source[3] === 0x6d

/**
 * The dependencies of one module, I/O-free.
 *
 * - JavaScript (`js`): es-module-lexer finds static imports and re-exports (with import
 *   attributes and phases), literal dynamic `import()` (strings and substitution-free
 *   templates), `import.meta.resolve('x')` and `import.meta` use. Without `import`/`export`
 *   syntax, a source that uses `require`, `module.exports` or a free `exports` is CommonJS;
 *   otherwise it is an ES module (a plain script is an ES module without imports).
 * - `cjs`: always CommonJS. Dependencies are `require('x')` calls plus dynamic `import()`;
 *   `cjs` holds cjs-module-lexer's named exports and re-exports.
 * - `ts` (JSR): es-module-lexer lexes erasable TypeScript; type-only imports are left out.
 *   TSX/JSX and non-erasable syntax are not supported.
 * - `wasm`: the module names of the import section. `json`: no dependencies. `css`: none, with
 *   `@import` URLs reported in `cssImports` (best effort).
 *
 * Computed specifiers (`import(x)`, `require(x)`, `import.meta.resolve(x)`) are reported in
 * `nonLiteral`, never dropped. Throws `ESMAP_PARSE_ERROR` naming the URL, line and column when
 * the source cannot be lexed.
 */
export function analyzeModule(source: string | Uint8Array, options: AnalyzeOptions): ModuleAnalysis {
  const { url } = options
  const kind = options.kind ?? (isWasmBytes(source) ? 'wasm' : moduleKindFromUrl(url))
  if (kind === 'wasm') {
    if (typeof source === 'string') {
      throw new EsmapError(PARSE_ERROR, `Could not parse ${url}: a WebAssembly module must be given as bytes, not text`, {
        specifier: url,
        fix: 'Load .wasm files as bytes (`new Uint8Array(await response.arrayBuffer())`).',
      })
    }
    return { url, kind, format: 'wasm', imports: wasmImports(source, url), nonLiteral: [], usesImportMeta: false }
  }
  // TextDecoder drops a UTF-8 byte-order mark, as browsers do for scripts.
  const text = typeof source === 'string' ? source : new TextDecoder().decode(source)
  if (kind === 'json') return { url, kind, format: 'json', imports: [], nonLiteral: [], usesImportMeta: false }
  if (kind === 'css') {
    return { url, kind, format: 'css', imports: [], nonLiteral: [], usesImportMeta: false, cssImports: cssImports(text) }
  }

  const esm = scanEsm(text, url, kind === 'ts')
  if (kind === 'ts' || (kind === 'js' && esm.hasModuleSyntax)) {
    return { url, kind, format: 'esm', imports: esm.imports, nonLiteral: esm.nonLiteral, usesImportMeta: esm.usesImportMeta }
  }
  const cjs = scanCommonJs(text, url)
  if (kind === 'js' && !cjs.looksLikeCommonJs) {
    return { url, kind, format: 'esm', imports: esm.imports, nonLiteral: esm.nonLiteral, usesImportMeta: esm.usesImportMeta }
  }
  // CommonJS: `require` calls plus the dynamic `import()`s, which CommonJS may use too.
  const dynamic = esm.imports.filter((entry) => entry.form === 'dynamic-import')
  const dynamicNonLiteral = esm.nonLiteral.filter((entry) => entry.form === 'dynamic-import')
  return {
    url,
    kind,
    format: 'cjs',
    imports: bySourcePosition([...cjs.requires, ...dynamic]),
    nonLiteral: bySourcePosition([...cjs.nonLiteral, ...dynamicNonLiteral]),
    usesImportMeta: false,
    cjs: cjsExports(text, url),
  }
}

function bySourcePosition<T extends Pick<ModuleImport, 'line' | 'column'>>(list: T[]): T[] {
  return list.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
}
