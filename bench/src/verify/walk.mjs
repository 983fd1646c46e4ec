import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { parseImportMap, resolve } from './importmap.mjs'

/** es-module-lexer, the copy @esmap/core depends on (the bench adds no dependency of its own). */
async function loadLexer() {
  const require = createRequire(fileURLToPath(import.meta.resolve('@esmap/core')))
  const lexer = await import(require.resolve('es-module-lexer'))
  await lexer.init
  return lexer
}

const jsdelivrNpm = 'https://cdn.jsdelivr.net/npm/'

/** The source of a module URL: a jsDelivr URL from the mirror's store, a file: URL from disk. */
export function sourceLoader(store) {
  return async (url) => {
    if (url.startsWith(jsdelivrNpm)) {
      const m = /^((?:@[^/]+\/)?[^/@]+)@([^/]+)\/(.*)$/.exec(decodeURIComponent(url.slice(jsdelivrNpm.length)))
      if (!m) return undefined
      const files = await store.files(m[1], m[2])
      const bytes = files?.get(m[3])
      return bytes && Buffer.from(bytes).toString('utf8')
    }
    if (url.startsWith('file:')) return readFile(fileURLToPath(url), 'utf8').catch(() => undefined)
    return undefined
  }
}

/**
 * Walks the module graph a map gives `roots`: resolves each root against the map URL, reads the
 * module, resolves every static and literal dynamic import against the importing module, and
 * continues from each resolved URL. Returns `edges`: "importer\tspecifier" → URL (or `null` when
 * the map does not resolve it), the modules reached, and the bytes of the JavaScript among them.
 */
export async function walkGraph(mapJson, mapUrl, roots, load) {
  const { parse } = await loadLexer()
  const map = parseImportMap(mapJson, mapUrl)
  const edges = new Map()
  const seen = new Set()
  const unreadable = []
  let moduleBytes = 0
  const queue = []
  const visit = (importer, specifier) => {
    let url
    try {
      url = resolve(map, specifier, importer)
    } catch {
      url = null
    }
    edges.set(`${importer === mapUrl ? '<map>' : importer}\t${specifier}`, url)
    if (url && !seen.has(url)) {
      seen.add(url)
      queue.push(url)
    }
  }
  for (const root of roots) visit(mapUrl, root)
  while (queue.length > 0) {
    const url = queue.shift()
    if (!/\.(m?js|cjs)$/.test(new URL(url).pathname)) continue
    const source = await load(url)
    if (source === undefined) {
      unreadable.push(url)
      continue
    }
    moduleBytes += Buffer.byteLength(source)
    let imports
    try {
      imports = parse(source)[0]
    } catch {
      unreadable.push(url)
      continue
    }
    for (const i of imports) {
      // es-module-lexer 3: `specifier` (undefined for non-literal dynamic imports; `import.meta` has none)
      const specifier = i.specifier ?? i.n
      if (typeof specifier === 'string' && !specifier.startsWith('data:')) visit(url, specifier)
    }
  }
  return { edges, modules: [...seen], unreadable, moduleBytes }
}

/** The edges on which two walks differ: present in one only, or resolved to different URLs. */
export function compareWalks(a, b) {
  const diffs = []
  for (const [edge, url] of a.edges) {
    if (!b.edges.has(edge)) diffs.push({ edge, a: url, b: '(not reached)' })
    else if (b.edges.get(edge) !== url) diffs.push({ edge, a: url, b: b.edges.get(edge) })
  }
  for (const [edge, url] of b.edges) if (!a.edges.has(edge)) diffs.push({ edge, a: '(not reached)', b: url })
  return diffs
}
