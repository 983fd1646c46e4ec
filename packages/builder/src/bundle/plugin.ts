import type { OnLoadResult, OnResolveArgs, OnResolveResult, Plugin } from 'esbuild'
import { cjsFacade } from '../cjs/facade.js'
import { detectNamedExports, type ReexportTarget } from '../cjs/named-exports.js'
import { globalToCjs } from '../legacy/global.js'
import { resolveRequest, type ImportStyle } from '../resolve.js'
import { CHUNK_URL_MODULE, prepareModule, type PrepareContext } from '../transform/prepare.js'
import type { PackageModules } from './modules.js'

/**
 * The folder the package's files appear in to esbuild (`absWorkingDir` and `outdir`). Nothing
 * is read from or written to it: every path is resolved and loaded by the plugin, from memory.
 */
export const ROOT = '/__esmap_package__/'

/** Module ids the plugin gives its own modules (entry points, facades, interop). */
export const ID = {
  /** A package file as it is (`esmap-module:lib/x.js`). */
  module: 'esmap-module:',
  /** The ES module face of a CommonJS / AMD / global file. */
  facade: 'esmap-facade:',
  /** The entry that pulls modules reading `__filename`/`__dirname` into shared chunks. */
  location: 'esmap-location:',
  /** `import * as ns from '<specifier>'`, for a `require()` of another package. */
  namespace: 'esmap-ns:',
} as const

/** esbuild namespaces of the plugin's virtual modules. */
const NS = { facade: 'esmap-facade', require: 'esmap-require', namespace: 'esmap-ns', empty: 'esmap-empty', missing: 'esmap-missing', location: 'esmap-location', chunkUrl: 'esmap-chunk-url' } as const

export interface PluginContext {
  modules: PackageModules
  /** `name@version`. */
  label: string
  prepare: PrepareContext
  /** Modules to pin into shared chunks (they read `__filename` / `__dirname`); set before each build. */
  pinned: readonly string[]
  /** Filled in: polyfill specifiers some module imports. */
  usedPolyfills: Set<string>
}

const styleOf = (args: OnResolveArgs): ImportStyle => (args.kind === 'require-call' || args.kind === 'require-resolve' ? 'require' : 'import')

/** Where an import of a package module goes (see `resolveRequest` for the rules). */
function resolvePackageImport(ctx: PluginContext, args: OnResolveArgs): OnResolveResult {
  const { modules } = ctx
  if (args.path === CHUNK_URL_MODULE) return { path: 'url', namespace: NS.chunkUrl }
  // `require.resolve('x')` names a module without loading it: left as written (reference 002: not rewritten).
  if (args.kind === 'require-resolve') return { path: args.path, external: true }
  const importer = args.importer.slice(ROOT.length)
  const style = styleOf(args)
  const target = resolveRequest(modules.view, args.path, importer, style)
  switch (target.kind) {
    case 'file': {
      const kind = modules.kind(target.path)
      if (kind === 'asset') {
        ctx.prepare.warnings.push({
          code: 'ESMAP_ASSET_IMPORT',
          message: `${ctx.label}/${importer} imports "${args.path}" (${target.path}), which is not JavaScript or JSON; it is replaced by an empty module.`,
          file: importer,
        })
        return { path: 'empty', namespace: NS.empty }
      }
      // ESM and JSON are imported as they are; CommonJS is imported through its ES module face
      // (default = module.exports), and required as it is (inside the same CommonJS runtime).
      if (kind === 'esm' || kind === 'json' || style === 'require') return { path: ROOT + target.path, namespace: 'file' }
      return { path: target.path, namespace: NS.facade }
    }
    case 'external':
      return style === 'require' ? { path: target.specifier, namespace: NS.require } : { path: target.specifier, external: true }
    case 'empty':
      return { path: 'empty', namespace: NS.empty }
    case 'missing': {
      const message = `Cannot find "${args.path}" imported by ${ctx.label}/${importer}: ${target.why}.`
      if (style === 'import') return { errors: [{ text: message }] }
      // A CommonJS require of a missing file throws when it runs (it is often guarded by try/catch).
      ctx.prepare.warnings.push({ code: 'ESMAP_MODULE_NOT_FOUND', message: `${message} The require() throws when it runs.`, file: importer })
      return { path: message, namespace: NS.missing }
    }
  }
}

