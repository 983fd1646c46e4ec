import { posix } from 'node:path'
import { addScriptIntegrity, analyzeHtml, injectHtml, type Generator } from '@esmap/core'
import { pageGraph, type BundleEntry } from './bundle-graph.js'
import type { Context } from './context.js'

/** Where the page and its chunks live: Vite's `base` (`/`, `/sub/`, `./`, a URL). */
export interface PageLayout {
  base: string
}

const pageOrigin = 'https://esmap.page/'

/** The URL a page at `page` uses to load the chunk `file`, under `base`. */
export function chunkUrl(base: string, file: string, page: string): string {
  if (base === '' || base.startsWith('.')) {
    const relative = posix.relative(posix.dirname(page), file)
    return relative.startsWith('.') ? relative : `./${relative}`
  }
  return `${base.endsWith('/') ? base : `${base}/`}${file}`
}

/** The chunk a page's `<script type=module src>` loads, if it is one of the bundle's. */
function chunkOf(src: string, page: string, base: string, bundle: Readonly<Record<string, BundleEntry>>): string | undefined {
  const url = new URL(src, new URL(page, pageOrigin))
  if (url.origin !== new URL(pageOrigin).origin && !src.startsWith(base)) return undefined
  const basePath = base === '' || base.startsWith('.') ? '/' : new URL(base, pageOrigin).pathname
  const path = decodeURIComponent(url.pathname)
  const file = path.startsWith(basePath) ? path.slice(basePath.length) : path.slice(1)
  return bundle[file]?.type === 'chunk' ? file : undefined
}

/** Every bare import the bundle's chunks leave for the map. */
export function bundleExternals(bundle: Readonly<Record<string, BundleEntry>>, ctx: Context): string[] {
  const out = new Set<string>()
  for (const entry of Object.values(bundle)) {
    if (entry.type !== 'chunk') continue
    for (const id of [...entry.imports, ...entry.dynamicImports]) if (!bundle[id] && ctx.isExternal(id)) out.add(id)
  }
  return [...out].sort()
}

/**
 * Writes the map, preloads and integrity into every HTML page of a Rollup-shaped bundle (Vite,
 * Rollup, Rolldown): each page gets the map of what its own entry chunks import.
 */
export async function injectPages(bundle: Record<string, BundleEntry>, ctx: Context, layout: PageLayout): Promise<{ map: object; pages: string[]; generator: Generator; externals: string[] }> {
  const externals = bundleExternals(bundle, ctx)
  const generator = await ctx.resolveAll(externals)
  const pages: string[] = []
  for (const asset of Object.values(bundle)) {
    if (asset.type !== 'asset' || !asset.fileName.endsWith('.html')) continue
    const html = typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source)
    const pageUrl = new URL(asset.fileName, pageOrigin).href
    const entries = analyzeHtml(html, pageUrl)
      .modules.map((m) => (m.src ? chunkOf(m.src, asset.fileName, layout.base, bundle) : undefined))
      .filter((f): f is string => f !== undefined)
    const graph = pageGraph(bundle, entries, (id) => ctx.isExternal(id))
    const modules = [...graph.staticChunks, ...graph.dynamicChunks].map((file) => ({
      url: chunkUrl(layout.base, file, asset.fileName),
      code: (bundle[file] as { code: string }).code,
    }))
    const { map, preloads } = await ctx.pageMap(generator, graph.staticExternals, graph.dynamicExternals, modules)
    const { options } = ctx
    const injected = injectHtml(html, {
      htmlUrl: pageUrl,
      map: map as { imports?: Record<string, string> },
      preloads: options.preload === false ? undefined : preloads,
      esModuleShims: typeof options.esModuleShims === 'string' ? { url: options.esModuleShims } : options.esModuleShims,
      nonce: options.nonce,
      crossorigin: options.crossorigin,
      integrity: options.integrity,
    })
    // The entry scripts carry their integrity too, so the browser verifies (and reuses) their first fetch.
    asset.source = options.integrity ? addScriptIntegrity(injected, pageUrl, map.integrity ?? {}) : injected
    pages.push(asset.fileName)
  }
  return { map: generator.getMap(), pages, generator, externals }
}
