import { describe, expect, it } from 'vitest'
import { isEsmapError } from '../errors.js'
import { analyzeHtml } from './analyze.js'
import type { HtmlAnalysis } from './analyze.js'

const pageUrl = 'https://example.com/app/index.html'

/** The analysis with every offset shown as the source text it points at, so expectations read as HTML. */
function view(html: string, analysis: HtmlAnalysis): unknown {
  const text = <T extends { start: number; end: number }>({ start, end, ...rest }: T) => ({ outer: html.slice(start, end), ...rest })
  return {
    ...analysis,
    importMap: analysis.importMap && 'same as importMaps[0]',
    importMaps: analysis.importMaps.map(({ contentStart, contentEnd, error, ...map }) => ({
      ...text(map),
      content: html.slice(contentStart, contentEnd),
      error: error && { code: error.code, message: error.message },
    })),
    modules: analysis.modules.map(({ startTagEnd, ...m }) => ({ ...text(m), startTag: html.slice(m.start, startTagEnd) })),
    preloads: analysis.preloads.map(text),
    esModuleShims: analysis.esModuleShims.map(text),
    head: analysis.head && {
      outer: html.slice(analysis.head.start, analysis.head.end),
      startTag: html.slice(analysis.head.start, analysis.head.startTagEnd),
      endTag: analysis.head.endTagStart === undefined ? undefined : html.slice(analysis.head.endTagStart, analysis.head.end),
    },
  }
}

