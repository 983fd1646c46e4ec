import { EsmapError } from '../errors.js'
import type { Subpath } from '../exports/exports.js'
import { parseRange } from '../semver/range.js'
import type { Registry } from '../types.js'
import { denoNameProblem, githubNameProblem, installNameProblem, jsrNameProblem } from './name.js'
import type { InstallTarget, InstallTargetInput } from './types.js'

const REGISTRIES: readonly Registry[] = ['npm', 'jsr', 'github', 'deno']
const URL_SCHEMES: readonly string[] = ['https', 'http', 'file', 'data']
const FORMS = 'write [registry:]name[@range][/subpath] (registries npm:, jsr:, github:, deno:), alias@npm:name[@range], a URL or a ./local/path'

/** What one target string says, before the object form's alias and subpaths are applied. */
type ParsedString = ParsedPackage | { kind: 'url'; url: string; subpath?: Subpath } | { kind: 'path'; path: string; subpath?: Subpath }

interface ParsedPackage {
  kind: 'package'
  alias: string
  registry: Registry
  name: string
  range: string
  unstable: boolean
  subpath?: Subpath
}

/** Throws the ESMAP_INVALID_TARGET error for the target being parsed. */
type Fail = (reason: string, fix?: string) => never

function failFor(written: string): Fail {
  return (reason, fix = FORMS) => {
    throw new EsmapError('ESMAP_INVALID_TARGET', `Invalid install target "${written}": ${reason}`, { specifier: written, fix })
  }
}

/** `.` or `./a/b`, rejecting empty, `.` and `..` segments and a trailing `/`. */
function toSubpath(text: string, invalid: Fail): Subpath {
  if (text === '.') return '.'
  const rest = text.startsWith('./') ? text.slice(2) : undefined
  if (rest === undefined) invalid(`the subpath "${text}" must be "." or start with "./"`, `write it as "./${text}"`)
  const segments = rest.split('/')
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    invalid(`the subpath "${text}" has an empty, "." or ".." segment`, 'name a file or export of the package, such as "./feature.js"')
  }
  return `./${rest}`
}

/** Where the package name of `spec` ends: `@scope/name` or `name` (npm, jsr, deno), `owner/repo` (github). */
function nameEnd(spec: string, registry: Registry): number {
  const slash = spec.indexOf('/')
  const secondPart = registry === 'github' || spec.startsWith('@') ? (slash === -1 ? spec.length : slash + 1) : 0
  const end = spec.slice(secondPart).search(/[@/]/)
  return end === -1 ? spec.length : secondPart + end
}

function nameProblem(registry: Registry, name: string): string | undefined {
  if (registry === 'jsr') return jsrNameProblem(name)
  if (registry === 'github') return githubNameProblem(name)
  if (registry === 'deno') return denoNameProblem(name)
  if (name.startsWith('@') && !name.includes('/')) return `"${name}" is a scope without a package name: write @scope/name`
  const problem = installNameProblem(name)
  return problem === undefined ? undefined : `package name "${name}" is invalid: ${problem}`
}

