import { EsmapError, isEsmapError } from '../errors.js'
import { resolveBrowserMap, resolveImports, resolvePackageEntry } from '../exports/index.js'
import type { InstalledPackage } from '../install/index.js'
import { isLocal } from '../install/package-key.js'
import type { ImportMap } from '../importmap/index.js'
import type { ModuleFormat } from '../trace/index.js'
import { conditionsFor } from './options.js'
import { packageInfo, type PackageInfo, type PackageInfos } from './packages.js'
import type { Session } from './session.js'

/** What resolving records: the top-level `imports` and, per package base URL, its scope. */
export interface Resolutions {
  imports: Map<string, string>
  scopes: Map<string, Map<string, string>>
}

/** The state one trace resolves against. */
export interface ResolveState {
  session: Session
  infos: PackageInfos
  resolutions: Resolutions
  /** Entries of the input map that no provider owns (custom mappings): they win over installs. */
  custom: ImportMap
}

/** The module a `browser: false` remap or an empty `exports` target stands for. */
export const emptyModuleUrl = 'data:text/javascript,export%20default%20%7B%7D'

/** `@scope/name/sub` → [`@scope/name`, `./sub`]; `name` → [`name`, `.`]. */
export function splitSpecifier(specifier: string): [name: string, subpath: string] {
  const parts = specifier.split('/')
  const n = specifier.startsWith('@') ? 2 : 1
  const name = parts.slice(0, n).join('/')
  const rest = parts.slice(n).join('/')
  return [name, rest === '' ? '.' : `./${rest}`]
}

const isUrlLike = (s: string): boolean => /^[a-zA-Z][a-zA-Z\d+.-]*:/.test(s)
const isRelative = (s: string): boolean => s.startsWith('./') || s.startsWith('../') || s.startsWith('/') || s === '.' || s === '..'

/** The installed package a module URL belongs to, if any. */
async function ownerOf(state: ResolveState, url: string): Promise<PackageInfo | undefined> {
  const owner = state.session.providers.byUrl(url)
  if (owner) return packageInfo(state.session, state.infos, owner.pkg)
  // Local folder packages (from `resolutions`) are known by their base URL.
  for (const info of state.infos.values()) {
    const resolved = await info
    if (isLocal(resolved.pkg) && url.startsWith(resolved.baseUrl)) return resolved
  }
  return undefined
}

function record(state: ResolveState, owner: PackageInfo | undefined, specifier: string, url: string): void {
  const { imports, scopes } = state.resolutions
  if (!owner) {
    imports.set(specifier, url)
    return
  }
  let scope = scopes.get(owner.baseUrl)
  if (!scope) scopes.set(owner.baseUrl, (scope = new Map()))
  scope.set(specifier, url)
}

/** Which version of `name` code in `owner` (or the app, when undefined) gets. */
async function choosePackage(state: ResolveState, owner: PackageInfo | undefined, name: string, parentUrl: string): Promise<InstalledPackage> {
  const { installer, providers, ctx } = state.session
  const route = providers.route({ registry: 'npm', name })
  if (!route.auto && route.provider.kind === 'local') {
    // node_modules: Node's own lookup from the importing file decides, as it would at run time.
    const found = await route.provider.resolveLatestTarget({ registry: 'npm', name, range: '*' }, true, route.layer, parentUrl, ctx)
    if (!found) {
      throw new EsmapError('ESMAP_PACKAGE_NOT_FOUND', `Cannot find package "${name}" in node_modules`, {
        specifier: name,
        importer: parentUrl,
        fix: `Install it (npm install ${name}) or route it to a CDN provider.`,
      })
    }
    return found
  }
  if (owner) {
    if (owner.config.name === name) return owner.pkg // self-reference
    return installer.resolveDependency(owner.pkg, name)
  }
  // installPrimary applies resolutions first, then keeps the lock's version while its range allows it.
  return installer.installPrimary(name)
}

function withImporter(err: unknown, specifier: string, parentUrl: string, fix: string): never {
  if (isEsmapError(err) && err.importer) throw err
  if (err instanceof EsmapError) throw new EsmapError(err.code, err.reason, { specifier, importer: parentUrl, fix: err.fix ?? fix, cause: err.cause })
  const message = err instanceof Error ? err.message : String(err)
  const code = isEsmapError(err) ? err.code : 'ESMAP_RESOLVE_FAILED'
  throw new EsmapError(code, message, { specifier, importer: parentUrl, fix, cause: err })
}

