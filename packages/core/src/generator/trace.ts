import { ImportMap } from '../importmap/index.js'
import { integrity } from '../sri.js'
import { traceGraph, type ModuleGraph } from '../trace/index.js'
import { loadModule, type ModuleCache } from './load.js'
import type { PackageInfos } from './packages.js'
import { resolveSpecifier, type Resolutions } from './resolve.js'
import type { Session } from './session.js'

/** The caches a Generator keeps across calls: package infos and module bytes. */
export interface GeneratorCaches {
  infos: PackageInfos
  modules: ModuleCache
}

export interface TraceResult {
  graph: ModuleGraph
  resolutions: Resolutions
  /** URL → SRI metadata for every traced module (empty without `integrity`). */
  integrity: Map<string, string>
}

/**
 * Traces the module graph from `roots` (bare specifiers or absolute URLs, resolved against the
 * map URL) and records every resolution the map needs.
 */
export async function traceRoots(session: Session, caches: GeneratorCaches, custom: ImportMap, roots: readonly string[]): Promise<TraceResult> {
  const { options } = session
  const resolutions: Resolutions = { imports: new Map(), scopes: new Map() }
  const state = { session, infos: caches.infos, resolutions, custom }
  const parentUrl = options.mapUrl.href
  const graph = await traceGraph(
    roots,
    {
      resolve: async (specifier, parent, info) => {
        if (specifier.startsWith('wasm:')) return null // WebAssembly builtins (js-string ...) are the engine's
        return resolveSpecifier(state, specifier, parent ?? parentUrl, info.parentFormat ?? 'esm')
      },
      load: async (url) => {
        const source = await loadModule(session, caches.modules, url)
        return source === undefined ? undefined : { source }
      },
    },
    { parentUrl, concurrency: options.concurrency, ignore: (specifier) => options.ignore.has(specifier), logger: session.log },
  )
  warnCommonJs(session, graph)
  const sri = new Map<string, string>()
  if (options.integrity) {
    for (const url of [...graph.staticDeps, ...graph.dynamicDeps]) {
      if (url.startsWith('data:')) continue
      const bytes = await loadModule(session, caches.modules, url)
      if (bytes) sri.set(url, integrity(bytes, options.integrity))
    }
  }
  return { graph, resolutions, integrity: sri }
}

/** CommonJS served by a raw-file CDN cannot run in a browser: say so once per module, with the fix. */
function warnCommonJs(session: Session, graph: ModuleGraph): void {
  for (const node of graph.nodes.values()) {
    if (node.format !== 'cjs') continue
    const owner = session.providers.byUrl(node.url)
    if (owner && owner.provider.kind === 'raw') {
      session.log('trace', `warning: ${node.url} is CommonJS, which browsers cannot load from ${owner.provider.name}. Fix: route ${owner.pkg.name} to a converting provider (providers: { "${owner.pkg.name}": "jspm.io" }) or use defaultProvider "auto".`)
    }
  }
}

/** Static and dynamic dependencies reachable from some of the graph's roots (for `extractMap` and per-call results). */
export function reachable(graph: ModuleGraph, roots: readonly string[]): { staticDeps: string[]; dynamicDeps: string[] } {
  const staticSet = new Set<string>()
  const queue: string[] = []
  for (const root of roots) {
    const url = graph.entries.get(root)
    if (url) queue.push(url)
  }
  while (queue.length) {
    const url = queue.shift()!
    if (staticSet.has(url)) continue
    staticSet.add(url)
    for (const dep of graph.nodes.get(url)?.staticDeps.values() ?? []) if (dep) queue.push(dep)
  }
  const dynamicSet = new Set<string>()
  const dyn: string[] = []
  for (const url of staticSet) for (const dep of graph.nodes.get(url)?.dynamicDeps.values() ?? []) if (dep && !staticSet.has(dep)) dyn.push(dep)
  while (dyn.length) {
    const url = dyn.shift()!
    if (dynamicSet.has(url) || staticSet.has(url)) continue
    dynamicSet.add(url)
    const node = graph.nodes.get(url)
    for (const dep of [...(node?.staticDeps.values() ?? []), ...(node?.dynamicDeps.values() ?? [])]) if (dep) dyn.push(dep)
  }
  const order = [...graph.staticDeps, ...graph.dynamicDeps]
  return { staticDeps: order.filter((u) => staticSet.has(u)), dynamicDeps: order.filter((u) => dynamicSet.has(u)) }
}

/** The map for a trace: top-level and scoped resolutions, the custom entries, integrity; flattened and combined as asked. */
export function buildMap(session: Session, custom: ImportMap, result: Pick<TraceResult, 'resolutions' | 'integrity'>): ImportMap {
  const { options } = session
  const map = new ImportMap({ mapUrl: options.mapUrl, rootUrl: options.rootUrl ?? null })
  map.extend(custom)
  const { imports, scopes } = result.resolutions
  for (const [specifier, url] of imports) map.set(specifier, url)
  for (const [scope, entries] of [...scopes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const [specifier, url] of entries) {
      // The top level already resolves it the same way: the scope entry would add nothing.
      if (map.tryResolve(specifier, scope) === url) continue
      map.set(specifier, url, scope)
    }
  }
  for (const [url, sri] of result.integrity) map.setIntegrity(url, sri)
  if (options.flattenScopes) map.flatten()
  if (options.combineSubpaths) map.combineSubpaths()
  return map
}
