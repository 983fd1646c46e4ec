/**
 * What one page loads, read from a Rollup-shaped output bundle (Rollup, Vite, Rolldown): the
 * app chunks reachable from the page's entry chunks and the bare imports those chunks leave for
 * the import map. Pure: takes the bundle's chunk records, returns sets.
 */

/** The fields of a Rollup/Rolldown OutputChunk this module reads. */
export interface ChunkInfo {
  type: 'chunk'
  fileName: string
  code: string
  isEntry: boolean
  facadeModuleId?: string | null
  imports: string[]
  dynamicImports: string[]
}

export interface AssetInfo {
  type: 'asset'
  fileName: string
  source: string | Uint8Array
}

export type BundleEntry = ChunkInfo | AssetInfo

export interface PageGraph {
  /** App chunks loaded through static imports from the entries (entries included), by file name. */
  staticChunks: string[]
  /** App chunks only reached through dynamic `import()`. */
  dynamicChunks: string[]
  /** Bare specifiers imported statically by the static chunks. */
  staticExternals: string[]
  /** Bare specifiers imported only dynamically, or from dynamic chunks. */
  dynamicExternals: string[]
}

/**
 * Walks the chunk graph from `entries` (chunk file names). `isExternal` says whether an import
 * that is not a chunk of the bundle is a bare specifier for the map.
 */
export function pageGraph(bundle: Readonly<Record<string, BundleEntry>>, entries: readonly string[], isExternal: (id: string) => boolean): PageGraph {
  const staticChunks = new Set<string>()
  const staticExternals = new Set<string>()
  const dynamicChunks = new Set<string>()
  const dynamicExternals = new Set<string>()

  const chunk = (file: string): ChunkInfo | undefined => {
    const entry = bundle[file]
    return entry?.type === 'chunk' ? entry : undefined
  }

  // Static closure first, so a module reached both ways counts as static.
  const stack = [...entries]
  while (stack.length > 0) {
    const file = stack.pop()!
    if (staticChunks.has(file)) continue
    const c = chunk(file)
    if (!c) continue
    staticChunks.add(file)
    for (const id of c.imports) {
      if (chunk(id)) stack.push(id)
      else if (isExternal(id)) staticExternals.add(id)
    }
  }

  const pending: string[] = []
  const visitDynamic = (id: string): void => {
    if (chunk(id)) {
      if (!staticChunks.has(id)) pending.push(id)
    } else if (isExternal(id) && !staticExternals.has(id)) dynamicExternals.add(id)
  }
  for (const file of staticChunks) for (const id of chunk(file)!.dynamicImports) visitDynamic(id)
  while (pending.length > 0) {
    const file = pending.pop()!
    if (dynamicChunks.has(file) || staticChunks.has(file)) continue
    dynamicChunks.add(file)
    const c = chunk(file)!
    for (const id of [...c.imports, ...c.dynamicImports]) visitDynamic(id)
  }

  const sorted = (s: Set<string>): string[] => [...s].sort()
  return { staticChunks: sorted(staticChunks), dynamicChunks: sorted(dynamicChunks), staticExternals: sorted(staticExternals), dynamicExternals: sorted(dynamicExternals) }
}
