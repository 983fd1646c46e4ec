import { EsmapError, type PackageFiles } from '@esmap/core'
import { packageModules, type PackageModules } from './bundle/modules.js'
import { packagePlugin, type PluginContext } from './bundle/plugin.js'
import { runBundle, type BundleEntry, type BundleMessage } from './bundle/run.js'
import { planEntries } from './entries.js'
import { selectFiles } from './file-set.js'
import { isModulePath } from './format.js'
import { buildKey } from './key.js'
import { resolveBuildOptions, type ResolvedBuildOptions } from './options.js'
import { resolvePackageConfig, selectOverride, stripDot, type PackageConfig, type Shim } from './overrides.js'
import { finish, type FinishState } from './result.js'
import { probe, type PackageView } from './resolve.js'
import { assertSafeIdentity, assertSafePackage } from './safe-path.js'
import { freeGlobals } from './transform/free-globals.js'
import { BUFFER_BINDING, PROCESS_BINDING, type PrepareContext } from './transform/prepare.js'
import type { BuildInput, BuildOptions, BuildResult, BuildWarning } from './types.js'

/** The first of `_chunks`, `_chunks1`, ... that no package file is under. */
function chunkFolder(files: PackageFiles): string {
  for (let n = 0; ; n++) {
    const dir = n === 0 ? '_chunks' : `_chunks${n}`
    if (![...files.keys()].some((path) => path.startsWith(`${dir}/`))) return dir
  }
}

/** Shim keys (`some/global`, extension optional) → the files they name; unknown keys are reported. */
function shimFiles(label: string, config: PackageConfig, files: PackageFiles, warnings: BuildWarning[]): Map<string, Shim> {
  const out = new Map<string, Shim>()
  for (const [key, shim] of Object.entries(config.shim)) {
    const file = probe(files, stripDot(key))
    if (file === undefined) warnings.push({ code: 'ESMAP_SHIM_NOT_FOUND', message: `The shim "${key}" of ${label} names no file of the package; it is ignored.` })
    else out.set(file, shim)
  }
  return out
}

/** Module files that read `__filename` / `__dirname` (those the entries reach are pinned into shared chunks, whose location is known). */
async function locationUsers(modules: PackageModules, nodeEnv: string | undefined): Promise<string[]> {
  const out: string[] = []
  for (const path of [...modules.view.files.keys()].sort()) {
    if (!isModulePath(path)) continue
    const source = modules.text(path)
    if (!source.includes('__filename') && !source.includes('__dirname')) continue
    const kind = modules.kind(path)
    if (kind === 'global' || kind === 'asset' || kind === 'json') continue
    const free = await freeGlobals(source, kind !== 'esm', nodeEnv)
    if (free.has('__filename') || free.has('__dirname')) out.push(path)
  }
  return out
}

/** The esbuild `define`s: `global`, `NODE_ENV`, and the polyfilled globals (only modules that declare them read them). */
function defines(options: ResolvedBuildOptions): Record<string, string> {
  const define: Record<string, string> = { global: 'globalThis' }
  if (options.nodeEnv !== undefined) define['process.env.NODE_ENV'] = JSON.stringify(options.nodeEnv)
  if (options.polyfills.process !== undefined) define.process = PROCESS_BINDING
  if (options.polyfills.buffer !== undefined) define.Buffer = BUFFER_BINDING
  return define
}

function describe(errors: readonly BundleMessage[]): string {
  const shown = errors.slice(0, 5).map((e) => `  ${e.file ?? '?'}${e.line === undefined ? '' : `:${e.line}:${e.column ?? 0}`}: ${e.text}`)
  return [...shown, ...(errors.length > 5 ? [`  ... and ${errors.length - 5} more`] : [])].join('\n')
}

/** Package paths of the modules esbuild's messages are about (virtual ids stripped of their prefix). */
const errorFiles = (errors: readonly BundleMessage[]): Set<string> => new Set(errors.flatMap((e) => (e.file === undefined ? [] : [e.file.replace(/^esmap-[a-z]+:/, '')])))

/**
 * Builds one package version into browser ES modules, the way reference 002 describes the CDN's
 * package interpretation; see the README for every rule. Throws ESMAP_UNSAFE_PATH,
 * ESMAP_INVALID_OVERRIDE, ESMAP_INVALID_OPTION and ESMAP_BUILD_FAILED.
 */
