import type { ScannedElement } from './scan.js'

/**
 * What a `<script>` element is, per HTML "prepare the script element" (steps 7-11), plus the two
 * types es-module-shims reads in shim mode (`module-shim`, `importmap-shim`).
 */
export type ScriptKind = 'classic' | 'module' | 'importmap' | 'module-shim' | 'importmap-shim' | 'data'

/** MIME Sniffing: the JavaScript MIME type essences. */
const javascriptEssences: ReadonlySet<string> = new Set([
  'application/ecmascript',
  'application/javascript',
  'application/x-ecmascript',
  'application/x-javascript',
  'text/ecmascript',
  'text/javascript',
  'text/javascript1.0',
  'text/javascript1.1',
  'text/javascript1.2',
  'text/javascript1.3',
  'text/javascript1.4',
  'text/javascript1.5',
  'text/jscript',
  'text/livescript',
  'text/x-ecmascript',
  'text/x-javascript',
])

export function scriptKind(script: ScannedElement): ScriptKind {
  const type = script.attrs.get('type')
  const language = script.attrs.get('language')
  // Step 7: no type and no (or an empty) language, or an empty type: a classic script.
  if (type === '' || (type === undefined && !language)) return 'classic'
  // Step 8: the type string is the type attribute stripped of ASCII whitespace, else "text/" + language.
  const typeString = (type === undefined ? `text/${language}` : stripAsciiWhitespace(type)).toLowerCase()
  // Step 9: a JavaScript MIME type essence match (the whole string: parameters make it a data block).
  if (javascriptEssences.has(typeString)) return 'classic'
  // Steps 10-11: ASCII case-insensitive "module" and "importmap"; anything else is a data block.
  if (typeString === 'module' || typeString === 'importmap') return typeString
  if (typeString === 'module-shim' || typeString === 'importmap-shim') return typeString
  return 'data'
}

/** True when a `<link>`'s `rel` holds the `modulepreload` keyword (ASCII case-insensitive token). */
export function isModulePreload(link: ScannedElement): boolean {
  const rel = link.attrs.get('rel')
  return rel !== undefined && splitOnAsciiWhitespace(rel.toLowerCase()).includes('modulepreload')
}

function stripAsciiWhitespace(text: string): string {
  return text.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '')
}

function splitOnAsciiWhitespace(text: string): string[] {
  return text.split(/[\t\n\f\r ]+/).filter((token) => token !== '')
}
