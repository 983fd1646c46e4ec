import { describe, expect, it } from 'vitest'
import { relativeUrl } from './url.js'

const page = 'https://example.com/app/index.html'

describe('relativeUrl', () => {
  it.each([
    ['a file beside the page', 'https://example.com/app/main.js', page, undefined, './main.js'],
    ['a file below the page', 'https://example.com/app/lib/x.js?v=1#top', page, undefined, './lib/x.js?v=1#top'],
    ['a file above the page', 'https://example.com/lib/x.js', page, undefined, '../lib/x.js'],
    ['two levels up', 'https://example.com/x.js', 'https://example.com/a/b/index.html', undefined, '../../x.js'],
    ['the page folder itself', 'https://example.com/app/', page, undefined, './'],
    ['a page at a folder URL', 'https://example.com/app/main.js', 'https://example.com/app/', undefined, './main.js'],
    ['another host', 'https://cdn.example/react@18.3.1/index.js', page, undefined, 'https://cdn.example/react@18.3.1/index.js'],
    ['another port', 'https://example.com:8443/app/main.js', page, undefined, 'https://example.com:8443/app/main.js'],
    ['another scheme', 'http://example.com/app/main.js', page, undefined, 'http://example.com/app/main.js'],
    ['a relative input', '../lib/x.js', page, undefined, '../lib/x.js'],
    ['file: URLs', 'file:///site/node_modules/react/index.js', 'file:///site/src/index.html', undefined, '../node_modules/react/index.js'],
    ['under rootUrl: root-relative', 'file:///site/dist/assets/a.js', 'file:///site/dist/index.html', 'file:///site/dist', '/assets/a.js'],
    ['under rootUrl with a slash', 'https://example.com/app/lib/x.js', page, 'https://example.com/app/', '/lib/x.js'],
    ['outside rootUrl: relative', 'https://example.com/lib/x.js', page, 'https://example.com/app/', '../lib/x.js'],
    ['outside rootUrl on another host: absolute', 'https://cdn.example/x.js', page, 'https://example.com/', 'https://cdn.example/x.js'],
  ])('%s', (_, url, htmlUrl, rootUrl, expected) => {
    expect(relativeUrl(url, htmlUrl, rootUrl)).toBe(expected)
  })

  it('accepts URL objects', () => {
    expect(relativeUrl(new URL('https://example.com/app/a.js'), new URL(page))).toBe('./a.js')
  })

  it('rejects a relative page URL with ERR_INVALID_URL', () => {
    expect(() => relativeUrl('/a.js', 'index.html')).toThrowError(
      'Invalid htmlUrl "index.html": an absolute URL is needed to write relative URLs' +
        '\n  Fix: pass htmlUrl as an absolute URL such as https://example.com/ or a file: URL',
    )
  })
})