export async function buildPackage(input: BuildInput, options: BuildOptions = {}): Promise<BuildResult> {
  const resolved = resolveBuildOptions(options)
  const { name, version } = input.pkg
  assertSafeIdentity(name, version)
  const label = `${name}@${version}`
  const key = buildKey(input.pkg, options)
  const cached = await resolved.cache?.get(key)
  if (cached !== undefined) return cached

  const warnings: BuildWarning[] = []
  const log: string[] = []
  const config = resolvePackageConfig(label, input.packageJson, selectOverride(resolved.overrides, name, version))
  assertSafePackage(label, config.pkg, input.files)
  const files = selectFiles(input.files, config)
  if (config.lib !== undefined) log.push(`directories.lib: the package is the folder "${config.lib}" (${files.size} files)`)
  if (resolved.conditions.includes('production') && resolved.conditions.includes('development')) {
    warnings.push({ code: 'ESMAP_CONFLICTING_CONDITIONS', message: `Both "production" and "development" are set for ${label}; NODE_ENV is "production".` })
  }

  const view: PackageView = { label, pkg: config.pkg, files, conditions: resolved.conditions, map: config.map }
  const modules = packageModules(view, config, shimFiles(label, config, files, warnings))
  const plan = planEntries(config.pkg, new Set(files.keys()), resolved.conditions)
  const chunkDir = chunkFolder(files)
  const prepare: PrepareContext = {
    label,
    nodeEnv: resolved.nodeEnv,
    polyfills: { process: resolved.polyfills.process?.specifier, buffer: resolved.polyfills.buffer?.specifier },
    chunkDir,
    warnings,
  }
  const users = await locationUsers(modules, resolved.nodeEnv)
  const usedPolyfills = new Set<string>()
  const pluginContext: PluginContext = { modules, label, prepare, pinned: [], usedPolyfills }
  const plugin = packagePlugin(pluginContext)

  let entries: BundleEntry[] = plan.modules.map((path) => ({ path, face: modules.kind(path) === 'esm' ? 'module' : 'facade' }))
  const mainFile = plan.exports['.']?.slice(2)
  const skipped: BuildWarning[] = []
  const before = warnings.length
  for (;;) {
    // Each attempt reports afresh what its modules do.
    warnings.splice(before)
    usedPolyfills.clear()
    const outcome = await runBundle({ entries, chunkDir, pinned: pluginContext.pinned, minify: resolved.minify, sourcemap: resolved.sourcemap, define: defines(resolved), plugin })
    if (outcome.ok) {
      // Modules that read `__filename` / `__dirname` compute it from the URL of a shared chunk:
      // when one landed in an entry file, build again with them pinned into chunks.
      const inGraph = users.filter((path) => outcome.placement.has(path))
      const misplaced = inGraph.filter((path) => !(outcome.placement.get(path) ?? '').startsWith(`${chunkDir}/`))
      if (misplaced.length > 0) {
        if (misplaced.every((path) => pluginContext.pinned.includes(path))) throw new EsmapError('ESMAP_BUILD_FAILED', `Could not place ${misplaced.join(', ')} of ${label} in a shared chunk, where __filename/__dirname are computed from.`, {
            specifier: label,
            fix: 'Report this with the package name and version; meanwhile a "map" or "browser" override can replace the module.',
          })
        pluginContext.pinned = [...new Set([...pluginContext.pinned, ...inGraph])].sort()
        continue
      }
      const state: FinishState = { input, key, resolved, config, plan, modules, entries, usedPolyfills, log }
      return finish(state, outcome, [...warnings, ...skipped, ...outcome.warnings])
    }
    // Inferred entry points (no `exports`) that do not build are dropped, the main entry never.
    const failing = errorFiles(outcome.errors)
    const dropped = plan.inferred ? entries.filter((e) => failing.has(e.path) && e.path !== mainFile) : []
    if (dropped.length === 0) {
      throw new EsmapError('ESMAP_BUILD_FAILED', `Could not build ${label}:\n${describe(outcome.errors)}`, {
        specifier: label,
        fix: 'Fix the package configuration with an override (exports, format, map, files/ignore), or use a version that builds.',
      })
    }
    for (const entry of dropped) {
      const own = outcome.errors.filter((e) => errorFiles([e]).has(entry.path))
      skipped.push({ code: 'ESMAP_ENTRY_SKIPPED', message: `${label}/${entry.path} does not build and is left out of the inferred exports:\n${describe(own)}`, file: entry.path })
    }
    entries = entries.filter((e) => !dropped.includes(e))
  }
}
