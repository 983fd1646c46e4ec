import { builtinModules } from 'node:module'

/** The verdict on an npm package name, as `validate-npm-package-name` gives it. */
export interface PackageNameCheck {
  /** Problems that make the name invalid for any package. */
  errors: string[]
  /** Problems that old packages may have but new ones may not (capitals, length, `~'!()*`, core module names). */
  warnings: string[]
  validForNewPackages: boolean
  validForOldPackages: boolean
}

const MAX_LENGTH = 214
const RESERVED = ['node_modules', 'favicon.ico']
const SCOPED = /^(?:@([^/]+?)[/])?([^/]+?)$/

/** A name problem and whether it is only a "no longer allowed" rule (`legacy`) or a core-module clash. */
interface Problem {
  message: string
  kind: 'error' | 'legacy' | 'core-module'
}

function problems(name: string): Problem[] {
  const out: Problem[] = []
  const error = (message: string): number => out.push({ message, kind: 'error' })
  if (name.length === 0) error('name length must be greater than zero')
  if (name.startsWith('.')) error('name cannot start with a period')
  if (name.startsWith('_')) error('name cannot start with an underscore')
  if (name.trim() !== name) error('name cannot contain leading or trailing spaces')
  for (const reserved of RESERVED) if (name.toLowerCase() === reserved) error(`${reserved} is not a valid package name`)
  for (const builtin of builtinModules) {
    if (name.toLowerCase() === builtin) out.push({ message: `${builtin} is a core module name`, kind: 'core-module' })
  }
  if (name.length > MAX_LENGTH) out.push({ message: `name can no longer contain more than ${MAX_LENGTH} characters`, kind: 'legacy' })
  if (name.toLowerCase() !== name) out.push({ message: 'name can no longer contain capital letters', kind: 'legacy' })
  if (/[~'!()*]/.test(name.split('/').at(-1) ?? '')) {
    out.push({ message: 'name can no longer contain special characters ("~\'!()*")', kind: 'legacy' })
  }
  if (encodeURIComponent(name) !== name) {
    // A scoped name `@scope/name` is fine when both parts are URL-friendly.
    const m = SCOPED.exec(name)
    const urlSafe = (s: string | undefined): boolean => s !== undefined && encodeURIComponent(s) === s
    if (m === null || !urlSafe(m[1]) || !urlSafe(m[2])) error('name can only contain URL-friendly characters')
  }
  return out
}

/** npm's package name rules (`validate-npm-package-name`): errors for every package, warnings for new ones. */
export function validatePackageName(name: string): PackageNameCheck {
  const found = problems(name)
  const errors = found.filter((p) => p.kind === 'error').map((p) => p.message)
  const warnings = found.filter((p) => p.kind !== 'error').map((p) => p.message)
  return { errors, warnings, validForNewPackages: found.length === 0, validForOldPackages: errors.length === 0 }
}

/**
 * What is wrong with `name` as a package to install: npm's rules for new packages, except that a
 * core module name (`events`, `buffer`, `process`: browser polyfills on npm) is allowed.
 * Undefined when nothing is.
 */
export function installNameProblem(name: string): string | undefined {
  return problems(name).find((p) => p.kind !== 'core-module')?.message
}

/** What is wrong with a JSR package name (`@scope/name`, jsr.io's rules), or undefined. */
export function jsrNameProblem(name: string): string | undefined {
  const m = /^@([^/]*)\/([^/]*)$/.exec(name)
  if (m === null) return 'JSR packages are scoped: write jsr:@scope/name'
  return jsrPartProblem('scope', m[1] ?? '', 20) ?? jsrPartProblem('package', m[2] ?? '', 32)
}

function jsrPartProblem(part: 'scope' | 'package', value: string, max: number): string | undefined {
  if (value.length < 2) return `${part} name must be at least 2 characters long`
  if (value.length > max) return `${part} name must be at most ${max} characters long`
  if (!/^[a-z0-9-]+$/.test(value)) return `${part} name must contain only lowercase ascii alphanumeric characters and hyphens`
  if (value.startsWith('-') || value.endsWith('-')) return `${part} name must not start or end with a hyphen`
  if (value.includes('--')) return `${part} name must not contain double hyphens`
  return undefined
}

/** What is wrong with a GitHub `owner/repo`, or undefined. */
export function githubNameProblem(name: string): string | undefined {
  const [owner = '', repo, ...rest] = name.split('/')
  if (repo === undefined || rest.length > 0) return 'GitHub packages are written github:owner/repo'
  if (!/^[A-Za-z\d](?:[A-Za-z\d]|-(?=[A-Za-z\d])){0,38}$/.test(owner)) {
    return `"${owner}" is not a GitHub user or organisation name (letters, digits and single inner hyphens, at most 39)`
  }
  if (!/^[\w.-]{1,100}$/.test(repo) || repo === '.' || repo === '..') {
    return `"${repo}" is not a GitHub repository name (letters, digits, ".", "-" and "_", at most 100)`
  }
  return undefined
}

/** What is wrong with a deno.land/x module name, or undefined. */
export function denoNameProblem(name: string): string | undefined {
  return /^[a-z0-9_]{3,40}$/.test(name) ? undefined : 'deno.land/x module names have 3 to 40 lowercase letters, digits or underscores'
}
