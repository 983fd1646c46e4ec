import { EsmapError, type ErrorDetails } from '../errors.js'

/** How many URLs of an import chain a message shows before eliding the middle. */
const CHAIN_SHOWN = 8

/**
 * An error met while tracing one module, with the import chain that led to it: the URLs from an
 * entry to the module (for a resolve failure: to the importer). `code` is the cause's when the
 * cause is an EsmapError (`ERR_PACKAGE_PATH_NOT_EXPORTED` stays matchable), the walker's own
 * otherwise. The message names the failure, the chain and the fix.
 */
export class TraceError extends EsmapError {
  /** Entry first, failing module (or importer) last; empty when an entry specifier fails. */
  readonly chain: readonly string[]
  override readonly importer: string | undefined

  constructor(code: string, message: string, details: ErrorDetails & { chain: readonly string[] }) {
    const { chain, importer, ...rest } = details
    const chainLine = chain.length > 1 ? `\n  Import chain: ${formatChain(chain)}` : ''
    // The importer is named in `message` and in the chain, so it is not appended again.
    super(code, `${message}${chainLine}`, rest)
    this.name = 'TraceError'
    this.chain = chain
    this.importer = importer
  }
}

/** `a → b → c`, eliding the middle of long chains. */
export function formatChain(chain: readonly string[]): string {
  if (chain.length <= CHAIN_SHOWN) return chain.join(' → ')
  const head = chain.slice(0, 3)
  const tail = chain.slice(-(CHAIN_SHOWN - 4))
  return [...head, `… (${chain.length - head.length - tail.length} more)`, ...tail].join(' → ')
}

/**
 * The cause's message without its own importer and fix: an EsmapError's `reason` (all its lines,
 * such as a singleton conflict's list of who wants which range), else the first line.
 */
export function causeMessage(cause: unknown): string {
  if (cause instanceof EsmapError) return cause.reason
  const message = cause instanceof Error ? cause.message : String(cause)
  return message.split('\n')[0]!.replace(/ \(imported by [^)]*\)$/, '')
}

/** The code a wrapping TraceError keeps: the cause's EsmapError code, or `fallback`. */
export function causeCode(cause: unknown, fallback: string): string {
  return cause instanceof EsmapError ? cause.code : fallback
}

/** The cause's fix, when it has one. */
export function causeFix(cause: unknown): string | undefined {
  return cause instanceof EsmapError ? cause.fix : undefined
}
