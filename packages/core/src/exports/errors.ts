import { EsmapError } from '../errors.js'

/**
 * What one `exports` / `imports` resolution is about, so that every error can name the package,
 * the request and the active conditions.
 */
export interface ResolutionContext {
  /** The package's `name`, or a placeholder for a nameless package.json. */
  readonly pkgName: string
  /** The request being resolved: `.` / `./sub` for exports, `#name` for imports. */
  readonly request: string
  /** The conditions as the caller gave them (`default` always matches on top of them). */
  readonly conditions: readonly string[]
  /** True for PACKAGE_IMPORTS_RESOLVE, false for PACKAGE_EXPORTS_RESOLVE. */
  readonly isImports: boolean
}

/** The label used in messages for a package.json without a `name`. */
export const UNNAMED_PACKAGE = '<unnamed package>'

function field(ctx: ResolutionContext): '"imports"' | '"exports"' {
  return ctx.isImports ? '"imports"' : '"exports"'
}

function conditionList(ctx: ResolutionContext): string {
  return ctx.conditions.length === 0 ? 'default' : ctx.conditions.join(', ')
}

function specifier(ctx: ResolutionContext): string {
  if (ctx.isImports) return ctx.request
  return ctx.request === '.' ? ctx.pkgName : `${ctx.pkgName}${ctx.request.slice(1)}`
}

/** Node's ERR_PACKAGE_PATH_NOT_EXPORTED: no `exports` entry (or only `null`) for the subpath. */
export function exportsNotFound(ctx: ResolutionContext): EsmapError {
  const what = ctx.request === '.' ? 'No "exports" main entry is' : `Package subpath "${ctx.request}" is not`
  return new EsmapError(
    'ERR_PACKAGE_PATH_NOT_EXPORTED',
    `${what} defined by "exports" in package "${ctx.pkgName}" for the conditions [${conditionList(ctx)}]`,
    {
      specifier: specifier(ctx),
      fix: `import a subpath that "${ctx.pkgName}" exports, or add "${ctx.request}" to its "exports" (a package override)`,
    },
  )
}

/** Node's ERR_PACKAGE_IMPORT_NOT_DEFINED: no `imports` entry (or only `null`) for `#name`. */
export function importNotDefined(ctx: ResolutionContext): EsmapError {
  return new EsmapError(
    'ERR_PACKAGE_IMPORT_NOT_DEFINED',
    `Package import specifier "${ctx.request}" is not defined by "imports" in package "${ctx.pkgName}" for the conditions [${conditionList(ctx)}]`,
    { specifier: ctx.request, fix: `add "${ctx.request}" to the "imports" field of "${ctx.pkgName}"` },
  )
}

/** Node's ERR_INVALID_PACKAGE_TARGET: a target string that the algorithm rejects. */
export function invalidTarget(ctx: ResolutionContext, matchKey: string, target: unknown, reason: string): EsmapError {
  return new EsmapError(
    'ERR_INVALID_PACKAGE_TARGET',
    `Invalid ${field(ctx)} target ${JSON.stringify(target)} defined for "${matchKey}" in package "${ctx.pkgName}" resolving "${ctx.request}": ${reason}`,
    {
      specifier: specifier(ctx),
      fix: `correct the ${field(ctx)} entry "${matchKey}" of "${ctx.pkgName}" (a package override), or report it to the package author`,
    },
  )
}

/** Node's ERR_INVALID_MODULE_SPECIFIER: the request itself (or its pattern match) is not allowed. */
export function invalidSpecifier(ctx: ResolutionContext, reason: string): EsmapError {
  return new EsmapError(
    'ERR_INVALID_MODULE_SPECIFIER',
    `Invalid module specifier "${ctx.request}" for package "${ctx.pkgName}": ${reason}`,
    { specifier: specifier(ctx), fix: ctx.isImports ? 'import "#name" with a name that is not "#", does not start with "#/" and does not end with "/"' : 'request "." or a "./sub/path" without ".", ".." or "node_modules" segments' },
  )
}

/** Node's ERR_INVALID_PACKAGE_CONFIG: the `exports` / `imports` value itself is malformed. */
export function invalidConfig(ctx: ResolutionContext, reason: string): EsmapError {
  return new EsmapError(
    'ERR_INVALID_PACKAGE_CONFIG',
    `Invalid ${field(ctx)} in package "${ctx.pkgName}" resolving "${ctx.request}": ${reason}`,
    { specifier: specifier(ctx), fix: `correct the ${field(ctx)} field of "${ctx.pkgName}" (a package override), or report it to the package author` },
  )
}
