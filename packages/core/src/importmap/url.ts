/**
 * URL helpers for import maps: the spec's "resolve a URL-like module specifier", special
 * schemes, bare keys, and the relative form a URL is written in at a map's location.
 */

/**
 * Where relative URLs of a map are resolved. `url` is the map's own URL (the spec's base URL).
 * `root`, when set, is the URL that `/` stands for: a path-absolute `/x` resolves under it
 * instead of under the map URL's origin (an esmap extension for maps written for a server root;
 * the spec's own parsing always uses `root: null`).
 */
export interface UrlBase {
  readonly url: URL
  readonly root: URL | null
}

const specialSchemes: ReadonlySet<string> = new Set(['ftp:', 'file:', 'http:', 'https:', 'ws:', 'wss:'])

/** A URL scheme followed by `:` at the start of a string (`https:`, `npm:`, `a+b:`). */
const schemePrefix = /^[a-zA-Z][a-zA-Z\d+.-]*:/

/** The URL Standard's "special" schemes, whose paths are hierarchical. */
export function isSpecial(url: URL): boolean {
  return specialSchemes.has(url.protocol)
}

/** WHATWG URL parsing; `null` for failure. */
export function parseUrl(input: string, base?: string | URL): URL | null {
  return URL.parse(input, base)
}

/** A base for resolving against a URL alone (a referring module), with no root. */
export function urlBase(url: URL): UrlBase {
  return { url, root: null }
}

/**
 * URL-parse `input` against the map's base. With a root, a path-absolute input (`/x`, but not
 * the scheme-relative `//host` or `/\host`) resolves under the root: its path is normalised as
 * if at a server root, so `/../x` stays inside the root as a browser would keep it.
 */
export function parseAgainst(input: string, base: UrlBase): URL | null {
  if (base.root !== null && input.startsWith('/') && input[1] !== '/' && input[1] !== '\\') {
    const atRoot = parseUrl(input, 'http://root.invalid/')
    return atRoot && parseUrl(`.${atRoot.pathname}${atRoot.search}${atRoot.hash}`, base.root)
  }
  return parseUrl(input, base.url)
}

/** Spec: "resolve a URL-like module specifier" (HTML § 8.1.5.3). */
export function resolveUrlLike(specifier: string, base: UrlBase): URL | null {
  // 1. If specifier starts with "/", "./", or "../", URL-parse it with baseURL; failure (such as
  //    "../foo" against a data: URL) returns null.
  if (specifier.startsWith('/') || specifier.startsWith('./') || specifier.startsWith('../')) {
    return parseAgainst(specifier, base)
  }
  // 2-4. Otherwise URL-parse it with no base URL: an absolute URL, or null.
  return parseUrl(specifier)
}

/**
 * A specifier key that can only ever match bare specifiers: not a URL, and not a string that a
 * URL-like specifier could start with (a scheme prefix such as the unparseable `https:/`).
 */
export function isBareKey(key: string): boolean {
  return !URL.canParse(key) && !schemePrefix.test(key)
}

/**
 * How `href` is written in a map at `base`: `/path` when it lies under the root, `./x` or `../x`
 * on the map URL's origin, the absolute URL otherwise (other origins, non-special schemes).
 * Every relative form is checked to parse back to `href` at `base`.
 */
export function toRelative(href: string, base: UrlBase): string {
  const url = parseUrl(href)
  if (url === null || !isSpecial(url)) return href
  if (base.root !== null && href.startsWith(base.root.href)) {
    const rooted = `/${href.slice(base.root.href.length)}`
    if (parseAgainst(rooted, base)?.href === href) return rooted
  }
  const from = base.url
  if (url.protocol !== from.protocol || url.host !== from.host || url.username !== from.username || url.password !== from.password) {
    return href
  }
  const relative = `${relativePath(from.pathname, url.pathname)}${url.search}${url.hash}`
  return parseAgainst(relative, base)?.href === href ? relative : href
}

/** The `./` or `../` path from the directory of `fromPath` to `toPath` (both absolute URL paths). */
function relativePath(fromPath: string, toPath: string): string {
  const fromDir = fromPath.split('/').slice(0, -1)
  const to = toPath.split('/')
  let common = 0
  while (common < fromDir.length && common < to.length - 1 && fromDir[common] === to[common]) common++
  const up = fromDir.length - common
  return `${up === 0 ? './' : '../'.repeat(up)}${to.slice(common).join('/')}`
}
