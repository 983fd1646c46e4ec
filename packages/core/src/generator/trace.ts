import type { ImportMap } from '../importmap/index.js'
import { integrity } from '../sri.js'
import { createLimiter } from '../trace/limiter.js'
import { causeCode, causeFix, causeMessage, TraceError } from '../trace/trace-error.js'
import { traceGraph, type ModuleGraph } from '../trace/index.js'
import { loadModule, type ModuleCache } from './load.js'
import type { PackageInfos } from './packages.js'
import { createResolveState, isStale, type ResolveState, type Resolutions } from './resolve-state.js'
import { resolveSpecifier } from './resolve.js'
import { rootKey, type Root } from './roots.js'
import type { Session } from './session.js'

/** What a Generator keeps across calls, so that tracing again costs no I/O: package infos, module bytes, SRI. */
export interface GeneratorCaches {
  infos: PackageInfos
  modules: ModuleCache
  /** `algorithm url` → SRI metadata. */
  integrity: Map<string, string>
  /** Trace warnings already logged: tracing again does not repeat them. */
  warned: Set<string>
}

export function createCaches(): GeneratorCaches {
  return { infos: new Map(), modules: new Map(), integrity: new Map(), warned: new Set() }
}

export interface TraceResult {
  graph: ModuleGraph
  /** Root key (`rootKey`) → the URL it resolved to (`null`: not traced: ignored, or a custom mapping). */
  roots: Map<string, string | null>
  resolutions: Resolutions
  /** URL → SRI metadata for every traced module (empty unless `algorithm` was given). */
  integrity: Map<string, string>
  /** The key of every installed package the trace reached. */
  reached: Set<string>
}

/**
 * Traces the module graph from `roots` and records every resolution the map needs. Roots are
 * resolved first (an error names the root and its parent), then the graph is walked with every
 * module loaded once and installer decisions taken level by level (`DecisionQueue`).
 * `algorithm` adds the SRI of every module reached, static and dynamic.
 */
export async function traceRoots(session: Session, caches: GeneratorCaches, custom: ImportMap, roots: readonly Root[], algorithm: false | 'sha256' | 'sha384' | 'sha512'): Promise<TraceResult> {
  // A decision may move an edge an earlier level already used (upgrade shared): trace again, with
  // every edge now decided, until nothing moves (each pass only moves edges up, so this ends).
  for (let pass = 1; ; pass++) {
    const state = createResolveState(session, caches.infos, custom)
    const result = await traceOnce(state, caches, roots, algorithm)
    if (!isStale(state) || pass === MAX_PASSES) return result
    session.log('trace', `versions moved while tracing (upgrade shared): tracing again (pass ${pass + 1})`)
  }
}

const MAX_PASSES = 4

async function traceOnce(state: ResolveState, caches: GeneratorCaches, roots: readonly Root[], algorithm: false | 'sha256' | 'sha384' | 'sha512'): Promise<TraceResult> {
  const { session } = state
  const { decisions } = state
  const { options } = session
  const limit = createLimiter(options.concurrency)
  try {
    const resolved = await Promise.all(roots.map((root) => decisions.active(() => resolveRoot(state, root))))
    const entryUrls = [...new Set(resolved.filter((url): url is string => url !== null))]
    const graph = await traceGraph(
      entryUrls,
      {
        resolve: (specifier, parent, info) => {
          if (info.form === 'entry') return Promise.resolve(specifier)
          // WebAssembly builtins (`wasm:js-string`) belong to the engine.
          if (specifier.startsWith('wasm:')) return Promise.resolve(null)
          return decisions.active(() => resolveSpecifier(state, specifier, parent!, info.parentFormat ?? 'esm'))
        },
        load: (url) => decisions.active(() => limit(() => loadModule(session, caches.modules, url))).then((source) => (source === undefined ? undefined : { source })),
        cached: (url, kind) => session.analyses.cached(url, kind),
        analyzed: (url, kind, analysis, source) => session.analyses.analyzed(url, kind, analysis, source, algorithm),
      },
      {
        concurrency: Number.MAX_SAFE_INTEGER,
        ignore: (specifier) => options.ignore.has(specifier),
        logger: (type, message) => {
          if (caches.warned.has(message)) return
          caches.warned.add(message)
          session.log(type, message)
        },
      },
    )
    const sri = algorithm ? await integrityOf(session, caches, [...graph.staticDeps, ...graph.dynamicDeps], algorithm) : new Map<string, string>()
    await session.analyses.flush()
    // Cache writes run in the background; the trace ends when they are on disk.
    await session.fetcher.flush()
    // What was unpacked and not read is not kept between traces (it is unpacked again if needed).
    session.registry.npm.releaseUnpacked()
    return { graph, roots: new Map(roots.map((root, i) => [rootKey(root), resolved[i] ?? null])), resolutions: state.resolutions, integrity: sri, reached: state.reached }
  } finally {
    decisions.close()
  }
}