/** A subpath of an installed package → the URL of its file. */
async function resolveInPackage(state: ResolveState, info: PackageInfo, subpath: string, specifier: string, parentUrl: string, format: ModuleFormat): Promise<string> {
  const conditions = conditionsFor(state.session.options.env, format === 'cjs' ? 'cjs' : 'esm')
  let entry
  try {
    entry = resolvePackageEntry(info.config, subpath, conditions, info.files)
  } catch (err) {
    withImporter(err, specifier, parentUrl, `Import a subpath that ${info.config.name ?? 'the package'} exports (see its package.json "exports"), or add the conditions it needs to env.`)
  }
  if (entry === undefined) {
    throw new EsmapError('ESMAP_MODULE_NOT_FOUND', `"${specifier}" does not exist in ${info.config.name ?? info.baseUrl}${info.config.version ? `@${info.config.version}` : ''}`, {
      specifier,
      importer: parentUrl,
      fix: 'Check the subpath and the installed version.',
    })
  }
  if (entry === null) return emptyModuleUrl
  if (entry.startsWith('./')) return info.baseUrl + entry.slice(2)
  // The browser field sends this subpath to another package.
  return (await resolveSpecifier(state, entry, info.baseUrl, format)) ?? emptyModuleUrl
}

/**
 * Resolves one import of a module the way the generated map will: relative and URL imports
 * against their parent; `#imports` through the parent package; bare specifiers through the
 * installer (versions) and the package's exports (files). Bare resolutions are recorded into
 * the top level (for the app's modules and the entries) or the parent package's scope.
 * `null`: ignored, left as the input map has it.
 */
export async function resolveSpecifier(state: ResolveState, specifier: string, parentUrl: string, format: ModuleFormat): Promise<string | null> {
  const { options } = state.session
  if (options.ignore.has(specifier)) return null
  const owner = isRelative(specifier) || isUrlLike(specifier) ? undefined : await ownerOf(state, parentUrl)

  if (isUrlLike(specifier) || isRelative(specifier)) {
    const url = new URL(specifier, parentUrl).href
    const fileOwner = options.env.includes('browser') ? await ownerOf(state, parentUrl) : undefined
    if (fileOwner && url.startsWith(fileOwner.baseUrl) && typeof fileOwner.config.browser === 'object') {
      const mapped = resolveBrowserMap(fileOwner.config, `./${url.slice(fileOwner.baseUrl.length)}`)
      if (mapped === null) return emptyModuleUrl
      if (mapped?.startsWith('./')) return fileOwner.baseUrl + mapped.slice(2)
    }
    return url
  }

  if (specifier.startsWith('#')) {
    if (!owner) {
      throw new EsmapError('ERR_PACKAGE_IMPORT_NOT_DEFINED', `"${specifier}" is a package import, but ${parentUrl} is not inside an installed package`, {
        specifier,
        importer: parentUrl,
        fix: 'Map it in the input map, or import the module by a relative path.',
      })
    }
    let target: string
    try {
      target = resolveImports(owner.config, specifier, conditionsFor(options.env, format === 'cjs' ? 'cjs' : 'esm'))
    } catch (err) {
      withImporter(err, specifier, parentUrl, `Define "${specifier}" in the "imports" of ${owner.config.name ?? owner.baseUrl}.`)
    }
    if (target.startsWith('./')) return owner.baseUrl + target.slice(2)
    return resolveSpecifier(state, target, owner.baseUrl, format)
  }

  // Custom mappings of the input map (not owned by any provider) win, at the top level.
  if (!owner) {
    const custom = state.custom.tryResolve(specifier, parentUrl)
    if (custom !== undefined) {
      state.resolutions.imports.set(specifier, custom)
      return custom
    }
  }
  if (owner && typeof owner.config.browser === 'object' && options.env.includes('browser')) {
    const mapped = resolveBrowserMap(owner.config, specifier)
    if (mapped === null) {
      record(state, owner, specifier, emptyModuleUrl)
      return emptyModuleUrl
    }
    if (mapped !== undefined && mapped !== specifier) {
      const url = mapped.startsWith('./') ? owner.baseUrl + mapped.slice(2) : await resolveSpecifier(state, mapped, parentUrl, format)
      if (url !== null) record(state, owner, specifier, url)
      return url
    }
  }

  const [name, subpath] = splitSpecifier(specifier)
  let pkg: InstalledPackage
  try {
    pkg = await choosePackage(state, owner, name, parentUrl)
  } catch (err) {
    withImporter(err, specifier, parentUrl, owner ? `Add "${name}" to the dependencies of ${owner.config.name ?? owner.baseUrl}, or set it in resolutions.` : `Install "${name}" or check its name.`)
  }
  const info = await packageInfo(state.session, state.infos, pkg)
  const url = await resolveInPackage(state, info, subpath, specifier, parentUrl, format)
  record(state, owner, specifier, url)
  return url
}
