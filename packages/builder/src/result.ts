import type { BuildInput, BuildResult, BuildWarning, ModuleFormat } from './types.js'
import type { PackageModules } from './bundle/modules.js'
import type { BundleEntry, BundleOutcome } from './bundle/run.js'
import type { EntryPlan } from './entries.js'
import { isModulePath } from './format.js'
import type { ResolvedBuildOptions } from './options.js'
import type { PackageConfig } from './overrides.js'
import { processedPackageJson } from './package-json.js'

/** What {@link finish} needs from the build. */
export interface FinishState {
  input: BuildInput
  key: string
  resolved: ResolvedBuildOptions
  config: PackageConfig
  plan: EntryPlan
  modules: PackageModules
  entries: readonly BundleEntry[]
  usedPolyfills: ReadonlySet<string>
  log: string[]
}

type Bundled = Extract<BundleOutcome, { ok: true }>

/** Output files (modules, chunks, maps, assets, package.json) and the result, written to the cache. */
export async function finish(state: FinishState, bundled: Bundled, warnings: readonly BuildWarning[]): Promise<BuildResult> {
  const { input, resolved, plan, modules, entries, usedPolyfills, log } = state
  const out = new Map(bundled.files)
  for (const asset of plan.assets) {
    const bytes = modules.view.files.get(asset)
    if (bytes !== undefined && !out.has(asset)) out.set(asset, bytes)
  }
  const built = new Set(entries.map((e) => e.path))
  const exports = Object.fromEntries(Object.entries(plan.exports).filter(([, target]) => !isModulePath(target) || built.has(target.slice(2))))
  const polyfillDeps: Record<string, string> = {}
  for (const polyfill of [resolved.polyfills.process, resolved.polyfills.buffer]) {
    if (polyfill?.range !== undefined && usedPolyfills.has(polyfill.specifier)) polyfillDeps[polyfill.specifier] = polyfill.range
  }
  const packageJson = processedPackageJson(state.config.pkg, exports, [...out.keys(), 'package.json'], polyfillDeps)
  out.set('package.json', new TextEncoder().encode(`${JSON.stringify(packageJson, null, 2)}\n`))

  const entryFormats: Record<string, ModuleFormat> = {}
  for (const { path } of entries) {
    const kind = modules.kind(path)
    if (kind !== 'json' && kind !== 'asset') entryFormats[path] = kind
  }
  log.push(`entries: ${entries.length}${plan.inferred ? ' (inferred: the package has no "exports")' : ''}; chunks: ${bundled.chunks.length}; assets: ${plan.assets.length}`)
  if (usedPolyfills.size > 0) log.push(`polyfills imported: ${[...usedPolyfills].sort().join(', ')}`)
  const result: BuildResult = {
    pkg: input.pkg,
    key: state.key,
    conditions: resolved.conditions,
    files: new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    packageJson,
    entries: entryFormats,
    chunks: bundled.chunks,
    assets: plan.assets.filter((a) => out.has(a)),
    warnings: dedupe(warnings),
    log,
  }
  await resolved.cache?.set(state.key, result)
  return result
}

/**
 * Warnings once each, in a stable order (modules load in parallel): package-wide ones first,
 * then by file, line and column.
 */
function dedupe(warnings: readonly BuildWarning[]): BuildWarning[] {
  const seen = new Set<string>()
  const unique = warnings.filter((w) => {
    const id = `${w.code}\0${w.file ?? ''}\0${w.line ?? ''}\0${w.message}`
    if (seen.has(id)) return false
    seen.add(id)
    return true
  })
  const order = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0)
  return unique.sort((a, b) => order(a.file ?? '', b.file ?? '') || order(a.line ?? 0, b.line ?? 0) || order(a.column ?? 0, b.column ?? 0) || order(a.code, b.code) || order(a.message, b.message))
}
