/** What an error is about: the specifier, the module that imported it, and how to fix it. */
export interface ErrorDetails {
  specifier?: string
  importer?: string
  fix?: string
  cause?: unknown
}

/**
 * Every error esmap raises on purpose. `code` is stable (Node's codes where Node defines one,
 * such as `ERR_PACKAGE_PATH_NOT_EXPORTED`; `ESMAP_*` otherwise). The message names the specifier,
 * the importer and the fix, so it reads well on its own in a bundler's or the CLI's output.
 */
export class EsmapError extends Error {
  readonly code: string
  readonly specifier: string | undefined
  readonly importer: string | undefined
  readonly fix: string | undefined
  /** The message without the importer and the fix, for wrapping. */
  readonly reason: string

  constructor(code: string, message: string, details: ErrorDetails = {}) {
    const where = details.importer ? ` (imported by ${details.importer})` : ''
    const fix = details.fix ? `\n  Fix: ${details.fix}` : ''
    super(`${message}${where}${fix}`, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'EsmapError'
    this.code = code
    this.specifier = details.specifier
    this.importer = details.importer
    this.fix = details.fix
    this.reason = message
  }
}

/**
 * True when `err` is one of esmap's errors (an EsmapError, or a TypeError subclass such as the
 * import map's, which the spec requires to be a TypeError) with the given code.
 */
export function isEsmapError(err: unknown, code?: string): err is EsmapError {
  const actual: unknown = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined
  if (typeof actual !== 'string') return false
  const ours = err instanceof EsmapError || actual.startsWith('ESMAP_')
  return ours && (code === undefined || actual === code)
}
