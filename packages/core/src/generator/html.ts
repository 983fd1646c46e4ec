import { EsmapError } from '../errors.js'
import { analyzeHtml } from '../html/analyze.js'
import { injectHtml } from '../html/inject.js'
import type { HtmlResource } from '../html/options.js'
import { relativeUrl } from '../html/url.js'
import type { ImportMap } from '../importmap/index.js'
import { lookupPackage } from '../providers/index.js'
import { analyzeModule, initAnalyzer } from '../trace/index.js'
import { buildMap } from './build-map.js'
import { linkRoots, type Root } from './roots.js'
import type { Session } from './session.js'
import { specifierKind } from './specifier.js'
import { integrityOf, reachable, traceRoots, type GeneratorCaches } from './trace.js'

/** The options of `generator.htmlInject`, named as in the JSPM Generator. */
export interface HtmlInjectOptions {
  /** The URL the page is served from: the map's and the links' URLs are written relative to it. @default the generator's mapUrl */
  htmlUrl?: string | URL
  /** When set, URLs under it are written root-relative (`/assets/x.js`). @default the generator's rootUrl */
  rootUrl?: string | URL
  /** Trace the page's module scripts (`true`), and these specifiers too (resolved against the page). @default true */
  trace?: boolean | readonly string[]
  /** Also map the generator's top-level pins (`true`: every one), or these specifiers. @default false when tracing, else true */
  pins?: boolean | readonly string[]
  /**
   * `<link rel="modulepreload">` for the static graph (`true` / `'static'`), for every traced module
   * (`'all'`), or none. The page's own module scripts are never preloaded. @default false
   */
  preload?: boolean | 'static' | 'all'
  /** `integrity` for every traced module in the map, and on preloads and es-module-shims. @default the generator's integrity option */
  integrity?: boolean
  /**
   * es-module-shims, pinned: a URL (`https://…`, `/…`, `./…`), a version or range of the
   * `es-module-shims` package (looked up through the providers, like an install), `true` for its
   * latest version, or `{ url, integrity }`. Its integrity is computed from its bytes when integrity
   * is on. `false` removes it from the page; `undefined` leaves the page's as it is. @default undefined
   */
  esModuleShims?: boolean | string | HtmlResource
  /** Pretty-print the map and put each element on its own line. @default true */
  whitespace?: boolean
  /** The marker comment: `true` for the default, a string for your own, `false` for none. @default true */
  comment?: boolean | string
  /** A CSP nonce for the map, preloads and es-module-shims. @default undefined */
  nonce?: string
  /** The `crossorigin` attribute of preloads and es-module-shims. @default cross-origin URLs and integrity only */
  crossorigin?: boolean | 'anonymous' | 'use-credentials'
}

/** What a Generator lends `injectPage`: its session, caches, custom entries and pins. */
export interface PageContext {
  session: Session
  caches: GeneratorCaches
  custom: ImportMap
  pins: readonly Root[]
}

/**
 * Traces a page's modules (and the pins asked for), then writes its import map, preloads,
 * integrity and es-module-shims into it (`injectHtml`: idempotent, everything else byte-preserved).
 */
