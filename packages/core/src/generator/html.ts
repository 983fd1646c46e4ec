import { EsmapError } from '../errors.js'
import { analyzeHtml } from '../html/analyze.js'
import { injectHtml } from '../html/inject.js'
import type { HtmlResource } from '../html/options.js'
import { analyzeModule, initAnalyzer } from '../trace/index.js'

/** The options of `generator.htmlInject`, named as in the JSPM Generator. */
export interface HtmlInjectOptions {
  /** The URL the page is served from. @default the generator's mapUrl */
  htmlUrl?: string | URL
  /** When set, same-origin URLs are written root-relative against it. @default the generator's rootUrl */
  rootUrl?: string | URL
  /** Trace the page's module scripts (`true`), or these specifiers too. @default true */
  trace?: boolean | readonly string[]
  /** Keep the generator's top-level pins in the page's map (`true`), these ones, or none (`false`). @default false */
  pins?: boolean | readonly string[]
  /** `<link rel="modulepreload">` for the static graph (`true` / `'static'`), every traced module (`'all'`), or none. @default false */
  preload?: boolean | 'static' | 'all'
  /** `integrity` on preloads and in the map. @default the generator's integrity option */
  integrity?: boolean
  /**
   * es-module-shims, pinned: `{ url, integrity? }` or a URL (its integrity is computed from its
   * bytes when integrity is on). `false` removes it from the page; `undefined` leaves the page as it is.
   * Never resolved to a "latest" version behind your back. @default undefined
   */
  esModuleShims?: false | string | HtmlResource
  /** Pretty-print the map. @default true */
  whitespace?: boolean
  /** The marker comment. @default true */
  comment?: boolean | string
  /** A CSP nonce for the map, preloads and es-module-shims. @default undefined */
  nonce?: string
  /** The `crossorigin` attribute of preloads and es-module-shims. @default cross-origin URLs and integrity only */
  crossorigin?: boolean | 'anonymous' | 'use-credentials'
}

/** The page's modules to trace: external module scripts by URL, and the imports of inline ones. */
export async function pageRoots(html: string, htmlUrl: string): Promise<string[]> {
  const analysis = analyzeHtml(html, htmlUrl)
  await initAnalyzer()
  const roots = new Set<string>()
  for (const script of analysis.modules) {
    if (script.url) roots.add(script.url)
    else if (script.source !== undefined) {
      const inline = analyzeModule(script.source, { url: analysis.baseUrl, kind: 'js' })
      for (const { specifier } of inline.imports) {
        const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/')
        roots.add(relative ? new URL(specifier, analysis.baseUrl).href : specifier)
      }
    }
  }
  return [...roots]
}

/** The es-module-shims resource to write: a URL as given, with integrity from its bytes when asked. */
export async function shimsResource(option: HtmlInjectOptions['esModuleShims'], withIntegrity: boolean, integrityOf: (url: string) => Promise<string | undefined>): Promise<false | HtmlResource | undefined> {
  if (option === undefined || option === false) return option
  const resource = typeof option === 'string' ? { url: option } : option
  if (!/^[a-z][a-z\d+.-]*:|^\//i.test(resource.url)) {
    throw new EsmapError('ESMAP_INVALID_OPTION', `esModuleShims must be a URL, got "${resource.url}"`, {
      fix: 'Pass the URL of a pinned es-module-shims build, e.g. https://ga.jspm.io/npm:es-module-shims@2.6.2/dist/es-module-shims.js.',
    })
  }
  if (!withIntegrity || resource.integrity) return resource
  const integrity = await integrityOf(resource.url)
  return integrity ? { ...resource, integrity } : resource
}

export { injectHtml }
