import { analyzeHtml } from './analyze.js'

/**
 * Adds `integrity` to the page's external module scripts whose URL has an entry in `integrity`
 * (URL → SRI metadata, resolved against the page). The import map's `integrity` section covers
 * modules loaded through imports, but a `<script type="module" src>` fetched from the page is only
 * verified, and its early fetch only reused, when the tag itself carries the attribute. Scripts
 * that already have one are left as written. Pure: edits the text in place by offsets.
 */
export function addScriptIntegrity(html: string, htmlUrl: string | URL, integrity: Readonly<Record<string, string>>): string {
  const resolved = new Map<string, string>()
  const { baseUrl, modules } = analyzeHtml(html, htmlUrl)
  for (const [url, value] of Object.entries(integrity)) {
    try {
      resolved.set(new URL(url, baseUrl).href, value)
    } catch {
      // not a URL: nothing on the page can load it
    }
  }
  let out = html
  for (const script of [...modules].reverse()) {
    const value = script.url && resolved.get(script.url)
    if (!value || script.attributes.integrity !== undefined) continue
    // Before `>` (or `/>`) of the start tag.
    let at = out[script.startTagEnd - 2] === '/' ? script.startTagEnd - 2 : script.startTagEnd - 1
    while (at > script.start && /\s/.test(out[at - 1]!)) at--
    out = `${out.slice(0, at)} integrity="${value}"${out.slice(at)}`
  }
  return out
}
