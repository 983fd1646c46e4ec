import { transform } from 'esbuild'

/** The Node globals the build provides to modules (reference 002, "CommonJS Compatibility"). */
export type NodeGlobal = 'process' | 'Buffer' | '__filename' | '__dirname'

const NODE_GLOBALS: readonly NodeGlobal[] = ['process', 'Buffer', '__filename', '__dirname']

const marker = (name: string): string => `__esmapFree_${name}`

/**
 * The Node globals a module reads as free variables (not declared by the module itself), after
 * `process.env.NODE_ENV` is replaced: esbuild's `define` replaces exactly the unbound
 * references, so each is defined to a marker and the markers left in the output are the
 * answer. CommonJS sources are checked inside a function, where a top-level `return` is legal.
 */
export async function freeGlobals(source: string, commonJs: boolean, nodeEnv: string | undefined): Promise<Set<NodeGlobal>> {
  const candidates = NODE_GLOBALS.filter((name) => source.includes(name))
  if (candidates.length === 0) return new Set()
  const define: Record<string, string> = Object.fromEntries(candidates.map((name) => [name, marker(name)]))
  if (nodeEnv !== undefined) define['process.env.NODE_ENV'] = JSON.stringify(nodeEnv)
  const code = commonJs ? `(function () {${source}\n})` : source
  const { code: out } = await transform(code, { define, logLevel: 'silent' })
  return new Set(candidates.filter((name) => out.includes(marker(name))))
}
