import { analyzeModule, initAnalyzer } from './analyze.js'
import { classifyReach } from './classify.js'
import type { LoadedModule, ModuleGraph, ModuleNode, TraceHooks, TraceOptions } from './graph-types.js'
import { createLimiter } from './limiter.js'
import { PARSE_ERROR } from './parse-error.js'
import { causeCode, causeFix, causeMessage, TraceError } from './trace-error.js'
import type { ModuleAnalysis, ModuleImport, ModuleKind, NonLiteralImport } from './types.js'

export const RESOLVE_FAILED = 'ESMAP_RESOLVE_FAILED'
export const LOAD_FAILED = 'ESMAP_LOAD_FAILED'
export const MODULE_NOT_FOUND = 'ESMAP_MODULE_NOT_FOUND'

/**
 * Walks the module graph from `entries` (specifiers, resolved against `options.parentUrl`),
 * with all I/O done by `hooks`. Each URL is loaded and analysed once, whatever the number of
 * importers or cycles; `resolve` is called once per specifier and import kind (static or
 * dynamic) in each module. At most `concurrency` hook calls run at once. Only edges are kept,
 * never analyses or (unless `keepSources`) sources, so graphs of thousands of modules stay small.
 *
 * Errors are TraceErrors naming the specifier, the importer and the import chain from an entry;
 * by default the first one rejects, with `continueOnError` all are collected in `errors`.
 * Computed specifiers are collected in `nonLiteral` and logged as warnings.
 */
export async function traceGraph(entries: readonly string[], hooks: TraceHooks, options: TraceOptions = {}): Promise<ModuleGraph> {
  await initAnalyzer()
  const { parentUrl, continueOnError = false, keepSources = false, logger } = options
  const ignore = options.ignore ?? ((): boolean => false)
  const limit = createLimiter(options.concurrency ?? 32)
  const graph: ModuleGraph = { entries: new Map(), nodes: new Map(), staticDeps: [], dynamicDeps: [], nonLiteral: [], errors: [], warnings: [] }
  // Each discovered URL → the module that first imported it (undefined for entries): the chain.
  const parents = new Map<string, string | undefined>()
  const entryTargets: (string | null | undefined)[] = []

  let failure: TraceError | undefined
  let pending = 0
  let settle!: () => void
  const done = new Promise<void>((resolve) => (settle = resolve))
  const stopped = new Error('trace stopped after an earlier error')

  const fail = (error: TraceError): void => {
    if (continueOnError) graph.errors.push(error)
    else if (!failure) {
      failure = error
      settle()
    }
  }
  const warn = (message: string): void => {
    graph.warnings.push({ type: 'trace', message })
    logger?.('trace', message)
  }
  /** A hook call under the concurrency limit; refused once the walk has failed. */
  const call = <T>(hook: () => Promise<T>): Promise<T> => limit(() => (failure ? Promise.reject(stopped) : hook()))
  const spawn = (task: () => Promise<void>): void => {
    pending++
    task()
      .catch((err: unknown) => fail(new TraceError('ESMAP_TRACE_FAILED', `Tracing failed: ${causeMessage(err)}`, { cause: err, chain: [] })))
      .finally(() => {
        if (--pending === 0) settle()
      })
  }
  const chainTo = (url: string): string[] => {
    const chain: string[] = []
    for (let at: string | undefined = url; at !== undefined; at = parents.get(at)) chain.push(at)
    return chain.reverse()
  }

  const visit = (url: string, parent: string | undefined, attributes: ModuleImport['attributes']): void => {
    if (parents.has(url)) return
    parents.set(url, parent)
    spawn(() => traceModule(url, attributes))
  }

  const traceModule = async (url: string, attributes: ModuleImport['attributes']): Promise<void> => {
    // Built only on failure: walking the chain for every module would cost O(depth) each.
    const context = (): { specifier: string; importer: string | undefined; chain: string[] } =>
      ({ specifier: url, importer: parents.get(url), chain: chainTo(url) })
    const hintedKind = kindFromAttributes(attributes)
    let analysis: ModuleAnalysis | undefined
    let source: LoadedModule['source'] | undefined
    try {
      analysis = hooks.cached && (await call(() => hooks.cached!(url, hintedKind)))
      if (!analysis) {
        const loaded = await call(() => hooks.load(url, attributes ? { attributes } : {}))
        if (failure) return
        if (loaded === undefined) {
          fail(new TraceError(MODULE_NOT_FOUND, `Module not found: ${url}`, {
            ...context(),
            fix: 'Check that the file is published in the package (package.json "files") and that the importer\'s specifier is right, or leave the specifier out with `ignore`.',
          }))
          return
        }
        source = loaded.source
        try {
          analysis = analyzeModule(loaded.source, { url, kind: loaded.kind ?? hintedKind })
        } catch (err) {
          fail(new TraceError(causeCode(err, PARSE_ERROR), causeMessage(err), { ...context(), cause: err, fix: causeFix(err) }))
          return
        }
        if (loaded.kind === undefined) hooks.analyzed?.(url, hintedKind, analysis, loaded.source)
      }
    } catch (err) {
      if (err !== stopped) fail(new TraceError(causeCode(err, LOAD_FAILED), `Could not load ${url}: ${causeMessage(err)}`, { ...context(), cause: err, fix: causeFix(err) }))
      return
    }
    if (failure) return
    const node: ModuleNode = { url, kind: analysis.kind, format: analysis.format, reach: 'static', staticDeps: new Map(), dynamicDeps: new Map() }
    if (keepSources) node.source = source ?? (await call(() => hooks.load(url, attributes ? { attributes } : {})))?.source
    graph.nodes.set(url, node)
    for (const entry of analysis.nonLiteral) {
      graph.nonLiteral.push(entry)
      warn(nonLiteralWarning(entry))
    }
    const edges: Promise<void>[] = []
    for (const dep of analysis.imports) {
      const deps = dep.dynamic ? node.dynamicDeps : node.staticDeps
      if (deps.has(dep.specifier)) continue
      // Set now so the maps keep source order; the resolved URL replaces the null.
      deps.set(dep.specifier, null)
      if (!ignore(dep.specifier, url)) edges.push(traceEdge(node, deps, dep))
    }
    await Promise.all(edges)
  }

  const traceEdge = async (node: ModuleNode, deps: Map<string, string | null>, dep: ModuleImport): Promise<void> => {
    const info = { form: dep.form, dynamic: dep.dynamic, parentFormat: node.format, ...(dep.attributes && { attributes: dep.attributes }) }
    let target: string | null
    try {
      target = (await call(() => hooks.resolve(dep.specifier, node.url, info))) ?? null
    } catch (err) {
      if (err === stopped) return
      deps.delete(dep.specifier)
      const at = dep.line === undefined ? '' : `:${dep.line}:${dep.column}`
      fail(new TraceError(causeCode(err, RESOLVE_FAILED), `Could not resolve "${dep.specifier}" from ${node.url}${at}: ${causeMessage(err)}`, {
        specifier: dep.specifier,
        importer: node.url,
        chain: chainTo(node.url),
        cause: err,
        fix: causeFix(err),
      }))
      return
    }
    deps.set(dep.specifier, target)
    if (target !== null) visit(target, node.url, dep.attributes)
  }

  entries.forEach((specifier, index) => spawn(async () => {
    if (ignore(specifier, parentUrl)) {
      entryTargets[index] = null
      return
    }
    let target: string | null
    try {
      target = (await call(() => hooks.resolve(specifier, parentUrl, { form: 'entry', dynamic: false }))) ?? null
    } catch (err) {
      if (err === stopped) return
      const from = parentUrl === undefined ? '' : ` from ${parentUrl}`
      fail(new TraceError(causeCode(err, RESOLVE_FAILED), `Could not resolve entry "${specifier}"${from}: ${causeMessage(err)}`, {
        specifier,
        importer: parentUrl,
        chain: [],
        cause: err,
        fix: causeFix(err),
      }))
      return
    }
    entryTargets[index] = target
    if (target === null) warn(`Entry "${specifier}" resolved to no URL (external), so it was not traced`)
    else visit(target, undefined, undefined)
  }))
  if (pending === 0) settle()
  await done
  if (failure) throw failure

  return finish(graph, entries, entryTargets)
}

