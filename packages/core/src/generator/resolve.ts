import { isBuiltin } from 'node:module'
import { pathToFileURL } from 'node:url'
import { isEsmapError } from '../errors.js'
import { resolveImports, resolvePackageEntry } from '../exports/index.js'
import { isLocal, packageKey, type InstalledPackage } from '../install/index.js'
import { inlineTarget } from '../install/spec.js'
import { decodePath } from '../providers/url-layout.js'
import type { ModuleFormat } from '../trace/index.js'
import { remapFile } from './file-remap.js'
import { importsOutsidePackage, nodeBuiltin, notInNodeModules, subpathNotFound } from './messages.js'
import { conditionsFor } from './options.js'
import type { PackageInfo } from './packages.js'
import { prefetchDependency } from './prefetch.js'
import { ownerOf, reach, record, type ResolveState } from './resolve-state.js'
import { parseBare, specifierKind } from './specifier.js'

/** The module a `browser: false` remap or a `null` exports target stands for. */
export const emptyModuleUrl = 'data:text/javascript,export%20default%20%7B%7D'

/**
 * Resolves one import the way the generated map will make browsers resolve it, and records the
 * map entries that takes (see `record`):
 * - relative and URL imports load the URL itself, unless the importer's package remaps the file
 *   (`browser` field, CommonJS probing): then the URL gets a scope entry;
 * - `#name` goes through the importer's package `imports` (or the project's);
 * - bare specifiers go through the installer (which version) and the package's `exports`, `main`
 *   and `browser` fields (which file). Top-level custom mappings of the input map win, untraced.
 * `null`: not traced (ignored, or a custom mapping kept as the input map has it).
 */
export async function resolveSpecifier(state: ResolveState, specifier: string, parentUrl: string, format: ModuleFormat): Promise<string | null> {
  if (state.session.options.ignore.has(specifier)) return null
  switch (specifierKind(specifier)) {
    case 'relative':
      return resolveFile(state, new URL(specifier, parentUrl).href, parentUrl, format)
    case 'url':
      return resolveUrl(state, specifier, parentUrl, format)
    case 'imports':
      return resolvePackageImport(state, specifier, parentUrl, format)
    case 'bare': {
      const owner = await ownerOf(state, parentUrl)
      if (!owner && state.custom.tryResolve(specifier, parentUrl) !== undefined) return null
      const url = await resolveBare(state, owner, specifier, parentUrl, format)
      record(state, owner, specifier, url)
      return url
    }
  }
}

async function resolveUrl(state: ResolveState, specifier: string, parentUrl: string, format: ModuleFormat): Promise<string | null> {
  const url = new URL(specifier)
  // The input map may map URL-like specifiers too (`node:fs` to a polyfill).
  const custom = state.custom.tryResolve(specifier, parentUrl)
  if (custom !== undefined && custom !== url.href) return null
  if (url.protocol === 'node:') throw nodeBuiltin(specifier, parentUrl)
  return resolveFile(state, url.href, parentUrl, format)
}

