import type { ErrorDetails } from '../errors.js'
import type { Resolution } from './resolve.js'

export type ImportMapErrorCode =
  /** The map is not valid JSON, or a section is not a JSON object (the spec's TypeError). */
  | 'ESMAP_IMPORT_MAP_INVALID'
  /** A bare specifier that no entry maps. */
  | 'ESMAP_UNMAPPED_SPECIFIER'
  /** The entry that matched maps to `null` (written so, or an invalid address). */
  | 'ESMAP_IMPORT_MAP_BLOCKED'
  /** A prefix match whose remainder fails to parse against its address or backtracks above it. */
  | 'ESMAP_IMPORT_MAP_BACKTRACKING'
  /** An edit with an empty specifier, an address that is not a URL, or an unparseable scope. */
  | 'ESMAP_IMPORT_MAP_INVALID_ENTRY'
  /** A parent URL that is not an absolute URL. */
  | 'ESMAP_INVALID_PARENT_URL'
  /** A map URL or root URL that is not an absolute URL. */
  | 'ESMAP_INVALID_MAP_URL'

/**
 * The errors of import map parsing, resolution and editing. A `TypeError`, as the HTML spec
 * throws, with the same fields and message layout as `EsmapError`: a stable `code`, the
 * specifier, the importer and the fix.
 */
export class ImportMapError extends TypeError {
  readonly code: ImportMapErrorCode
  readonly specifier: string | undefined
  readonly importer: string | undefined
  readonly fix: string | undefined

  constructor(code: ImportMapErrorCode, message: string, details: ErrorDetails = {}) {
    const where = details.importer ? ` (imported by ${details.importer})` : ''
    const fix = details.fix ? `\n  Fix: ${details.fix}` : ''
    super(`${message}${where}${fix}`, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'ImportMapError'
    this.code = code
    this.specifier = details.specifier
    this.importer = details.importer
    this.fix = details.fix
  }
}

/** True when `err` is an ImportMapError with the given code. */
export function isImportMapError(err: unknown, code?: ImportMapErrorCode): err is ImportMapError {
  return err instanceof ImportMapError && (code === undefined || err.code === code)
}

/** `null`, `an array`, `a number`… for messages about JSON values of the wrong type. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}

/** The spec's parse-time TypeError, naming the map's URL and what is wrong. */
export function invalidImportMap(mapUrl: string, problem: string, fix: string, cause?: unknown): ImportMapError {
  return new ImportMapError('ESMAP_IMPORT_MAP_INVALID', `Invalid import map at ${mapUrl}: ${problem}`, { fix, cause })
}

/** An edit that cannot be applied: `set`, `delete`, `setIntegrity` with invalid arguments. */
export function invalidEntry(problem: string, fix: string, specifier?: string): ImportMapError {
  return new ImportMapError('ESMAP_IMPORT_MAP_INVALID_ENTRY', problem, { specifier, fix })
}

/** The TypeError for a failed resolution, naming the specifier, the parent and the entry involved. */
export function resolutionError(failure: Extract<Resolution, { ok: false }>, specifier: string, parent: string): ImportMapError {
  const details = { specifier, importer: parent }
  const entry = failure.entry
  const where = entry === null ? '' : entry.scope === null ? ' in "imports"' : ` in the scope "${entry.scope}"`
  switch (failure.reason) {
    case 'unmapped':
      return new ImportMapError('ESMAP_UNMAPPED_SPECIFIER', `Unmapped bare specifier "${specifier}": no import map entry matches it`, {
        ...details,
        fix: `add "${specifier}" (or a prefix of it ending in "/") to the import map's "imports", or to a scope that covers ${parent}.`,
      })
    case 'blocked':
      return new ImportMapError('ESMAP_IMPORT_MAP_BLOCKED', `Import of "${specifier}" is blocked: the import map entry "${entry?.key}"${where} is null`, {
        ...details,
        fix: `map "${entry?.key}" to a valid URL (one ending in "/" when the key does), or remove the entry.`,
      })
    case 'unresolvable':
      return new ImportMapError('ESMAP_IMPORT_MAP_BACKTRACKING', `Import of "${specifier}" is blocked: its path after "${entry?.key}"${where} does not resolve against the address ${entry?.target}`, {
        ...details,
        fix: `map "${entry?.key}" to a hierarchical URL (http:, https:, file:), or add an exact entry for "${specifier}".`,
      })
    case 'backtracking':
      return new ImportMapError('ESMAP_IMPORT_MAP_BACKTRACKING', `Import of "${specifier}" is blocked: it backtracks above ${entry?.target}, the address of "${entry?.key}"${where}`, {
        ...details,
        fix: `import a path inside "${entry?.key}", or add an entry for "${specifier}".`,
      })
  }
}
