import { parse as lexCommonJs } from 'cjs-module-lexer'
import type { PackageFiles } from '@esmap/core'
import type { ModuleFormat } from './types.js'

/** What a package file is to the build: a module in one of the formats, JSON, or an asset to copy. */
export type FileKind = ModuleFormat | 'json' | 'asset'

/** The package-wide facts that decide a file's format. */
export interface FormatContext {
  files: PackageFiles
  /** The `type` of the package's own package.json. */
  type: unknown
  /** A forced format (override `format`). */
  format: ModuleFormat | undefined
  /** Files that a `shim` entry makes global scripts. */
  shimmed: ReadonlySet<string>
}

/** `.js`, `.mjs`, `.cjs`: the files that are modules. */
export const isModulePath = (path: string): boolean => /\.[cm]?js$/.test(path)

/**
 * Whether a source has `import` or `export` statements (not `import()`, which CommonJS may use):
 * cjs-module-lexer rejects exactly these with ERR_LEXER_ESM_SYNTAX. A source it cannot lex for
 * another reason is left to the bundler, which reports the syntax error with its location.
 */
export function hasModuleSyntax(source: string): boolean {
  try {
    lexCommonJs(source)
    return false
  } catch (err) {
    return (err as { code?: unknown }).code === 'ERR_LEXER_ESM_SYNTAX'
  }
}

/** The `type` of the nearest package.json above `path` (Node's package scope), the root's last. */
function scopeType(path: string, ctx: FormatContext): unknown {
  const dirs = path.split('/').slice(0, -1)
  for (let i = dirs.length; i > 0; i--) {
    const bytes = ctx.files.get(`${dirs.slice(0, i).join('/')}/package.json`)
    if (bytes === undefined) continue
    try {
      const nested: unknown = JSON.parse(new TextDecoder().decode(bytes))
      return typeof nested === 'object' && nested !== null ? (nested as { type?: unknown }).type : undefined
    } catch {
      // A package.json that is not JSON does not make a package scope for Node either.
      continue
    }
  }
  return ctx.type
}

/**
 * The kind of a package file (reference 002, "CommonJS Compatibility"): a shimmed file is a
 * global script; `.mjs` is ESM and `.cjs` CommonJS; a forced format applies to `.js`; otherwise a
 * `.js` file is ESM inside a `"type": "module"` scope or when it has `import`/`export` syntax,
 * and CommonJS in every other case. `.json` is JSON; anything else an asset.
 */
export function fileKind(path: string, source: string, ctx: FormatContext): FileKind {
  if (ctx.shimmed.has(path)) return 'global'
  if (path.endsWith('.json')) return 'json'
  if (!isModulePath(path)) return 'asset'
  if (path.endsWith('.mjs')) return 'esm'
  if (path.endsWith('.cjs')) return 'cjs'
  if (ctx.format !== undefined) return ctx.format
  if (scopeType(path, ctx) === 'module') return 'esm'
  return hasModuleSyntax(source) ? 'esm' : 'cjs'
}
