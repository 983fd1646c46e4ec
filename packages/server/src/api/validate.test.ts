import { describe, expect, it } from 'vitest'
import type { GenerateArgs } from './args.js'
import { argsProblem, inputMapProblem } from './validate.js'

const args = (over: Partial<GenerateArgs>): GenerateArgs => ({ install: ['fx-dep'], env: ['browser'], inputMap: undefined, provider: undefined, flattenScope: false, graph: false, ...over })

describe('argsProblem', () => {
  it.each([
    [args({}), undefined],
    [args({ install: ['fx-dep@^2/extra', 'alias@npm:fx-dep@1', { target: 'fx-exports', subpath: './features/a' }] }), undefined],
    [args({ install: [], inputMap: { imports: { a: 'https://x/a.js' } } }), undefined],
    [args({ install: [] }), 'Nothing to generate: give "install", a list of package targets such as ["lit@^3"] (or an inputMap with imports to reinstall)'],
    [args({ install: ['a', 'b', 'c', 'd'] }), '"install" lists 4 targets; this server accepts at most 3 per request'],
    [args({ install: ['https://example.com/pkg/'] }), 'install[0] "https://example.com/pkg/" is a URL; this server installs npm packages only (name@range/subpath)'],
    [args({ install: ['file:///etc/'] }), 'install[0] "file:///etc/" is a URL; this server installs npm packages only (name@range/subpath)'],
    [args({ install: ['fx-dep', '../../etc'] }), 'install[1] "../../etc" is a local path; this server installs npm packages only (name@range/subpath)'],
    [args({ install: ['jsr:@std/path'] }), 'install[0] "jsr:@std/path" is a jsr: package; this server installs npm packages only'],
    [args({ env: Array.from({ length: 33 }, (_, i) => `c${i}`) }), '"env" lists 33 conditions; at most 32 are accepted'],
  ])('%j', (value, expected) => {
    expect(argsProblem(value, { maxInstalls: 3 })).toBe(expected)
  })

  it('reports an unparsable target with the parser message', () => {
    expect(argsProblem(args({ install: ['fx-dep@^2/../x'] }), { maxInstalls: 3 })).toMatch(/^install\[0\]: Invalid install target "fx-dep@\^2\/\.\.\/x": the subpath "\.\/\.\.\/x" has an empty, "\." or "\.\." segment/)
  })
})

describe('inputMapProblem', () => {
  it.each([
    [{ imports: { a: 'https://cdn.example/a.js', b: null, 'https://x/y.js': 'https://x/z.js' } }, undefined],
    [{ imports: { a: 'data:text/javascript,export default 1' } }, undefined],
    [{ scopes: { 'https://cdn.example/': { a: 'http://cdn.example/a.js' } }, integrity: { 'https://cdn.example/a.js': 'sha384-x' } }, undefined],
    [{ imports: { a: 'file:///etc/passwd' } }, 'inputMap.imports["a"] is a file: URL; only http:, https: and data: URLs are accepted'],
    [{ imports: { a: './a.js' } }, 'inputMap.imports["a"] is "./a.js", which is not an absolute URL (this API has no page URL to resolve relative ones against)'],
    [{ imports: { './a.js': 'https://x/a.js' } }, 'inputMap.imports has the relative key "./a.js"; use bare specifiers or absolute URLs'],
    [{ imports: { a: 5 } }, 'inputMap.imports["a"] must be a URL string or null'],
    [{ imports: [] }, 'inputMap.imports must be an object'],
    [{ scopes: { 'file:///': { a: 'https://x/a.js' } } }, 'the scope "file:///" of inputMap.scopes is a file: URL; only http:, https: and data: URLs are accepted'],
    [{ scopes: { 'https://x/': { a: 'file:///a.js' } } }, 'inputMap.scopes["https://x/"]["a"] is a file: URL; only http:, https: and data: URLs are accepted'],
    [{ scopes: [] }, 'inputMap.scopes must be an object'],
    [{ integrity: { 'file:///a.js': 'sha384-x' } }, 'the integrity key "file:///a.js" is a file: URL; only http:, https: and data: URLs are accepted'],
    [{ integrity: { 'https://x/a.js': 1 } }, 'inputMap.integrity["https://x/a.js"] must be a string'],
    [{ imports: {}, preload: [] }, 'inputMap has the unknown key "preload"; an import map has imports, scopes and integrity'],
  ])('%j', (map, expected) => {
    expect(inputMapProblem(map as never)).toBe(expected)
  })
})