describe('analyzeHtml', () => {
  it('finds the map, modules, preloads, es-module-shims and head, resolving against <base href>', () => {
    const html = `<!doctype html>
<html>
<head>
  <base href="/static/">
  <script type="importmap">
  {"imports": {"react": "/react.js"}}
  </script>
  <script async src="https://cdn.example/es-module-shims@2.6.2/dist/es-module-shims.js" integrity="sha384-esms" crossorigin="anonymous"></script>
  <link rel="modulepreload" href="dep.js" integrity="sha384-dep">
  <link rel="preload stylesheet" href="x.css">
  <link REL="Prefetch ModulePreload" href="../lib/two.js">
</head>
<body>
  <script type="module" src="./app.js"></script>
  <script type=" MODULE ">import 'react'</script>
  <script>console.log(1)</script>
  <script type="text/plain" src="data.js"></script>
</body>
</html>
`
    const analysis = analyzeHtml(html, pageUrl)
    expect(analysis.importMap).toBe(analysis.importMaps[0])
    expect(view(html, analysis)).toEqual({
      baseUrl: 'https://example.com/static/',
      importMap: 'same as importMaps[0]',
      importMaps: [
        {
          outer: '<script type="importmap">\n  {"imports": {"react": "/react.js"}}\n  </script>',
          type: 'importmap',
          attributes: { type: 'importmap' },
          content: '\n  {"imports": {"react": "/react.js"}}\n  ',
          text: '\n  {"imports": {"react": "/react.js"}}\n  ',
          json: { imports: { react: '/react.js' } },
          error: undefined,
        },
      ],
      modules: [
        {
          outer: '<script type="module" src="./app.js"></script>',
          type: 'module',
          attributes: { type: 'module', src: './app.js' },
          src: './app.js',
          url: 'https://example.com/static/app.js',
          source: undefined,
          startTag: '<script type="module" src="./app.js">',
        },
        {
          outer: `<script type=" MODULE ">import 'react'</script>`,
          type: 'module',
          attributes: { type: ' MODULE ' },
          src: undefined,
          url: undefined,
          source: "import 'react'",
          startTag: '<script type=" MODULE ">',
        },
      ],
      preloads: [
        {
          outer: '<link rel="modulepreload" href="dep.js" integrity="sha384-dep">',
          attributes: { rel: 'modulepreload', href: 'dep.js', integrity: 'sha384-dep' },
          href: 'dep.js',
          url: 'https://example.com/static/dep.js',
          integrity: 'sha384-dep',
        },
        {
          outer: '<link REL="Prefetch ModulePreload" href="../lib/two.js">',
          attributes: { rel: 'Prefetch ModulePreload', href: '../lib/two.js' },
          href: '../lib/two.js',
          url: 'https://example.com/lib/two.js',
          integrity: undefined,
        },
      ],
      esModuleShims: [
        {
          outer:
            '<script async src="https://cdn.example/es-module-shims@2.6.2/dist/es-module-shims.js" integrity="sha384-esms" crossorigin="anonymous"></script>',
          attributes: {
            async: '',
            src: 'https://cdn.example/es-module-shims@2.6.2/dist/es-module-shims.js',
            integrity: 'sha384-esms',
            crossorigin: 'anonymous',
          },
          src: 'https://cdn.example/es-module-shims@2.6.2/dist/es-module-shims.js',
          url: 'https://cdn.example/es-module-shims@2.6.2/dist/es-module-shims.js',
          integrity: 'sha384-esms',
        },
      ],
      head: {
        outer: html.slice(html.indexOf('<head>'), html.indexOf('</head>') + '</head>'.length),
        startTag: '<head>',
        endTag: '</head>',
      },
      newline: '\n',
      indent: '  ',
    })
  })

  it('reports invalid JSON as an ESMAP_INVALID_IMPORT_MAP error with the SyntaxError as cause', () => {
    const html = '<!doctype html>\n<script type="importmap">{imports: {}}</script>\n'
    const map = analyzeHtml(html, pageUrl).importMap
    expect(map?.json).toBe(undefined)
    expect(isEsmapError(map?.error, 'ESMAP_INVALID_IMPORT_MAP')).toBe(true)
    expect(map?.error?.message).toBe(
      `Invalid JSON in the <script type="importmap"> at line 2 of https://example.com/app/index.html: Expected property name or '}' in JSON at position 1` +
        '\n  Fix: correct the JSON, or empty the script to start from an empty import map',
    )
    expect(map?.error?.cause).toBeInstanceOf(SyntaxError)
  })

  it('reports a map that is JSON but not an object', () => {
    const map = analyzeHtml('<script type="importmap">["react"]</script>', pageUrl).importMap
    expect(map?.json).toBe(undefined)
    expect(map?.error?.code).toBe('ESMAP_INVALID_IMPORT_MAP')
    expect(map?.error?.message).toBe(
      'The import map in the <script type="importmap"> at line 1 of https://example.com/app/index.html is not a JSON object' +
        '\n  Fix: write the map as an object such as {"imports": {}}',
    )
  })

  it.each([
    ['an empty script', '<script type="importmap"></script>'],
    ['a blank script', '<script type="importmap">\n   \n</script>'],
    ['a script left open at the end', '<script type="importmap">\n'],
  ])('reads %s as an empty map', (_, html) => {
    const map = analyzeHtml(html, pageUrl).importMap
    expect(map?.json).toEqual({})
    expect(map?.error).toBe(undefined)
  })

  it('keeps every import map, es-module-shims shim-mode types included', () => {
    const html = [
      '<script type="importmap-shim">{"imports": {"a": "/a.js"}}</script>',
      '<script type="importmap">{"imports": {"b": "/b.js"}}</script>',
      '<script type="module-shim" src="/shim.js"></script>',
    ].join('\n')
    const analysis = analyzeHtml(html, pageUrl)
    expect(analysis.importMaps.map((map) => [map.type, map.json])).toEqual([
      ['importmap-shim', { imports: { a: '/a.js' } }],
      ['importmap', { imports: { b: '/b.js' } }],
    ])
    expect(analysis.importMap?.type).toBe('importmap-shim')
    expect(analysis.modules.map((script) => [script.type, script.url])).toEqual([['module-shim', 'https://example.com/shim.js']])
  })

  it('ignores scripts a browser would not run: in comments, <template>, SVG, text of other scripts, data blocks', () => {
    const html = `<!doctype html>
<head>
  <!-- <script type="importmap">{}</script> -->
  <template><script type="importmap">{}</script><script type="module" src="/t.js"></script></template>
  <noscript><script type="module" src="/n.js"></script></noscript>
  <script>document.write('<script type="importmap"><\\/script>')</script>
  <script type="text/x-template"><script type="module" src="/x.js"></script></script>
</head>
<body>
  <svg><script type="module" href="/svg.js"></script></svg>
  <textarea><link rel="modulepreload" href="/ta.js"></textarea>
  <script type="module" src="/real.js"></script>
</body>
`
    const analysis = analyzeHtml(html, pageUrl)
    expect(analysis.importMaps).toEqual([])
    expect(analysis.preloads).toEqual([])
    expect(analysis.modules.map((script) => script.url)).toEqual(['https://example.com/real.js'])
  })

  it.each([
    ['no type', '<script src="/es-module-shims.js"></script>', ['https://example.com/es-module-shims.js']],
    ['a JavaScript MIME type', '<script type=" TEXT/JavaScript" src="/vendor/es-module-shims/index.js"></script>', ['https://example.com/vendor/es-module-shims/index.js']],
    ['a MIME type with parameters (a data block)', '<script type="text/javascript; charset=utf-8" src="/es-module-shims.js"></script>', []],
    ['language only', '<script language="javascript" src="https://cdn.example/npm/es-module-shims@2"></script>', ['https://cdn.example/npm/es-module-shims@2']],
    ['a module script', '<script type="module" src="/es-module-shims.js"></script>', []],
    ['a name only in the query', '<script src="/loader.js?es-module-shims"></script>', []],
    ['an inline script', '<script>/* es-module-shims */</script>', []],
  ])('recognises es-module-shims: %s', (_, html, urls) => {
    expect(analyzeHtml(html, pageUrl).esModuleShims.map((script) => script.url)).toEqual(urls)
  })

  it.each([
    ['no <base>', '<script type="module" src="a.js"></script>', 'https://example.com/app/index.html', 'https://example.com/app/a.js'],
    ['the first <base> with an href', '<base target="_top"><base href="https://cdn.example/v2/"><base href="/x/">', 'https://cdn.example/v2/', undefined],
    ['a relative <base>', '<base href="../"><script type="module" src="a.js"></script>', 'https://example.com/', 'https://example.com/a.js'],
    ['an unparsable <base>', '<base href="http://[bad"><script type="module" src="a.js"></script>', 'https://example.com/app/index.html', 'https://example.com/app/a.js'],
    ['an empty src', '<script type="module" src=" "></script>', 'https://example.com/app/index.html', undefined],
  ])('resolves URLs against the document base URL: %s', (_, html, baseUrl, moduleUrl) => {
    const analysis = analyzeHtml(html, pageUrl)
    expect(analysis.baseUrl).toBe(baseUrl)
    expect(analysis.modules[0]?.url).toBe(moduleUrl)
  })

  it.each([
    ['LF, two spaces', '<html>\n  <head>\n    <title>x</title>\n', '\n', '  '],
    ['CRLF, four spaces', '<html>\r\n    <head>\r\n        <title>x</title>\r\n', '\r\n', '    '],
    ['tabs', '<html>\n<head>\n\t<title>x</title>\n', '\n', '\t'],
    ['nothing indented', '<html>\n<head>\n<title>x</title>\n', '\n', '  '],
    ['indentation inside scripts and text does not count', '<p>\n a\n</p>\n<script>\n   x()\n</script>\n', '\n', '  '],
  ])('detects the whitespace style: %s', (_, html, newline, indent) => {
    const analysis = analyzeHtml(html, pageUrl)
    expect([analysis.newline, analysis.indent]).toEqual([newline, indent])
  })

  it('reads a page that starts with a byte-order mark like a browser does', () => {
    const html = '\uFEFF<!doctype html><head><script type="importmap">{}</script></head>'
    const analysis = analyzeHtml(html, pageUrl)
    expect(analysis.head && html.slice(analysis.head.start, analysis.head.startTagEnd)).toBe('<head>')
    expect(analysis.importMap && html.slice(analysis.importMap.start, analysis.importMap.end)).toBe(
      '<script type="importmap">{}</script>',
    )
  })

  it('has no head when its start tag is implied', () => {
    expect(analyzeHtml('<!doctype html><title>x</title>', pageUrl).head).toBe(undefined)
  })

  it('rejects a page URL that is not absolute', () => {
    expect(() => analyzeHtml('', 'index.html')).toThrowError(
      'Invalid page URL "index.html": relative URLs in the HTML cannot be resolved' +
        '\n  Fix: pass the absolute URL the page is served from (https://example.com/index.html) or its file: URL',
    )
  })
})
