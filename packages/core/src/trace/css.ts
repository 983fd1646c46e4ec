/**
 * The URLs of a stylesheet's `@import` rules, best effort: `@import 'a.css'`, `@import "a.css"`,
 * `@import url(a.css)`, `@import url('a.css') layer(x) screen`. Comments are skipped; escapes
 * inside the URL are not decoded. These are URLs relative to the stylesheet, not module
 * specifiers, and the browser does not load them for CSS module scripts.
 */
export function cssImports(source: string): string[] {
  const text = source.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ' ')
  const urls: string[] = []
  const rule = /@import\s+(?:url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|"([^"]*)"|'([^']*)')/gi
  for (const match of text.matchAll(rule)) {
    const url = match.slice(1).find((group) => group !== undefined)
    if (url !== undefined) urls.push(url)
  }
  return urls
}
