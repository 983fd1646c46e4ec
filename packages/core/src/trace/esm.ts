import { parse, type DynamicImport, type StaticImport } from 'es-module-lexer'
import { callExtent, literalValue, tokenize, tokenText, type Tokenizer } from './js-scan.js'
import { parseError } from './parse-error.js'
import { lineIndex, shorten, type SourcePosition } from './position.js'
import type { ModuleImport, NonLiteralImport } from './types.js'

/** What es-module-lexer tells about one JavaScript or TypeScript source. */
export interface EsmScan {
  imports: ModuleImport[]
  nonLiteral: NonLiteralImport[]
  usesImportMeta: boolean
  /** `import`/`export` syntax or `import.meta` (dynamic `import()` alone does not count). */
  hasModuleSyntax: boolean
}

/**
 * Lexes `source` with es-module-lexer (which also lexes erasable TypeScript syntax).
 * With `typescript`, type-only imports (`import type`, `export type … from`) and `import()` types
 * (`typeof import('x')`, `import('x').T`, which the lexer flags `probablyTypeOnly`) are left out.
 * Throws `ESMAP_PARSE_ERROR` when the lexer rejects the source.
 */
export function scanEsm(source: string, url: string, typescript: boolean): EsmScan {
  let lexed: ReturnType<typeof parse>
  try {
    lexed = parse(source)
  } catch (err) {
    throw parseError(url, source, err)
  }
  const [records, , , hasModuleSyntax] = lexed
  const position = lineIndex(source)
  const imports: ModuleImport[] = []
  const nonLiteral: NonLiteralImport[] = []
  let usesImportMeta = false

  for (const record of records) {
    if (record.type === 'import-meta') {
      usesImportMeta = true
      metaResolve(source, url, record.importStart, record.end, position, imports, nonLiteral)
    } else if (record.type === 'dynamic') {
      if (typescript && record.probablyTypeOnly) continue
      dynamicImport(source, url, record, position, imports, nonLiteral)
    } else if (!record.typeOnly) {
      imports.push(staticImport(source, record, position(record.importStart)))
    }
  }
  return { imports, nonLiteral, usesImportMeta, hasModuleSyntax }
}

function staticImport(source: string, record: StaticImport, at: SourcePosition): ModuleImport {
  // `export * from` is typed 'reexport-star'; `export { a } from` shares the static type, so the
  // statement's first keyword tells it apart from an import.
  const form = record.type === 'reexport-star' || source.startsWith('export', record.importStart) ? 'export' : 'import'
  const result: ModuleImport = { specifier: record.specifier, form, dynamic: false }
  if (record.attributes) result.attributes = Object.fromEntries(record.attributes)
  if (record.phase) result.phase = record.phase
  result.line = at.line
  result.column = at.column
  return result
}

function dynamicImport(
  source: string,
  url: string,
  record: DynamicImport,
  position: (index: number) => SourcePosition,
  imports: ModuleImport[],
  nonLiteral: NonLiteralImport[],
): void {
  const at = position(record.importStart)
  // A template literal without substitutions is reported with `glob: false`, like a string.
  if (record.specifier === undefined || record.glob) {
    const entry: NonLiteralImport = {
      url,
      form: 'dynamic-import',
      snippet: shorten(source.slice(record.importStart, record.importEnd)),
      line: at.line,
      column: at.column,
    }
    if (record.glob && record.specifier !== undefined) entry.pattern = record.specifier
    nonLiteral.push(entry)
    return
  }
  const result: ModuleImport = { specifier: record.specifier, form: 'dynamic-import', dynamic: true }
  if (record.attributesStart >= 0) {
    const attributes = optionsAttributes(source, record.attributesStart)
    if (attributes) result.attributes = attributes
  }
  if (record.phase) result.phase = record.phase
  result.line = at.line
  result.column = at.column
  imports.push(result)
}

/**
 * `import.meta.resolve(<arg>)` after an `import.meta` that ends at `metaEnd`: a literal argument
 * becomes a dynamic dependency, a computed one a non-literal report. Other uses of `import.meta`
 * (`import.meta.url`, passing `import.meta.resolve` around) are not dependencies.
 */
function metaResolve(
  source: string,
  url: string,
  metaStart: number,
  metaEnd: number,
  position: (index: number) => SourcePosition,
  imports: ModuleImport[],
  nonLiteral: NonLiteralImport[],
): void {
  const tokens = tokenize(source, metaEnd)
  if (!expect(source, tokens, '.') || !expect(source, tokens, 'resolve')) return
  const open = tokens.next()
  if (!open || tokenText(source, open) !== '(') return
  const arg = tokens.next()
  const close = tokens.next()
  const specifier = arg && literalValue(source, arg)
  const at = position(metaStart)
  if (specifier !== undefined && close && /^[),]$/.test(tokenText(source, close))) {
    imports.push({ specifier, form: 'meta-resolve', dynamic: true, line: at.line, column: at.column })
    return
  }
  const { end } = callExtent(source, open.start)
  nonLiteral.push({ url, form: 'meta-resolve', snippet: shorten(source.slice(metaStart, end)), line: at.line, column: at.column })
}

function expect(source: string, tokens: Tokenizer, text: string): boolean {
  const token = tokens.next()
  return token !== undefined && tokenText(source, token) === text
}

/**
 * The attributes of a dynamic import's options argument when written literally,
 * `{ with: { type: 'json' } }` (keys may be quoted). Anything else gives undefined: options that
 * are computed cannot be known, and they do not change which module is loaded.
 */
function optionsAttributes(source: string, start: number): Record<string, string> | undefined {
  const tokens = tokenize(source, start)
  const text = (): string | undefined => {
    const token = tokens.next()
    if (!token) return undefined
    return token.type === 'string' ? literalValue(source, token) : tokenText(source, token)
  }
  if (text() !== '{' || text() !== 'with' || text() !== ':' || text() !== '{') return undefined
  const entries: [string, string][] = []
  for (;;) {
    const key = text()
    if (key === '}') return Object.fromEntries(entries)
    if (key === undefined || text() !== ':') return undefined
    const valueToken = tokens.next()
    const value = valueToken && literalValue(source, valueToken)
    if (value === undefined) return undefined
    entries.push([key, value])
    const separator = text()
    if (separator === '}') return Object.fromEntries(entries)
    if (separator !== ',') return undefined
  }
}
