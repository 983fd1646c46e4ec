import type { PackageJson, Registry } from '../types.js'
import type { DependencyTarget } from './types.js'

/** The package.json fields that declare dependencies, in the order a name is looked up. */
export type DependencyField = 'dependencies' | 'optionalDependencies' | 'peerDependencies' | 'devDependencies'

/** Where a package declares a dependency, and the spec string it gives. */
export interface Declaration {
  field: DependencyField
  spec: string
}

/**
 * The declaration of `name` in `pjson`: `dependencies`, then `optionalDependencies`, then
 * `peerDependencies` (so a name that is both a dependency and a peer is a plain dependency, as
 * for npm), then `devDependencies` when `dev` (only the top-level project). `undefined` when the
 * package does not declare it.
 */
export function findDeclaration(pjson: PackageJson, name: string, dev: boolean): Declaration | undefined {
  const fields: DependencyField[] = ['dependencies', 'optionalDependencies', 'peerDependencies']
  if (dev) fields.push('devDependencies')
  for (const field of fields) {
    const deps = pjson[field]
    if (deps !== undefined && Object.hasOwn(deps, name) && typeof deps[name] === 'string') return { field, spec: deps[name] }
  }
  return undefined
}

const REGISTRY_SPEC = /^(npm|jsr|deno):((?:@[^/@\s]+\/)?[^/@\s]+)(?:@(.*))?$/
const FOLDER_PREFIX = /^(?:file|link):/
const RELATIVE = /^\.{0,2}\//
const TARBALL = /\.(?:tgz|tar\.gz|tar)$/
const UNSUPPORTED = /^(?:git\+|git:|github:|gitlab:|bitbucket:|gist:|workspace:|catalog:|portal:|patch:)/

/**
 * What a dependency spec asks for, read as npm reads a package.json value:
 * - `^1.2.0`, `1`, `*`, `''`, `next`: a range or dist-tag of `alias` on `defaultRegistry`.
 * - `npm:preact@^10`, `jsr:@std/path@1`: another package (`*` when no range is given).
 * - `file:../pkg`, `link:../pkg`, `./pkg`, `../pkg`, `/pkg`: a folder relative to `base`;
 *   `file:///…`, `http(s)://…`: a folder URL.
 * `undefined` for what cannot be installed from a registry or a folder (git, tarballs,
 * `workspace:`, `user/repo`), and for a relative folder without `base`.
 */
export function parseDependencySpec(
  alias: string,
  spec: string,
  defaultRegistry: Registry,
  base: string | undefined,
): DependencyTarget | undefined {
  const trimmed = spec.trim()
  if (UNSUPPORTED.test(trimmed)) return undefined
  const registry = REGISTRY_SPEC.exec(trimmed)
  if (registry) return { registry: registry[1]!, name: registry[2]!, range: registry[3]?.trim() || '*' }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return TARBALL.test(trimmed) ? undefined : folder(trimmed, undefined)
  if (FOLDER_PREFIX.test(trimmed)) return folder(trimmed.replace(FOLDER_PREFIX, ''), base)
  if (RELATIVE.test(trimmed)) return folder(trimmed, base)
  // `user/repo` is npm's GitHub shorthand.
  if (trimmed.includes('/')) return undefined
  return { registry: defaultRegistry, name: alias, range: trimmed === '' ? '*' : trimmed }
}

/**
 * The target an inline registry specifier names, as JSR and Deno modules import their
 * dependencies (`jsr:@std/path@^1`, `npm:preact@10`): the range travels with the import, so
 * no package.json declares it. `undefined` for any other alias (`react`, `@scope/pkg`).
 */
export function inlineTarget(alias: string): DependencyTarget | undefined {
  if (!/^(?:npm|jsr):/.test(alias)) return undefined
  return parseDependencySpec(alias, alias, 'npm', undefined)
}

function folder(path: string, base: string | undefined): DependencyTarget | undefined {
  if (TARBALL.test(path) || !URL.canParse(path, base)) return undefined
  const href = new URL(path, base).href
  return { url: href.endsWith('/') ? href : `${href}/` }
}
