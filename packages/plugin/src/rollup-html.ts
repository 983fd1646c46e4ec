import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { analyzeHtml } from '@esmap/core'
import type { BundleEntry } from './bundle-graph.js'

/**
 * Rollup has no HTML of its own: with the `html` option, the template becomes an HTML asset of the
 * bundle (module scripts for the entry chunks added when the template has none), so the same page
 * injection as Vite's applies. Pages other plugins emit are handled as they are.
 */
export function rollupHtmlAsset(bundle: Record<string, BundleEntry>, template: string, emit: (file: { type: 'asset'; fileName: string; source: string }) => void): void {
  const fileName = basename(template)
  if (bundle[fileName]) return
  let html = readFileSync(template, 'utf8')
  if (analyzeHtml(html, 'https://esmap.page/').modules.length === 0) {
    const scripts = Object.values(bundle)
      .filter((e): e is Extract<BundleEntry, { type: 'chunk' }> => e.type === 'chunk' && e.isEntry)
      .map((e) => `<script type="module" src="./${e.fileName}"></script>`)
      .join('\n')
    html = html.includes('</body>') ? html.replace('</body>', `${scripts}\n</body>`) : `${html}\n${scripts}\n`
  }
  emit({ type: 'asset', fileName, source: html })
  // emitFile adds the asset to the bundle object Rollup passes to later generateBundle code
  if (!bundle[fileName]) bundle[fileName] = { type: 'asset', fileName, source: html }
}