/** A root: its URL, recorded in the map as any import is (an error names the root and what it was resolved from). */
async function resolveRoot(state: ResolveState, root: Root): Promise<string | null> {
  try {
    return await resolveSpecifier(state, root.specifier, root.parentUrl, 'esm')
  } catch (err) {
    throw new TraceError(causeCode(err, 'ESMAP_RESOLVE_FAILED'), `Could not resolve entry "${root.specifier}" from ${root.parentUrl}: ${causeMessage(err)}`, {
      specifier: root.specifier,
      importer: root.parentUrl,
      chain: [],
      cause: err,
      fix: causeFix(err),
    })
  }
}

/** SRI metadata of the bytes each module is served with (`data:` URLs need none). */
export async function integrityOf(session: Session, caches: GeneratorCaches, urls: readonly string[], algorithm: 'sha256' | 'sha384' | 'sha512'): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  await Promise.all(
    urls.map(async (url) => {
      if (url.startsWith('data:')) return
      const key = `${algorithm} ${url}`
      let value = caches.integrity.get(key) ?? (await session.analyses.integrity(url, algorithm))
      if (value === undefined) {
        const bytes = await loadModule(session, caches.modules, url)
        if (bytes === undefined) return
        value = integrity(bytes, algorithm)
        session.analyses.addIntegrity(url, algorithm, value)
      }
      caches.integrity.set(key, value)
      out.set(url, value)
    }),
  )
  return new Map(urls.flatMap((url) => (out.has(url) ? [[url, out.get(url)!] as const] : [])))
}

/** Static and dynamic dependencies reachable from some root URLs, in the graph's order. */
export function reachable(graph: ModuleGraph, rootUrls: Iterable<string | null>): { staticDeps: string[]; dynamicDeps: string[] } {
  // Breadth-first in each module's own import order: the same order on every run, whatever order
  // the network answered in, with the modules nearest the page first (the preload order).
  const walk = (starts: readonly string[], seen: ReadonlySet<string>, edges: (url: string) => Iterable<string | null>): string[] => {
    const found = new Set<string>()
    const queue = starts.filter((url) => graph.nodes.has(url) && !seen.has(url))
    for (let i = 0; i < queue.length; i++) {
      const url = queue[i]!
      if (found.has(url)) continue
      found.add(url)
      for (const dep of edges(url)) if (dep && !found.has(dep) && !seen.has(dep) && graph.nodes.has(dep)) queue.push(dep)
    }
    return [...found]
  }
  const node = (url: string) => graph.nodes.get(url)
  const staticDeps = walk([...rootUrls].filter((u): u is string => u !== null), new Set(), (url) => node(url)?.staticDeps.values() ?? [])
  const staticSet = new Set(staticDeps)
  const dynamicStarts = staticDeps.flatMap((url) => [...(node(url)?.dynamicDeps.values() ?? [])].filter((u): u is string => u !== null))
  const dynamicDeps = walk(dynamicStarts, staticSet, (url) => [...(node(url)?.staticDeps.values() ?? []), ...(node(url)?.dynamicDeps.values() ?? [])])
  return { staticDeps, dynamicDeps }
}