/** Orders entries and nodes deterministically and marks each node's reach. */
function finish(graph: ModuleGraph, entries: readonly string[], targets: readonly (string | null | undefined)[]): ModuleGraph {
  const roots: string[] = []
  entries.forEach((specifier, index) => {
    const target = targets[index]
    if (target === undefined) return
    graph.entries.set(specifier, target)
    if (target !== null) roots.push(target)
  })
  const urls = (deps: Map<string, string | null>): string[] => [...deps.values()].filter((url): url is string => url !== null)
  const { staticDeps, dynamicDeps } = classifyReach(roots, (url) => {
    const node = graph.nodes.get(url)
    return node && { static: urls(node.staticDeps), dynamic: urls(node.dynamicDeps) }
  })
  const ordered = new Map<string, ModuleNode>()
  for (const url of staticDeps) addNode(graph.nodes, ordered, url, 'static')
  for (const url of dynamicDeps) addNode(graph.nodes, ordered, url, 'dynamic')
  return { ...graph, nodes: ordered, staticDeps, dynamicDeps }
}

function addNode(from: Map<string, ModuleNode>, to: Map<string, ModuleNode>, url: string, reach: ModuleNode['reach']): void {
  const node = from.get(url)
  if (!node) return
  node.reach = reach
  to.set(url, node)
}

function kindFromAttributes(attributes: ModuleImport['attributes']): ModuleKind | undefined {
  const type = attributes?.type
  return type === 'json' || type === 'css' ? type : undefined
}

const FORM_NAMES: Record<NonLiteralImport['form'], string> = {
  'dynamic-import': 'dynamic import',
  require: 'require',
  'meta-resolve': 'import.meta.resolve',
}

/** The log line for a computed specifier: where, what, and what to do about it. */
export function nonLiteralWarning(entry: NonLiteralImport): string {
  const matches = entry.pattern === undefined ? '' : ` (matches ${entry.pattern})`
  return `Non-literal ${FORM_NAMES[entry.form]} in ${entry.url}:${entry.line}:${entry.column} was not traced: ${entry.snippet}${matches}. Add the modules it can load as entries so the map includes them.`
}
