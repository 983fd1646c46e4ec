import { describe, expect, it } from 'vitest'
import { files } from './__tests__/run.js'
import { resolveRequest, type ImportStyle, type PackageView, type Resolution } from './resolve.js'

const view: PackageView = {
  label: 'res@1.0.0',
  pkg: {
    name: 'res',
    main: 'lib/index.js',
    browser: { './lib/node.js': './lib/browser.js', fs: false, http: 'stream-http', './lib/gone.js': false, crypto: './lib/crypto-shim.js' },
    imports: { '#env': { browser: './lib/browser.js', default: './lib/node.js' }, '#dep': 'dep/sub', '#style': { import: './lib/a.js', require: './lib/b.js' } },
  },
  files: files({
    'lib/index.js': '',
    'lib/a.js': '',
    'lib/b.js': '',
    'lib/node.js': '',
    'lib/browser.js': '',
    'lib/gone.js': '',
    'lib/crypto-shim.js': '',
    'lib/dir/index.js': '',
    'lib/pkgdir/package.json': '{"main":"./main.js"}',
    'lib/pkgdir/main.js': '',
    'lib/loop/package.json': '{"main":"."}',
    'lib/loop/index.js': '',
    'data.json': '{}',
    'vendor/dep/index.js': '',
  }),
  conditions: ['browser', 'production'],
  map: { mapped: './vendor/dep', gone: '@empty', renamed: 'other', res: '.' },
}

describe('resolveRequest', () => {
  const table: [string, string, ImportStyle, Resolution][] = [
    ['./a', 'lib/index.js', 'require', { kind: 'file', path: 'lib/a.js' }],
    ['./a.js', 'lib/index.js', 'import', { kind: 'file', path: 'lib/a.js' }],
    ['../data', 'lib/index.js', 'require', { kind: 'file', path: 'data.json' }],
    ['./dir', 'lib/index.js', 'require', { kind: 'file', path: 'lib/dir/index.js' }],
    ['./pkgdir', 'lib/index.js', 'require', { kind: 'file', path: 'lib/pkgdir/main.js' }],
    ['./loop', 'lib/index.js', 'require', { kind: 'file', path: 'lib/loop/index.js' }],
    ['..', 'lib/a.js', 'require', { kind: 'file', path: 'lib/index.js' }],
    ['./node', 'lib/index.js', 'require', { kind: 'file', path: 'lib/browser.js' }],
    ['./gone', 'lib/index.js', 'require', { kind: 'empty', why: 'the "browser" field replaces "lib/gone.js" with an empty module' }],
    ['./missing', 'lib/index.js', 'require', { kind: 'missing', why: 'no file "lib/missing" (nor with .js/.mjs/.cjs/.json, nor an index) in res@1.0.0' }],
    ['../../x', 'lib/index.js', 'require', { kind: 'missing', why: '"../../x" points outside res@1.0.0' }],
    ['fs', 'lib/index.js', 'require', { kind: 'empty', why: 'the "browser" field replaces "fs" with an empty module' }],
    ['http', 'lib/index.js', 'require', { kind: 'external', specifier: 'stream-http' }],
    ['crypto', 'lib/index.js', 'require', { kind: 'file', path: 'lib/crypto-shim.js' }],
    ['react', 'lib/index.js', 'import', { kind: 'external', specifier: 'react' }],
    ['react/jsx-runtime', 'lib/index.js', 'require', { kind: 'external', specifier: 'react/jsx-runtime' }],
    ['node:fs', 'lib/index.js', 'import', { kind: 'external', specifier: 'node:fs' }],
    ['https://cdn.example/x.js', 'lib/index.js', 'import', { kind: 'external', specifier: 'https://cdn.example/x.js' }],
    ['#env', 'lib/index.js', 'import', { kind: 'file', path: 'lib/browser.js' }],
    ['#dep', 'lib/index.js', 'import', { kind: 'external', specifier: 'dep/sub' }],
    ['#style', 'lib/index.js', 'import', { kind: 'file', path: 'lib/a.js' }],
    ['#style', 'lib/index.js', 'require', { kind: 'file', path: 'lib/b.js' }],
    ['#nope', 'lib/index.js', 'import', { kind: 'missing', why: '"#nope" is not defined in the "imports" of res@1.0.0' }],
    ['mapped', 'lib/index.js', 'require', { kind: 'file', path: 'vendor/dep/index.js' }],
    ['gone', 'lib/index.js', 'require', { kind: 'empty', why: '"map" sends "gone" to @empty' }],
    ['renamed/sub', 'lib/index.js', 'require', { kind: 'external', specifier: 'other/sub' }],
    ['res/lib/a', 'lib/index.js', 'require', { kind: 'file', path: 'lib/a.js' }],
  ]
  it.each(table)('%j from %s (%s)', (specifier, importer, style, expected) => {
    expect(resolveRequest(view, specifier, importer, style)).toEqual(expected)
  })

  it('applies no browser remaps without the browser condition', () => {
    const node = { ...view, conditions: ['production'] }
    expect(resolveRequest(node, './node', 'lib/index.js', 'require')).toEqual({ kind: 'file', path: 'lib/node.js' })
    expect(resolveRequest(node, 'fs', 'lib/index.js', 'require')).toEqual({ kind: 'external', specifier: 'fs' })
    expect(resolveRequest(node, '#env', 'lib/index.js', 'import')).toEqual({ kind: 'file', path: 'lib/node.js' })
  })
})
