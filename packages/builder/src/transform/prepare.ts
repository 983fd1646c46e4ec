import { analyzeModule, isEsmapError, type ModuleAnalysis } from '@esmap/core'
import { hasModuleSyntax } from '../format.js'
import { amdDependencies, amdToCjs } from '../legacy/amd.js'
import type { BuildWarning } from '../types.js'
import { rewriteDynamicRequires } from './dynamic-require.js'
import { freeGlobals, type NodeGlobal } from './free-globals.js'

/** The globals `process` and `Buffer` are replaced with (esbuild `define`); each module that reads one declares it. */
export const PROCESS_BINDING = '__esmap_process'
export const BUFFER_BINDING = '__esmap_Buffer'

export interface PrepareContext {
  /** `name@version`, for messages. */
  label: string
  nodeEnv: string | undefined
  /** The specifiers `process` and `Buffer` are imported from; undefined leaves the global alone. */
  polyfills: { process: string | undefined; buffer: string | undefined }
  /** The folder shared chunks are written to; modules that read `__filename`/`__dirname` are placed there. */
  chunkDir: string
  warnings: BuildWarning[]
}

/** What the bundler is given for one module, and what it needs from outside. */
export interface PreparedModule {
  contents: string
  /** Polyfill specifiers the module imports (`process`, `buffer`). */
  polyfills: string[]
  /** Whether it reads `__filename` or `__dirname` (and so must live in a chunk). */
  usesLocation: boolean
}

/** A leading `#!` line is only legal at the very start; code goes in front of it, so it becomes a comment of the same length. */
const unHashbang = (source: string): string => (source.startsWith('#!') ? `//${source.slice(2)}` : source)

/** core's scan of the module; undefined (with a warning) when it cannot lex the source, which the bundler then reports. */
function analyze(source: string, path: string, commonJs: boolean, ctx: PrepareContext): ModuleAnalysis | undefined {
  try {
    return analyzeModule(source, { url: path, kind: commonJs ? 'cjs' : 'js' })
  } catch (err) {
    if (!isEsmapError(err)) throw err
    ctx.warnings.push({ code: 'ESMAP_SCAN_FAILED', message: `Could not scan ${ctx.label}/${path} for computed require() and import() calls: ${err.reason}`, file: path })
    return undefined
  }
}

/**
 * The module whose `import.meta.url` is the URL of a shared chunk: it is only imported by modules
 * that are placed in shared chunks, so it is always placed in one too. (A CommonJS module
 * cannot read `import.meta` itself: the bundler would treat it as an ES module.)
 */
export const CHUNK_URL_MODULE = 'esmap-chunk-url:'

/** `new URL(<from the chunk folder to target>, <chunk URL>).pathname`: the original location of the file or folder. */
function locationExpression(target: string, chunkDir: string, trimSlash: boolean): string {
  const up = '../'.repeat(chunkDir.split('/').length)
  const base = `require(${JSON.stringify(CHUNK_URL_MODULE)}).url`
  return `new URL(${JSON.stringify(up + target)}, ${base}).pathname${trimSlash ? '.slice(0, -1)' : ''}`
}

/**
 * A module's source as the bundler gets it (reference 002, "CommonJS Compatibility"):
 * - AMD becomes CommonJS (`legacy/amd.ts`);
 * - a CommonJS `require()` with a computed specifier throws a clear error when reached, and is
 *   reported (with `import()` of a computed specifier) as a build warning with file and line;
 * - free `process` / `Buffer` read the polyfill packages (`require('process')`, the
 *   Browserify libraries); `global` is replaced by `globalThis` through `define`;
 * - free `__filename` / `__dirname` become the file's original location, computed from
 *   `import.meta.url` of the chunk the module is placed in.
 * Declarations are put in front of the first line, so every other line keeps its position.
 */
export async function prepareModule(source: string, path: string, format: 'esm' | 'cjs' | 'amd', ctx: PrepareContext): Promise<PreparedModule> {
  const commonJs = format !== 'esm'
  let code = unHashbang(source)
  const analysis = analyze(code, path, commonJs, ctx)
  for (const call of analysis?.nonLiteral ?? []) {
    if (call.form === 'meta-resolve') continue
    const what = call.form === 'require' ? 'require()' : 'import()'
    ctx.warnings.push({
      code: call.form === 'require' ? 'ESMAP_DYNAMIC_REQUIRE' : 'ESMAP_DYNAMIC_IMPORT',
      message: `${ctx.label}/${path}:${call.line}: ${what} with a computed specifier cannot be made static: ${call.snippet}${call.form === 'require' ? ' (it throws when reached)' : ''}`,
      file: path,
      line: call.line,
      column: call.column,
    })
  }
  if (commonJs && analysis !== undefined) code = rewriteDynamicRequires(code, analysis.nonLiteral, `${ctx.label}/${path}`)
  // An ES module without import/export (a forced format, or a "type": "module" scope) must stay
  // one: the bundler would take a file that uses `module` or top-level `this` for CommonJS.
  if (format === 'esm' && !hasModuleSyntax(code)) code = `${code}\nexport {};\n`
  if (format === 'amd') {
    const literal = (analysis?.imports ?? []).filter((i) => i.form === 'require').map((i) => i.specifier)
    code = amdToCjs(code, path, amdDependencies(code, literal))
  }

  const free = await freeGlobals(source, commonJs, ctx.nodeEnv)
  const prefix: string[] = []
  const polyfills: string[] = []
  const use = (name: NodeGlobal): boolean => free.has(name)
  if (use('process') && ctx.polyfills.process !== undefined) {
    prefix.push(`var ${PROCESS_BINDING} = require(${JSON.stringify(ctx.polyfills.process)});`)
    polyfills.push(ctx.polyfills.process)
  }
  if (use('Buffer') && ctx.polyfills.buffer !== undefined) {
    prefix.push(`var ${BUFFER_BINDING} = require(${JSON.stringify(ctx.polyfills.buffer)}).Buffer;`)
    polyfills.push(ctx.polyfills.buffer)
  }
  const dir = path.includes('/') ? `${path.slice(0, path.lastIndexOf('/'))}/` : ''
  if (use('__filename')) prefix.push(`var __filename = ${locationExpression(path, ctx.chunkDir, false)};`)
  if (use('__dirname')) prefix.push(`var __dirname = ${locationExpression(dir, ctx.chunkDir, true)};`)
  return {
    contents: prefix.length === 0 ? code : `${prefix.join(' ')} ${code}`,
    polyfills,
    usesLocation: use('__filename') || use('__dirname'),
  }
}
