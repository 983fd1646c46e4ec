import { parse as lexCommonJs } from 'cjs-module-lexer'
import { transform } from 'esbuild'
import type { BuildWarning } from '../types.js'

/** What the ES module face of a CommonJS module exports besides `default`. */
export interface NamedExports {
  /** Names read from `module.exports`, in detection order. */
  names: string[]
  /** Other packages re-exported whole, for `export * from`. */
  stars: string[]
}

/** Where a re-export leads: another CommonJS file of the package, another package, or neither. */
export type ReexportTarget = { kind: 'cjs'; path: string } | { kind: 'external'; specifier: string } | { kind: 'other' }

export interface NamedExportsContext {
  /** The source of a package file. */
  read(path: string): string
  /** Resolves a `require` specifier of `importer` for re-export following. */
  resolve(specifier: string, importer: string): ReexportTarget
  /** `cjsNamedExports` override: package path → names. */
  overrides: Readonly<Record<string, readonly string[]>>
  /** The value `process.env.NODE_ENV` is replaced with, if any. */
  nodeEnv: string | undefined
  warnings: BuildWarning[]
}

/** Never named exports: `default` is `module.exports` itself, `__esModule` an interop flag. */
const RESERVED: ReadonlySet<string> = new Set(['default', '__esModule'])

/**
 * The source as the build will see it for picking re-exports: with `process.env.NODE_ENV`
 * replaced and dead branches dropped, so `if (production) module.exports = require('./prod')
 * else module.exports = require('./dev')` re-exports only the branch the build keeps
 * (cjs-module-lexer alone reports the last assignment).
 */
async function foldEnv(source: string, nodeEnv: string | undefined): Promise<string> {
  if (nodeEnv === undefined || !source.includes('process.env.NODE_ENV')) return source
  const folded = await transform(source, { define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) }, minifySyntax: true, logLevel: 'silent' })
  return folded.code
}

function lex(source: string, path: string, warnings: BuildWarning[]): { exports: string[]; reexports: string[] } {
  try {
    return lexCommonJs(source)
  } catch (err) {
    warnings.push({
      code: 'ESMAP_CJS_LEXER',
      message: `Could not detect the named exports of ${path} (${(err as Error).message.split('\n')[0] ?? ''}); only "default" is exported. Give them with a "cjsNamedExports" override.`,
      file: path,
    })
    return { exports: [], reexports: [] }
  }
}

/**
 * The named exports of the CommonJS file `path` (reference 002): the `cjsNamedExports`
 * override when it lists the file, else cjs-module-lexer's exports, plus those of the files it
 * re-exports (followed through the package; other packages become `stars`).
 */
export async function detectNamedExports(path: string, ctx: NamedExportsContext): Promise<NamedExports> {
  const names = new Set<string>()
  const stars = new Set<string>()
  const seen = new Set<string>()
  async function visit(file: string): Promise<void> {
    if (seen.has(file)) return
    seen.add(file)
    const given = ctx.overrides[file]
    if (given !== undefined) {
      for (const name of given) names.add(name)
      return
    }
    const source = ctx.read(file)
    const own = lex(source, file, ctx.warnings)
    for (const name of own.exports) names.add(name)
    const reexports = own.reexports.length > 0 ? lex(await foldEnv(source, ctx.nodeEnv), file, ctx.warnings).reexports : []
    for (const specifier of reexports) {
      const target = ctx.resolve(specifier, file)
      if (target.kind === 'cjs') await visit(target.path)
      else if (target.kind === 'external') stars.add(target.specifier)
    }
  }
  await visit(path)
  return { names: [...names].filter((n) => !RESERVED.has(n)), stars: [...stars] }
}
