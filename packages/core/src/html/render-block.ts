import type { HtmlAnalysis, HtmlEsModuleShimsScript, HtmlImportMapScript } from './analyze.js'
import { resolveUrl } from './analyze.js'
import { detectJsonIndent } from './layout.js'
import type { HtmlResource, ResolvedInjectOptions } from './options.js'
import { escapeScriptJson, renderAttributes, setStartTagAttribute } from './render.js'
import type { ScannedDocument } from './scan.js'

export interface BlockLayout {
  newline: string
  /** The indentation of the block's lines. */
  indent: string
  /** The page's indentation unit (for the map's JSON when the existing map has none of its own). */
  unit: string
}

/**
 * The block's markup, its lines joined with newline + indent (or nothing when `whitespace` is off).
 * `existing` is what the page already has: its map's tags are kept, and its es-module-shims
 * scripts too when the option leaves them alone.
 */
export function renderBlock(
  html: string,
  doc: ScannedDocument,
  page: HtmlAnalysis,
  existing: { esModuleShims: readonly HtmlEsModuleShimsScript[]; map: HtmlImportMapScript | undefined },
  options: ResolvedInjectOptions,
  layout: BlockLayout,
): string {
  const lines: string[] = []
  if (options.comment !== undefined) lines.push(`<!-- ${options.comment} -->`)
  if (options.esModuleShims) {
    lines.push(`<script async${renderResource('src', options.esModuleShims, page, options)}></script>`)
  } else if (options.esModuleShims === undefined) {
    for (const script of existing.esModuleShims) lines.push(html.slice(script.start, script.end))
  }
  lines.push(renderMapScript(html, doc, existing.map, options, layout))
  const written = new Set<string>()
  for (const preload of options.preloads ?? []) {
    const url = resolveUrl(preload.url, page.baseUrl) ?? preload.url
    if (written.has(url)) continue
    written.add(url)
    lines.push(`<link rel="modulepreload"${renderResource('href', preload, page, options)}>`)
  }
  return lines.join(options.whitespace ? layout.newline + layout.indent : '')
}

function renderMapScript(
  html: string,
  doc: ScannedDocument,
  existing: HtmlImportMapScript | undefined,
  options: ResolvedInjectOptions,
  { newline, indent, unit }: BlockLayout,
): string {
  // A pretty-printed existing map keeps its own indentation step; others take the page's.
  const step = (existing && detectJsonIndent(existing.text)) ?? unit
  const json = escapeScriptJson(JSON.stringify(options.map, null, options.whitespace ? step : undefined))
  const content = options.whitespace
    ? `${newline}${indent}${json.split('\n').join(newline + indent)}${newline}${indent}`
    : json
  if (existing === undefined) {
    return `<script type="importmap"${renderAttributes([['nonce', options.nonce]])}>${content}</script>`
  }
  // The page's own start and end tags are kept as written, with only the nonce set.
  let startTag = html.slice(existing.start, existing.contentStart)
  const element = doc.elements.find((el) => el.start === existing.start)
  if (options.nonce !== undefined && element) {
    startTag = setStartTagAttribute(startTag, existing.start, element.attrRanges, 'nonce', options.nonce)
  }
  const endTag = existing.contentEnd < existing.end ? html.slice(existing.contentEnd, existing.end) : '</script>'
  return startTag + content + endTag
}

function renderResource(
  urlAttribute: 'src' | 'href',
  resource: HtmlResource,
  page: HtmlAnalysis,
  options: ResolvedInjectOptions,
): string {
  const integrity = options.integrity ? resource.integrity : undefined
  return renderAttributes([
    [urlAttribute, resource.url],
    ['integrity', integrity],
    ['crossorigin', crossorigin(resource.url, integrity, page, options)],
    ['nonce', options.nonce],
  ])
}

/** See `HtmlInjectOptions.crossorigin`. */
function crossorigin(
  url: string,
  integrity: string | undefined,
  page: HtmlAnalysis,
  options: ResolvedInjectOptions,
): string | undefined {
  if (options.crossorigin === 'use-credentials' || options.crossorigin === 'anonymous') return options.crossorigin
  if (integrity !== undefined) return 'anonymous'
  if (options.crossorigin === 'none') return undefined
  const resolved = resolveUrl(url, page.baseUrl)
  const pageUrl = new URL(options.htmlUrl)
  if (resolved === undefined) return undefined
  const target = new URL(resolved)
  return target.protocol === pageUrl.protocol && target.host === pageUrl.host ? undefined : 'anonymous'
}