/** A file URL inside the importer's package may be remapped; the URL then gets an entry in its scope. */
async function resolveFile(state: ResolveState, url: string, parentUrl: string, format: ModuleFormat): Promise<string> {
  const owner = await ownerOf(state, parentUrl)
  if (!owner || !url.startsWith(owner.baseUrl)) return url
  const { options } = state.session
  // Percent-decoded, as package.json fields write paths (as it is when malformed).
  const rest = url.slice(owner.baseUrl.length).replace(/[?#].*$/, '')
  const path = `./${decodePath(rest) ?? rest}`
  const target = remapFile(owner.config, owner.files, path, { browser: options.env.includes('browser'), commonjs: format === 'cjs' })
  const mapped =
    target.kind === 'empty' ? emptyModuleUrl : target.kind === 'bare' ? await resolveBare(state, owner, target.specifier, parentUrl, format) : target.path === path ? url : fileUrl(owner, target.path)
  if (mapped !== url) record(state, owner, url, mapped)
  return mapped
}

/** `#name`: the importer's package `imports` (the project's, for the app's own modules). */
async function resolvePackageImport(state: ResolveState, specifier: string, parentUrl: string, format: ModuleFormat): Promise<string> {
  const owner = await ownerOf(state, parentUrl)
  const project = owner ? undefined : projectPackage(state, parentUrl)
  const scope = owner ?? project
  if (!scope) throw importsOutsidePackage(specifier, parentUrl)
  const target = resolveImports(scope.config, specifier, conditionsFor(state.session.options.env, format === 'cjs' ? 'cjs' : 'esm'))
  const url = target.startsWith('./') ? new URL(target, scope.baseUrl).href : await resolveBare(state, owner, target, parentUrl, format)
  record(state, owner, specifier, url)
  return url
}

/** The project's package.json (the `packageJson` option) for modules under the project folder. */
function projectPackage(state: ResolveState, parentUrl: string): Pick<PackageInfo, 'config' | 'baseUrl'> | undefined {
  const { packageJson, cwd } = state.session.options
  const baseUrl = pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`).href
  return packageJson && parentUrl.startsWith(baseUrl) ? { config: packageJson, baseUrl } : undefined
}

/** A bare specifier, from code in `owner` (or the app's, when undefined), without recording it. */
async function resolveBare(state: ResolveState, owner: PackageInfo | undefined, specifier: string, parentUrl: string, format: ModuleFormat, depth = 0): Promise<string> {
  const { options } = state.session
  // The importer's `browser` field may replace a package it imports (`"fs": false`, `"ws": "isomorphic-ws"`).
  if (owner && options.env.includes('browser') && depth < 8) {
    const target = remapFile(owner.config, undefined, specifier, { browser: true, commonjs: false })
    if (target.kind === 'empty') return emptyModuleUrl
    if (target.kind === 'file' && target.path !== specifier) return fileUrl(owner, target.path)
    if (target.kind === 'bare' && target.specifier !== specifier) return resolveBare(state, owner, target.specifier, parentUrl, format, depth + 1)
  }
  const { alias, subpath } = parseBare(specifier)
  // The project's own modules may import the project by name (Node's self-reference, through "exports").
  const project = owner ? undefined : projectPackage(state, parentUrl)
  if (project?.config.name === alias && project.config.exports !== undefined) {
    const entry = resolvePackageEntry(project.config, subpath, conditionsFor(options.env, format === 'cjs' ? 'cjs' : 'esm'))
    if (typeof entry === 'string' && entry.startsWith('./')) return fileUrl(project, entry)
    throw subpathNotFound(specifier, `the project ${alias}`, parentUrl)
  }
  const pkg = await choosePackage(state, owner, alias, parentUrl)
  const info = await reach(state, pkg)
  return resolveInPackage(state, info, subpath, specifier, parentUrl, format, depth)
}

/** Which copy of `alias` code in `owner` (or the app) gets: node_modules lookup, self-reference, or the installer. */
async function choosePackage(state: ResolveState, owner: PackageInfo | undefined, alias: string, parentUrl: string): Promise<InstalledPackage> {
  const { installer, providers, ctx } = state.session
  const inline = inlineTarget(alias)
  const routed = inline && !isLocal(inline) ? inline : { registry: 'npm', name: alias }
  const route = providers.route(routed)
  if (!route.auto && route.provider.kind === 'local') {
    // node_modules: Node's lookup from the importing file decides, as it would at run time.
    const found = await route.provider.resolveLatestTarget({ ...routed, range: '*' }, true, route.layer, parentUrl, ctx)
    if (!found) throw notInNodeModules(routed.name, parentUrl)
    return found
  }
  // Node's self-reference: a package with `exports` may import itself by name.
  if (owner && owner.config.name === alias && owner.config.exports !== undefined) return owner.pkg
  const scope = owner ? packageKey(owner.pkg) : ''
  return state.decisions.decide(
    `${scope}\0${alias}`,
    () => prefetchDependency(state.session, owner, alias),
    async () => {
      try {
        const pkg = await (owner ? installer.resolveDependency(owner.pkg, alias) : installer.installPrimary(alias))
        state.chosen.push({ parent: owner?.pkg ?? null, alias, pkg })
        return pkg
      } catch (err) {
        // `fs`, `path`, ...: not a package the importer forgot, a Node builtin (npm packages of those names are installed when declared).
        if (isBuiltin(alias) && (isEsmapError(err, 'ESMAP_UNDECLARED_DEPENDENCY') || isEsmapError(err, 'ESMAP_PACKAGE_NOT_FOUND'))) throw nodeBuiltin(alias, parentUrl, err)
        // A package that imports what it forgot to declare still runs in a browser when the app
        // installs that package at the top level: the import map falls back to `imports`. Say so.
        const top = owner && isEsmapError(err, 'ESMAP_UNDECLARED_DEPENDENCY') ? installer.get(null, alias) : undefined
        if (top) {
          state.session.log('install', `warning: ${packageKey(owner!.pkg)} imports "${alias}" without declaring it; it gets the top-level ${packageKey(top)}. Fix: ask its maintainers to add "${alias}" to its dependencies, or pin it with resolutions.`)
          state.chosen.push({ parent: owner!.pkg, alias, pkg: top })
          return top
        }
        throw err
      }
    },
  )
}

/** A subpath of an installed package → the URL of its file (or of what its `browser` field puts there). */
async function resolveInPackage(state: ResolveState, info: PackageInfo, subpath: string, specifier: string, parentUrl: string, format: ModuleFormat, depth: number): Promise<string> {
  const conditions = conditionsFor(state.session.options.env, format === 'cjs' ? 'cjs' : 'esm')
  const entry = resolvePackageEntry(info.config, subpath, conditions, info.files)
  if (entry === undefined) throw subpathNotFound(specifier, packageLabel(info), parentUrl)
  if (entry === null) return emptyModuleUrl
  if (entry.startsWith('./')) return fileUrl(info, entry)
  // The browser field sends this file to another package.
  return resolveBare(state, info, entry, info.baseUrl, format, depth + 1)
}

function fileUrl(info: Pick<PackageInfo, 'baseUrl'>, path: string): string {
  return new URL(path, info.baseUrl).href
}

function packageLabel(info: PackageInfo): string {
  if (!isLocal(info.pkg) && info.pkg.registry !== 'node_modules') return `${info.pkg.registry}:${info.pkg.name}@${info.pkg.version}`
  return `${info.config.name ?? 'the package'} at ${info.baseUrl}`
}