/** `name[@range][/subpath]` for one registry. */
function parsePackage(registry: Registry, spec: string, invalid: Fail): ParsedPackage {
  const end = nameEnd(spec, registry)
  const name = spec.slice(0, end)
  const problem = nameProblem(registry, name)
  if (problem !== undefined) invalid(problem, registry === 'npm' ? 'use the package name as published on npm (lowercase, URL-safe)' : FORMS)
  let rest = spec.slice(end)
  let range: string | undefined
  if (rest.startsWith('@')) {
    const slash = rest.indexOf('/')
    range = (slash === -1 ? rest.slice(1) : rest.slice(1, slash)).trim()
    rest = slash === -1 ? '' : rest.slice(slash)
    const parsed = parseRange(range)
    const validTag = registry === 'github' ? /^[^\s~^:?*[\\]+$/.test(range) : encodeURIComponent(range) === range
    if (range !== '' && parsed.kind === 'tag' && !validTag) {
      invalid(`"${range}" is neither a version range nor a ${registry === 'github' ? 'git ref' : 'dist-tag'}`, 'write a range such as "^1.2.0", ">=1 <3", "1.x", or a dist-tag such as "next"')
    }
  }
  const alias = registry === 'github' ? name.slice(name.indexOf('/') + 1) : name
  const parsed: ParsedPackage = { kind: 'package', alias, registry, name, range: range || '*', unstable: range === '' }
  return rest === '' ? parsed : { ...parsed, subpath: toSubpath(`.${rest}`, invalid) }
}

function parseString(text: string, invalid: Fail): ParsedString {
  if (text === '') invalid('it is empty')
  if (text === '.' || text === '..' || text.startsWith('./') || text.startsWith('../') || text.startsWith('/')) {
    return { kind: 'path', path: text }
  }
  const scheme = /^([a-zA-Z][a-zA-Z\d+.-]*):/.exec(text)?.[1]
  if (scheme !== undefined) {
    const lower = scheme.toLowerCase()
    if (REGISTRIES.includes(lower)) return parsePackage(lower, text.slice(scheme.length + 1), invalid)
    if (!URL_SCHEMES.includes(lower)) {
      invalid(`"${scheme}:" is not a registry (${REGISTRIES.map((r) => `${r}:`).join(', ')}) or a supported URL scheme (${URL_SCHEMES.map((s) => `${s}:`).join(', ')})`)
    }
    if (!URL.canParse(text)) invalid('it is not a valid URL', 'check the URL, or quote it if the shell split it')
    return { kind: 'url', url: text }
  }
  // `alias@npm:pkg@range`: an alias (a package name) for a package of a registry.
  const end = nameEnd(text, 'npm')
  const registry = /^@([a-z]+):/.exec(text.slice(end))?.[1]
  if (registry !== undefined) {
    if (!REGISTRIES.includes(registry)) invalid(`"${registry}:" is not a registry (${REGISTRIES.map((r) => `${r}:`).join(', ')})`)
    const alias = text.slice(0, end)
    const problem = installNameProblem(alias)
    if (problem !== undefined) invalid(`the alias "${alias}" is invalid: ${problem}`, 'an alias follows the npm package name rules')
    return { ...parsePackage(registry, text.slice(end + registry.length + 2), invalid), alias }
  }
  return parsePackage('npm', text, invalid)
}

/**
 * Parses an install target (see `InstallTarget` for the result):
 * `[registry:]name[@range][/subpath]` with registries `npm:` (default), `jsr:@scope/name`,
 * `github:owner/repo[@ref]`, `deno:`; npm aliases `alias@npm:pkg@range`; `pkg@` (the newest
 * version including prereleases); URLs (`https:`, `http:`, `file:`, `data:`); local paths (`./`,
 * `../`, `/`); or the object form `{ target, alias?, subpath?, subpaths? }`.
 *
 * Package names follow npm's rules for new packages (lowercase, URL-safe, no leading `.` or `_`,
 * at most 214 characters, `@scope/name`), except that core module names such as `buffer` are
 * allowed; JSR, GitHub and deno.land names follow theirs. Throws an EsmapError with code
 * `ESMAP_INVALID_TARGET` that says what is wrong.
 */
export function parseTarget(input: string | InstallTargetInput): InstallTarget {
  const spec: InstallTargetInput = typeof input === 'string' ? { target: input } : input
  const invalid = failFor(typeof spec.target === 'string' ? spec.target : String(spec.target))
  if (typeof spec.target !== 'string') invalid('the target must be a string')
  const parsed = parseString(spec.target.trim(), invalid)
  if (spec.subpath !== undefined && spec.subpaths !== undefined) invalid('give either subpath or subpaths, not both')
  const given = spec.subpath !== undefined ? [spec.subpath] : spec.subpaths
  if (given !== undefined && parsed.subpath !== undefined) {
    invalid(`the target already names the subpath "${parsed.subpath}"`, 'name the subpath once, in the target or in subpath/subpaths')
  }
  if (given !== undefined && given.length === 0) invalid('subpaths is empty', 'list at least one subpath, such as "."')
  const subpaths = [...new Set(given?.map((s) => toSubpath(s, invalid)) ?? [parsed.subpath ?? '.'])]
  let alias: string | undefined = parsed.kind === 'package' ? parsed.alias : undefined
  if (spec.alias !== undefined) {
    const problem = installNameProblem(spec.alias)
    if (problem !== undefined) invalid(`the alias "${spec.alias}" is invalid: ${problem}`, 'an alias follows the npm package name rules')
    alias = spec.alias
  }
  if (parsed.kind === 'url') return { kind: 'url', alias, url: parsed.url, subpaths }
  if (parsed.kind === 'path') return { kind: 'path', alias, path: parsed.path, subpaths }
  const target = { registry: parsed.registry, name: parsed.name, range: parsed.range }
  return { kind: 'package', alias: alias ?? parsed.alias, target, subpaths, unstable: parsed.unstable }
}
