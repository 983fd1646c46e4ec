import { isEsmapError, parseTarget, type ImportMapJson, type InstallTargetInput } from '@esmap/core'
import type { GenerateArgs } from './args.js'

/** The limits `/generate` checks before it starts. */
export interface ArgLimits {
  maxInstalls: number
}

/** Schemes an input map may name: remote modules (never fetched unless on an allowed origin) and inline ones. */
const MAP_SCHEMES = new Set(['http:', 'https:', 'data:'])

/**
 * Why an address of the input map is refused, or `undefined`. Addresses must be absolute
 * `http(s):` or `data:` URLs: a relative URL has no page to resolve against here, and a `file:`
 * URL would name this server's own disk.
 */
function addressProblem(where: string, value: unknown): string | undefined {
  if (value === null) return undefined
  if (typeof value !== 'string') return `${where} must be a URL string or null`
  const url = URL.canParse(value) ? new URL(value) : undefined
  if (!url) return `${where} is ${JSON.stringify(value)}, which is not an absolute URL (this API has no page URL to resolve relative ones against)`
  if (!MAP_SCHEMES.has(url.protocol)) return `${where} is a ${url.protocol} URL; only http:, https: and data: URLs are accepted`
  return undefined
}

function specifierMapProblem(where: string, map: unknown): string | undefined {
  if (typeof map !== 'object' || map === null || Array.isArray(map)) return `${where} must be an object`
  for (const [key, value] of Object.entries(map)) {
    if (/^(?:\.{0,2}\/)/.test(key)) return `${where} has the relative key ${JSON.stringify(key)}; use bare specifiers or absolute URLs`
    const problem = addressProblem(`${where}[${JSON.stringify(key)}]`, value)
    if (problem) return problem
  }
  return undefined
}

/** Why the input map is refused, or `undefined`. */
export function inputMapProblem(map: ImportMapJson): string | undefined {
  const extra = Object.keys(map).filter((k) => !['imports', 'scopes', 'integrity'].includes(k))
  if (extra.length > 0) return `inputMap has the unknown key ${JSON.stringify(extra[0])}; an import map has imports, scopes and integrity`
  if (map.imports !== undefined) {
    const problem = specifierMapProblem('inputMap.imports', map.imports)
    if (problem) return problem
  }
  if (map.scopes !== undefined) {
    if (typeof map.scopes !== 'object' || map.scopes === null || Array.isArray(map.scopes)) return 'inputMap.scopes must be an object'
    for (const [scope, entries] of Object.entries(map.scopes)) {
      const problem = addressProblem(`the scope ${JSON.stringify(scope)} of inputMap.scopes`, scope) ?? specifierMapProblem(`inputMap.scopes[${JSON.stringify(scope)}]`, entries)
      if (problem) return problem
    }
  }
  if (map.integrity !== undefined) {
    if (typeof map.integrity !== 'object' || map.integrity === null || Array.isArray(map.integrity)) return 'inputMap.integrity must be an object'
    for (const [url, value] of Object.entries(map.integrity)) {
      const problem = addressProblem(`the integrity key ${JSON.stringify(url)}`, url)
      if (problem) return problem
      if (typeof value !== 'string') return `inputMap.integrity[${JSON.stringify(url)}] must be a string`
    }
  }
  return undefined
}

/** Why an install target is refused: only npm packages are installed (no URLs, folders or other registries). */
export function installProblem(target: string | InstallTargetInput, index: number): string | undefined {
  let parsed
  try {
    parsed = parseTarget(target)
  } catch (err) {
    if (isEsmapError(err)) return `install[${index}]: ${err.message}`
    throw err
  }
  const written = typeof target === 'string' ? target : target.target
  if (parsed.kind !== 'package') return `install[${index}] ${JSON.stringify(written)} is a ${parsed.kind === 'url' ? 'URL' : 'local path'}; this server installs npm packages only (name@range/subpath)`
  if (parsed.target.registry !== 'npm') return `install[${index}] ${JSON.stringify(written)} is a ${parsed.target.registry}: package; this server installs npm packages only`
  return undefined
}

/** Why the arguments are refused (a 400), or `undefined`. */
export function argsProblem(args: GenerateArgs, limits: ArgLimits): string | undefined {
  if (args.install.length === 0 && Object.keys(args.inputMap?.imports ?? {}).length === 0) {
    return 'Nothing to generate: give "install", a list of package targets such as ["lit@^3"] (or an inputMap with imports to reinstall)'
  }
  if (args.install.length > limits.maxInstalls) {
    return `"install" lists ${args.install.length} targets; this server accepts at most ${limits.maxInstalls} per request`
  }
  for (const [i, target] of args.install.entries()) {
    const problem = installProblem(target, i)
    if (problem) return problem
  }
  if (args.env.length > 32) return `"env" lists ${args.env.length} conditions; at most 32 are accepted`
  return args.inputMap === undefined ? undefined : inputMapProblem(args.inputMap)
}
