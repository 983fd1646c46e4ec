import { analyzeHtml, analyzeModule, initAnalyzer } from '@esmap/core'

/** `/x` (not `//host`) is path-absolute: under the root when there is one, as the server will serve it. */
function resolveUrl(specifier: string, baseUrl: string, rootUrl: URL | undefined): string {
  if (rootUrl !== undefined && specifier.startsWith('/') && !specifier.startsWith('//')) return new URL(`.${specifier}`, rootUrl).href
  return new URL(specifier, baseUrl).href
}

/**
 * The modules a page loads: external module scripts by URL, and what inline module scripts
 * import (relative specifiers resolved against the page's base URL, bare ones as they are).
 * With a root, path-absolute URLs (`/src/main.js`) resolve under it.
 */
export async function pageRoots(html: string, pageUrl: URL, rootUrl?: URL): Promise<string[]> {
  const analysis = analyzeHtml(html, pageUrl)
  await initAnalyzer()
  const roots = new Set<string>()
  for (const script of analysis.modules) {
    if (script.src !== undefined && script.url !== undefined) roots.add(resolveUrl(script.src, analysis.baseUrl, rootUrl))
    if (script.source === undefined) continue
    for (const { specifier } of analyzeModule(script.source, { url: analysis.baseUrl, kind: 'js' }).imports) {
      roots.add(/^(\.{1,2})?\//.test(specifier) ? resolveUrl(specifier, analysis.baseUrl, rootUrl) : specifier)
    }
  }
  return [...roots]
}
