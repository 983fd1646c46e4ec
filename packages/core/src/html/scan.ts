import { html as spec, parse } from 'parse5'
import type { DefaultTreeAdapterTypes } from 'parse5'

type Node = DefaultTreeAdapterTypes.Node
type Element = DefaultTreeAdapterTypes.Element

/** Offsets into the HTML text (UTF-16 code units); `end` is exclusive. */
export interface HtmlRange {
  start: number
  end: number
}

/** An HTML element whose start tag is written in the source. */
export interface ScannedElement extends HtmlRange {
  /** Lower-case tag name. */
  readonly tag: string
  /** Attributes as the parser reads them: lower-case names, entities decoded, first of duplicates wins. */
  readonly attrs: ReadonlyMap<string, string>
  /** Where each attribute (`name="value"`) is written. */
  readonly attrRanges: ReadonlyMap<string, HtmlRange>
  readonly startTagEnd: number
  /** Where the end tag starts; `undefined` for void elements and implied end tags. */
  readonly endTagStart: number | undefined
  /** 1-based line of the start tag. */
  readonly line: number
}

export interface ScannedComment extends HtmlRange {
  /** The text between `<!--` and `-->`. */
  readonly data: string
}

/** What the HTML layer needs from a parsed page, all with offsets into the original text. */
export interface ScannedDocument {
  /** HTML-namespace elements written in the source, in source order. `<template>` contents are left out (they are inert). */
  readonly elements: readonly ScannedElement[]
  readonly comments: readonly ScannedComment[]
  /** The `<html>` element when its start tag is written. */
  readonly htmlElement: ScannedElement | undefined
  /** The `<head>` element when its start tag is written. */
  readonly head: ScannedElement | undefined
  /** The written element children of the head, written or implied. */
  readonly headChildren: readonly ScannedElement[]
  readonly doctypeEnd: number | undefined
}

/**
 * Parses a page with parse5, the WHATWG tree builder, so that what counts as an element is
 * what a browser sees: raw text in `<script>`/`<style>`/`<noscript>`, comments, foster parenting
 * and misnested tags all behave as specified.
 */
export function scanHtml(html: string): ScannedDocument {
  // A byte-order mark is stripped by a browser's decoder before tokenizing; parse5 would read it
  // as text and open <body> early. A space in its place is ignored the same way and keeps offsets.
  const source = html.charCodeAt(0) === 0xfeff ? ` ${html.slice(1)}` : html
  const document = parse(source, { sourceCodeLocationInfo: true })
  const elements: ScannedElement[] = []
  const comments: ScannedComment[] = []
  const scanned = new Map<Element, ScannedElement>()
  let doctypeEnd: number | undefined

  const visit = (node: Node): number | undefined => {
    if (node.nodeName === '#comment' && 'data' in node && node.sourceCodeLocation) {
      const { startOffset, endOffset } = node.sourceCodeLocation
      comments.push({ data: node.data, start: startOffset, end: endOffset })
      return endOffset
    }
    if (node.nodeName === '#documentType') {
      doctypeEnd = node.sourceCodeLocation?.endOffset
      return doctypeEnd
    }
    let end = node.sourceCodeLocation?.endOffset
    if ('childNodes' in node) {
      for (const child of node.childNodes) end = maxEnd(end, visit(child))
    }
    if (!('tagName' in node)) return end
    const location = node.sourceCodeLocation
    if (!location?.startTag || node.namespaceURI !== spec.NS.HTML) return end
    const element: ScannedElement = {
      tag: node.tagName,
      attrs: new Map(node.attrs.map((attr) => [attr.name, attr.value])),
      attrRanges: new Map(
        Object.entries(location.attrs ?? {}).map(([name, at]) => [name, { start: at.startOffset, end: at.endOffset }]),
      ),
      start: location.startTag.startOffset,
      // An element left open at the end of the text has no end tag: it ends where its content does.
      end: location.endTag?.endOffset ?? Math.max(location.startTag.endOffset, end ?? 0),
      startTagEnd: location.startTag.endOffset,
      endTagStart: location.endTag?.startOffset,
      line: location.startTag.startLine,
    }
    elements.push(element)
    scanned.set(node, element)
    return element.end
  }
  visit(document)

  const htmlNode = document.childNodes.find((node): node is Element => node.nodeName === 'html')
  const headNode = htmlNode?.childNodes.find((node): node is Element => node.nodeName === 'head')
  const headChildren = (headNode?.childNodes ?? []).flatMap((node) => {
    const element = 'tagName' in node ? scanned.get(node) : undefined
    return element ? [element] : []
  })
  return {
    elements: elements.sort((a, b) => a.start - b.start),
    comments: comments.sort((a, b) => a.start - b.start),
    htmlElement: htmlNode && scanned.get(htmlNode),
    head: headNode && scanned.get(headNode),
    headChildren: headChildren.sort((a, b) => a.start - b.start),
    doctypeEnd,
  }
}

function maxEnd(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b)
}
