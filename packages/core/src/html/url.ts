import { EsmapError } from '../errors.js'

/**
 * How a page at `htmlUrl` should write `url` in an attribute: root-relative (`/assets/app.js`)
 * when it lies under `rootUrl`, relative to the page (`./app.js`, `../lib/x.js`) when it shares
 * the page's scheme and host, and absolute otherwise. Query and fragment are kept.
 *
 * @example relativeUrl('https://example.com/lib/x.js', 'https://example.com/app/index.html') // '../lib/x.js'
 * @example relativeUrl('file:///site/assets/a.js', 'file:///site/index.html', 'file:///site/') // '/assets/a.js'
 */
export function relativeUrl(url: string | URL, htmlUrl: string | URL, rootUrl?: string | URL): string {
  const page = absoluteUrl(htmlUrl, 'htmlUrl')
  const target = new URL(url, page)
  if (rootUrl !== undefined) {
    const root = absoluteUrl(rootUrl, 'rootUrl')
    root.search = ''
    root.hash = ''
    if (!root.pathname.endsWith('/')) root.pathname += '/'
    if (target.href.startsWith(root.href)) return `/${target.href.slice(root.href.length)}`
  }
  if (target.protocol !== page.protocol || target.host !== page.host || target.username !== page.username) {
    return target.href
  }
  const from = page.pathname.split('/').slice(0, -1)
  const to = target.pathname.split('/')
  let common = 0
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++
  const rest = to.slice(common).join('/')
  const up = from.length - common
  return (up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`) + target.search + target.hash
}

function absoluteUrl(value: string | URL, name: string): URL {
  if (value instanceof URL) return new URL(value.href)
  if (URL.canParse(value)) return new URL(value)
  throw new EsmapError('ERR_INVALID_URL', `Invalid ${name} "${value}": an absolute URL is needed to write relative URLs`, {
    specifier: value,
    fix: `pass ${name} as an absolute URL such as https://example.com/ or a file: URL`,
  })
}
