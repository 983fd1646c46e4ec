import { EsmapError } from '../errors.js'
import type { HtmlRange } from './scan.js'

/** An attribute to write: `true` writes the bare name, `undefined` leaves it out. */
export type AttributeValue = string | true | undefined

/** A double-quoted attribute value: `&` and `"` escaped (HTML "attribute value (double-quoted) state"). */
export function escapeAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;')
}

/** ` name="value"` for each defined attribute, in the given order. */
export function renderAttributes(attributes: ReadonlyArray<readonly [string, AttributeValue]>): string {
  let out = ''
  for (const [name, value] of attributes) {
    if (value === undefined) continue
    out += value === true ? ` ${name}` : ` ${name}="${escapeAttribute(value)}"`
  }
  return out
}

/**
 * Makes JSON safe as the text of a `<script>` (HTML "restrictions for contents of script
 * elements"): `</script` would close the element, and `<!--` would enter the escaped states in
 * which `<script` changes how the end tag is found. Both only occur inside JSON strings, where
 * `<\/` and `\u003C` are the same characters.
 */
export function escapeScriptJson(json: string): string {
  return json.replace(/<(\/script|!--)/gi, (_, rest: string) => (rest === '!--' ? '\\u003C!--' : `<\\${rest}`))
}

/** Checks comment text against HTML's comment syntax; the marker comment is written as `<!-- text -->`. */
export function validateCommentText(text: string): string {
  const invalid = ['<!--', '-->', '--!>'].find((sequence) => text.includes(sequence))
  if (invalid !== undefined || text.endsWith('<!-')) {
    throw new EsmapError('ESMAP_INVALID_OPTION', `The comment "${text}" cannot be written inside an HTML comment`, {
      fix: `remove "${invalid ?? '<!-'}" from the comment option`,
    })
  }
  return text
}

/** The script's start tag with one attribute set: replaced where written, else added before the closing `>`. */
export function setStartTagAttribute(
  startTag: string,
  offset: number,
  attrRanges: ReadonlyMap<string, HtmlRange>,
  name: string,
  value: string,
): string {
  const attribute = `${name}="${escapeAttribute(value)}"`
  const written = attrRanges.get(name)
  if (written) {
    return startTag.slice(0, written.start - offset) + attribute + startTag.slice(written.end - offset)
  }
  // Before `>`, or before `/>` when that slash is not the tail of an unquoted attribute value.
  let at = startTag.length - 1
  const lastAttributeEnd = Math.max(offset, ...[...attrRanges.values()].map((range) => range.end)) - offset
  if (startTag[at - 1] === '/' && at - 1 >= lastAttributeEnd) at--
  const space = startTag[at - 1] === ' ' ? '' : ' '
  return `${startTag.slice(0, at)}${space}${attribute}${startTag.slice(at)}`
}