/** Where the plugin's own modules' imports go. Nothing ever falls through to esbuild's file system resolver. */
function resolveOwnId(args: OnResolveArgs): OnResolveResult {
  const { path } = args
  if (path.startsWith(ID.module)) return { path: ROOT + path.slice(ID.module.length), namespace: 'file' }
  if (path.startsWith(ID.facade)) return { path: path.slice(ID.facade.length), namespace: NS.facade }
  if (path.startsWith(ID.location)) return { path: 'location', namespace: NS.location }
  if (path.startsWith(ID.namespace)) return { path: path.slice(ID.namespace.length), namespace: NS.namespace }
  if (path === CHUNK_URL_MODULE) return { path: 'url', namespace: NS.chunkUrl }
  // Another package: the namespace module's import, or a facade's `export * from`.
  if (args.namespace === NS.namespace || args.namespace === NS.facade) return { path, external: true }
  return { errors: [{ text: `esmap: unexpected module id "${path}" imported by "${args.importer}"` }] }
}

/** The contents of a package file: JSON as JSON, global scripts run at global scope, modules prepared. */
async function loadFile(ctx: PluginContext, path: string): Promise<OnLoadResult> {
  const { modules } = ctx
  const kind = modules.kind(path)
  const source = modules.text(path)
  if (kind === 'json') return { contents: source, loader: 'json' }
  const shim = modules.shim(path)
  if (kind === 'global') return { contents: globalToCjs(source, `${ctx.label}/${path}`, shim ?? { deps: [], exports: undefined }), loader: 'js' }
  if (kind === 'asset') return { contents: 'module.exports = {};', loader: 'js' }
  const prepared = await prepareModule(source, path, kind, ctx.prepare)
  for (const polyfill of prepared.polyfills) ctx.usedPolyfills.add(polyfill)
  return { contents: prepared.contents, loader: 'js' }
}

/** The ES module face of a non-ESM file, with its named exports. */
async function loadFacade(ctx: PluginContext, path: string): Promise<OnLoadResult> {
  const { modules } = ctx
  const given = modules.namedExports[path]
  if (modules.kind(path) !== 'cjs') return { contents: cjsFacade(ID.module + path, given ?? []), loader: 'js' }
  const resolve = (specifier: string, importer: string): ReexportTarget => {
    const target = resolveRequest(modules.view, specifier, importer, 'require')
    if (target.kind === 'external') return { kind: 'external', specifier: target.specifier }
    if (target.kind === 'file' && modules.kind(target.path) === 'cjs') return { kind: 'cjs', path: target.path }
    return { kind: 'other' }
  }
  const { names, stars } = await detectNamedExports(path, {
    read: modules.text,
    resolve,
    overrides: modules.namedExports,
    nodeEnv: ctx.prepare.nodeEnv,
    warnings: ctx.prepare.warnings,
  })
  return { contents: cjsFacade(ID.module + path, names, stars), loader: 'js' }
}

/**
 * The esbuild plugin that serves one package from memory: package files in the `file`
 * namespace under {@link ROOT}, every import resolved by the package's own rules, other
 * packages left to the import map (a `require()` of one becomes a hoisted
 * `import * as ns` with default interop: `'default' in ns ? ns.default : ns`).
 */
export function packagePlugin(ctx: PluginContext): Plugin {
  return {
    name: 'esmap-package',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => (args.namespace === 'file' && args.kind !== 'entry-point' ? resolvePackageImport(ctx, args) : resolveOwnId(args)))

      build.onLoad({ filter: /.*/, namespace: 'file' }, (args) => loadFile(ctx, args.path.slice(ROOT.length)))
      build.onLoad({ filter: /.*/, namespace: NS.facade }, (args) => loadFacade(ctx, args.path))
      build.onLoad({ filter: /.*/, namespace: NS.require }, (args) => ({
        contents: `var ns = require(${JSON.stringify(ID.namespace + args.path)}).ns;\nmodule.exports = "default" in ns ? ns.default : ns;\n`,
        loader: 'js',
      }))
      build.onLoad({ filter: /.*/, namespace: NS.namespace }, (args) => ({
        // JSON has no namespace to speak of: a required JSON file is its value.
        contents: args.path.endsWith('.json')
          ? `import value from ${JSON.stringify(args.path)} with { type: "json" };\nexport var ns = { default: value };\n`
          : `import * as ns from ${JSON.stringify(args.path)};\nexport { ns };\n`,
        loader: 'js',
      }))
      build.onLoad({ filter: /.*/, namespace: NS.empty }, () => ({ contents: 'module.exports = {};\n', loader: 'js' }))
      build.onLoad({ filter: /.*/, namespace: NS.missing }, (args) => ({ contents: `throw new Error(${JSON.stringify(args.path)});\n`, loader: 'js' }))
      build.onLoad({ filter: /.*/, namespace: NS.location }, () => ({
        contents: [CHUNK_URL_MODULE, ...ctx.pinned.map((path) => ID.module + path)].map((id) => `import ${JSON.stringify(id)};`).join('\n'),
        loader: 'js',
      }))
      build.onLoad({ filter: /.*/, namespace: NS.chunkUrl }, () => ({ contents: 'export var url = import.meta.url;\n', loader: 'js' }))
    },
  }
}