export async function injectPage(page: PageContext, html: string, options: HtmlInjectOptions): Promise<string> {
  const { session } = page
  const o = session.options
  const htmlUrl = new URL(options.htmlUrl ?? o.mapUrl, o.mapUrl).href
  const rootUrl = options.rootUrl === undefined ? o.rootUrl?.href : new URL(options.rootUrl, htmlUrl).href
  const own = options.trace === false ? { roots: [], scripts: new Set<string>() } : await pageRoots(html, htmlUrl, rootUrl)
  const extra = Array.isArray(options.trace) ? linkRoots(options.trace, htmlUrl) : []
  const pinOption = options.pins ?? options.trace === false
  const pins = pinOption === true ? page.pins : Array.isArray(pinOption) ? linkRoots(pinOption, o.mapUrl.href) : []
  const withIntegrity = options.integrity ?? o.integrity !== false
  const algorithm = o.integrity || 'sha384'
  const result = await traceRoots(session, page.caches, page.custom, [...own.roots, ...extra, ...pins], withIntegrity && algorithm)
  const map = buildMap(o, page.custom, result).rebase(htmlUrl, rootUrl ?? null)
  const deps = reachable(result.graph, result.roots.values())
  const preload = options.preload === true ? 'static' : options.preload || undefined
  const preloadUrls = preload === undefined ? [] : preload === 'all' ? [...deps.staticDeps, ...deps.dynamicDeps] : deps.staticDeps
  const preloads = preload === undefined ? undefined : preloadUrls.filter((url) => !own.scripts.has(url) && !url.startsWith('data:')).map((url) => ({ url: relativeUrl(url, htmlUrl, rootUrl), integrity: result.integrity.get(url) }))
  const shims = await shimsResource(page, options.esModuleShims, withIntegrity && algorithm)
  return injectHtml(html, {
    htmlUrl,
    map: map.toJSON(),
    preloads,
    esModuleShims: shims === false || shims === undefined ? shims : { ...shims, url: relativeUrl(shims.url, htmlUrl, rootUrl) },
    whitespace: options.whitespace,
    comment: options.comment,
    nonce: options.nonce,
    crossorigin: options.crossorigin,
    integrity: withIntegrity,
  })
}

/** The page's modules to trace: external module scripts by URL, and the imports of inline ones (against the page). */
export async function pageRoots(html: string, htmlUrl: string, rootUrl?: string): Promise<{ roots: Root[]; scripts: Set<string> }> {
  const analysis = analyzeHtml(html, htmlUrl)
  await initAnalyzer()
  const roots: Root[] = []
  const scripts = new Set<string>()
  for (const script of analysis.modules) {
    // `/main.js` is served from the site's root: under rootUrl when there is one (a file: page
    // would otherwise put it at the file system's root).
    const rooted = rootUrl && script.src?.startsWith('/') && !script.src.startsWith('//') ? new URL(script.src.slice(1), rootUrl).href : undefined
    const url = rooted ?? script.url
    if (url) {
      scripts.add(url)
      roots.push({ specifier: url, parentUrl: analysis.baseUrl })
    } else if (script.source !== undefined) {
      const inline = analyzeModule(script.source, { url: analysis.baseUrl, kind: 'js' })
      roots.push(...linkRoots(inline.imports.map((i) => i.specifier), analysis.baseUrl))
    }
  }
  return { roots, scripts }
}

const SHIMS = 'es-module-shims'

/** The es-module-shims resource to write: a pinned URL, or the version asked for through the providers; with its integrity when asked. */
async function shimsResource(page: PageContext, option: HtmlInjectOptions['esModuleShims'], algorithm: false | 'sha256' | 'sha384' | 'sha512'): Promise<false | HtmlResource | undefined> {
  if (option === undefined || option === false) return option
  const { session, caches } = page
  let resource: HtmlResource
  if (typeof option === 'object') resource = option
  else if (typeof option === 'string' && (specifierKind(option) === 'url' || specifierKind(option) === 'relative')) resource = { url: new URL(option, session.options.mapUrl).href }
  else {
    const range = option === true ? 'latest' : option
    const found = await lookupPackage(session.providers, { registry: 'npm', name: SHIMS, range }, session.ctx, { parentUrl: session.options.mapUrl.href })
    if (!found) {
      throw new EsmapError('ESMAP_NO_MATCHING_VERSION', `No version of ${SHIMS} matches "${range}"`, {
        specifier: `${SHIMS}@${range}`,
        fix: 'Give a published es-module-shims version, or its URL: esModuleShims: "https://…/es-module-shims.js".',
      })
    }
    resource = { url: `${found.pkgUrl}dist/es-module-shims.js` }
  }
  if (!algorithm || resource.integrity) return resource
  const [integrity] = (await integrityOf(session, caches, [resource.url], algorithm)).values()
  return integrity ? { ...resource, integrity } : resource
}
