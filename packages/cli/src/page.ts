import { analyzeHtml, analyzeModule, initAnalyzer } from '@esmap/core'

/**
 * The modules a page loads: external module scripts by URL, and what inline module scripts
 * import (relative specifiers resolved against the page's base URL, bare ones as they are).
 */
export async function pageRoots(html: string, pageUrl: URL): Promise<string[]> {
  const analysis = analyzeHtml(html, pageUrl)
  await initAnalyzer()
  const roots = new Set<string>()
  for (const script of analysis.modules) {
    if (script.url !== undefined) roots.add(script.url)
    if (script.source === undefined) continue
    for (const { specifier } of analyzeModule(script.source, { url: analysis.baseUrl, kind: 'js' }).imports) {
      roots.add(/^(\.{1,2})?\//.test(specifier) ? new URL(specifier, analysis.baseUrl).href : specifier)
    }
  }
  return [...roots]
}
