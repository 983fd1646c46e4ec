import { EsmapError, isEsmapError, type ErrorDetails } from '@esmap/core'

/**
 * Bad usage: an unknown command or flag, a bad flag value, or bad input found before any work is
 * done (a broken map file, an unknown provider, an invalid target, an unwritable output). The
 * CLI exits with 2 for these and 1 for everything else.
 */
export class UsageError extends EsmapError {
  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(code, message, details)
    this.name = 'UsageError'
  }

  /** The same error (code, message, details) as bad usage. */
  static from(err: { code: string; message: string; specifier?: string; importer?: string; fix?: string }): UsageError {
    const usage = new UsageError(err.code, err.message, { specifier: err.specifier, importer: err.importer, cause: err })
    // The message already names the importer and the fix; keep it exactly as it was.
    usage.message = err.message
    Object.defineProperty(usage, 'fix', { value: err.fix })
    return usage
  }
}

/** The exit code for an error: 2 for bad usage, 1 for a resolution or verification failure. */
export function exitCodeOf(err: unknown): 1 | 2 {
  return err instanceof UsageError ? 2 : 1
}

/** Runs a validation step: whatever it throws is bad input, reported as usage (exit code 2). */
export async function validating<T>(step: () => T | Promise<T>): Promise<T> {
  try {
    return await step()
  } catch (err) {
    if (err instanceof UsageError) throw err
    if (isEsmapError(err)) throw UsageError.from(err)
    throw err
  }
}

/** `{ error: { code, message, ... } }`, the `--json` form of a failure. */
export interface ErrorJson {
  error: { code: string; message: string; specifier?: string; importer?: string; fix?: string }
}

/** The `--json` form of any error: esmap's own keep their code and details, others get `ESMAP_CLI_INTERNAL`. */
export function errorJson(err: unknown): ErrorJson {
  if (err instanceof Error) {
    const e = err as Error & { code?: unknown; specifier?: string; importer?: string; fix?: string }
    const code = typeof e.code === 'string' ? e.code : 'ESMAP_CLI_INTERNAL'
    const error: ErrorJson['error'] = { code, message: e.message }
    if (e.specifier !== undefined) error.specifier = e.specifier
    if (e.importer !== undefined) error.importer = e.importer
    if (e.fix !== undefined) error.fix = e.fix
    return { error }
  }
  return { error: { code: 'ESMAP_CLI_INTERNAL', message: String(err) } }
}
