/** The edges out of one module, as URLs (`null` targets, externals, are skipped by the caller). */
export interface ModuleEdges {
  static: Iterable<string>
  dynamic: Iterable<string>
}

/**
 * Splits the modules reachable from `entries` in two, each in breadth-first order (entries first,
 * then each module's dependencies in source order), so the result does not depend on the order in
 * which loads finished:
 * - `staticDeps`: reachable from an entry through static edges only; what a page loads up front;
 * - `dynamicDeps`: the rest, reachable only through at least one dynamic import.
 * A module reachable both ways is static. `edges` returns undefined for a module without a node
 * (one that failed to load), which is then a leaf.
 */
export function classifyReach(
  entries: readonly string[],
  edges: (url: string) => ModuleEdges | undefined,
): { staticDeps: string[]; dynamicDeps: string[] } {
  const staticSet = walk(entries, (url) => edges(url)?.static ?? [])
  const dynamicSeeds: string[] = []
  // Dynamic targets of static modules seed the second walk, which follows every edge.
  for (const url of staticSet) for (const target of edges(url)?.dynamic ?? []) dynamicSeeds.push(target)
  const all = walk(dynamicSeeds, (url) => {
    const out = edges(url)
    return out ? [...out.static, ...out.dynamic] : []
  }, staticSet)
  return { staticDeps: [...staticSet], dynamicDeps: [...all] }
}

/** Breadth-first walk from `seeds`; `skip` holds modules already classified (not revisited). */
function walk(seeds: Iterable<string>, next: (url: string) => Iterable<string>, skip?: ReadonlySet<string>): Set<string> {
  const seen = new Set<string>()
  const queue: string[] = []
  const visit = (url: string): void => {
    if (seen.has(url) || skip?.has(url)) return
    seen.add(url)
    queue.push(url)
  }
  for (const url of seeds) visit(url)
  for (let i = 0; i < queue.length; i++) for (const target of next(queue[i]!)) visit(target)
  return seen
}
