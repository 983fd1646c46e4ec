import { traceGraph, type ModuleGraph } from '@esmap/core'

/** One module's dependencies: the URLs its specifiers resolve to. */
export interface GraphModule {
  staticDeps: string[]
  dynamicDeps: string[]
}

/** `graph` of `/generate`: package base URL → path inside the package → dependencies. */
export type PackageGraph = Record<string, Record<string, GraphModule>>

export interface GraphHooks {
  /** Resolves through the generated map. */
  resolve(specifier: string, parentUrl: string): string
  /** The module's bytes (from the store for this server's URLs); `undefined` leaves it untraced. */
  load(url: string): Promise<Uint8Array | undefined>
  /** The base URL (ending in `/`) of the package a module belongs to. */
  packageBase(url: string): string
}

/** Groups a traced module graph by package: `{ [base]: { [path]: { staticDeps, dynamicDeps } } }`, sorted. */
export function groupByPackage(graph: ModuleGraph, packageBase: (url: string) => string): PackageGraph {
  const out: PackageGraph = {}
  const urls = [...graph.nodes.keys()].sort()
  for (const url of urls) {
    const node = graph.nodes.get(url)!
    const base = packageBase(url)
    const deps = (map: Map<string, string | null>): string[] => [...new Set([...map.values()].filter((u): u is string => u !== null))].sort()
    ;(out[base] ??= {})[url.startsWith(base) ? url.slice(base.length) : url] = { staticDeps: deps(node.staticDeps), dynamicDeps: deps(node.dynamicDeps) }
  }
  return out
}

/** Traces `roots` (bare specifiers of the map) again through the map, for the `graph` output. */
export async function packageGraph(roots: readonly string[], parentUrl: string, hooks: GraphHooks): Promise<PackageGraph> {
  const graph = await traceGraph(
    roots,
    {
      resolve: async (specifier, parent) => hooks.resolve(specifier, parent ?? parentUrl),
      load: async (url) => {
        const source = await hooks.load(url)
        return source === undefined ? undefined : { source }
      },
    },
    { parentUrl, continueOnError: true },
  )
  return groupByPackage(graph, hooks.packageBase)
}
