import { describe, expect, it } from 'vitest'
import { integrity, isEsmapError } from '@esmap/core'
import { buildTexts, runIn } from './__tests__/packages.js'
import { text } from './__tests__/run.js'

const noMaps = { sourcemap: false }

describe('entries keep their names and locations; shared modules go to chunks', () => {
  const texts = {
    'package.json': JSON.stringify({
      name: 'lay-esm',
      type: 'module',
      scripts: { test: 'x' },
      devDependencies: { vitest: '1' },
      exports: { '.': './dist/index.js', './util': './dist/util.mjs', './features/*': './dist/features/*.js', './features/private/*': null, './style.css': './style.css', './package.json': './package.json' },
    }),
    'dist/index.js': "import { shared } from './internal/shared.js'\nexport const index = shared + '/index'\n",
    'dist/util.mjs': "import { shared } from './internal/shared.js'\nexport const util = shared + '/util'\n",
    'dist/internal/shared.js': "export const shared = 'shared'\n",
    'dist/features/a.js': "export const a = 'a'\n",
    'dist/features/private/x.js': "export const x = 'x'\n",
    'style.css': 'body { color: red }\n',
    'not-exported.css': 'p {}\n',
    'README.md': '# lay-esm\n',
    'LICENSE': 'MIT\n',
    'dist/index.d.ts': 'export declare const index: string\n',
  }

  it('writes every entry at its own path, the shared module once in a chunk, and exported assets as they are', async () => {
    const out = await buildTexts('lay-esm', texts)
    expect(out.chunks).toHaveLength(1)
    const chunk = out.chunks[0] ?? ''
    expect(chunk).toMatch(/^_chunks\/chunk-[A-Z0-9]{8}\.js$/)
    expect([...out.files.keys()]).toEqual([
      'LICENSE',
      'README.md',
      chunk,
      `${chunk}.map`,
      'dist/features/a.js',
      'dist/features/a.js.map',
      'dist/index.d.ts',
      'dist/index.js',
      'dist/index.js.map',
      'dist/util.mjs',
      'dist/util.mjs.map',
      'package.json',
      'style.css',
    ])
    expect(out.entries).toEqual({ 'dist/features/a.js': 'esm', 'dist/index.js': 'esm', 'dist/util.mjs': 'esm' })
    expect(out.assets).toEqual(['LICENSE', 'README.md', 'dist/index.d.ts', 'style.css'])
    expect(text(out.files, 'style.css')).toBe('body { color: red }\n')
    expect(text(out.files, 'dist/index.js')).toBe(
      ['import {', '  shared', `} from "../${chunk}";`, '', '// dist/index.js', 'var index = shared + "/index";', 'export {', '  index', '};', '//# sourceMappingURL=index.js.map', ''].join('\n'),
    )
    // A file that is not `.js` keeps its own name, and so does its map and the comment naming it.
    expect(text(out.files, 'dist/util.mjs').endsWith('//# sourceMappingURL=util.mjs.map\n')).toBe(true)
    expect(JSON.parse(text(out.files, 'dist/util.mjs.map')).sources).toEqual(['util.mjs'])
    expect(JSON.parse(text(out.files, `${chunk}.map`)).sources).toEqual(['../dist/internal/shared.js'])
    expect(await runIn({ builds: [out] }, 'lay-esm/util', 'ns.util')).toBe('shared/util')
  })

  it('writes the processed package.json: exports enumerated and resolved, a files listing, no scripts', async () => {
    const out = await buildTexts('lay-esm', texts)
    const chunk = out.chunks[0] ?? ''
    expect(JSON.parse(text(out.files, 'package.json'))).toEqual({
      name: 'lay-esm',
      type: 'module',
      exports: {
        '.': './dist/index.js',
        './features/a': './dist/features/a.js',
        './package.json': './package.json',
        './style.css': './style.css',
        './util': './dist/util.mjs',
      },
      files: [
        'LICENSE',
        'README.md',
        chunk,
        `${chunk}.map`,
        'dist/features/a.js',
        'dist/features/a.js.map',
        'dist/index.d.ts',
        'dist/index.js',
        'dist/index.js.map',
        'dist/util.mjs',
        'dist/util.mjs.map',
        'package.json',
        'style.css',
      ],
    })
    expect(out.packageJson).toEqual(JSON.parse(text(out.files, 'package.json')))
  })

  it('is deterministic: the same input gives the same bytes, so the same integrity', async () => {
    const [one, two] = await Promise.all([buildTexts('lay-esm', texts), buildTexts('lay-esm', texts)])
    expect([...two.files.keys()]).toEqual([...one.files.keys()])
    for (const [path, bytes] of one.files) expect(integrity(two.files.get(path) ?? ''), path).toBe(integrity(bytes))
  })

  it('minify and sourcemap: false', async () => {
    const plain = await buildTexts('lay-esm', texts, noMaps)
    const minified = await buildTexts('lay-esm', texts, { ...noMaps, minify: true })
    expect([...plain.files.keys()].filter((p) => p.endsWith('.map'))).toEqual([])
    expect(text(plain.files, 'dist/index.js')).not.toContain('sourceMappingURL')
    expect(text(minified.files, 'dist/features/a.js')).toBe('var a="a";export{a};\n')
    expect(await runIn({ builds: [minified] }, 'lay-esm', 'ns.index')).toBe('shared/index')
  })
})

describe('a package that mixes ES modules and CommonJS', () => {
  it('renames a .cjs entry back to its own name (and its map), and shares the CommonJS runtime in a chunk', async () => {
    const out = await buildTexts('lay-mixed', {
      'package.json': '{"name":"lay-mixed","exports":{".":"./index.mjs","./legacy":"./legacy.cjs"}}',
      'index.mjs': "export const esm = 'esm'\n",
      'legacy.cjs': "exports.legacy = 'cjs'\n",
    })
    expect(out.chunks).toHaveLength(1)
    const runtime = out.chunks[0] ?? ''
    expect([...out.files.keys()]).toEqual([runtime, `${runtime}.map`, 'index.mjs', 'index.mjs.map', 'legacy.cjs', 'legacy.cjs.map', 'package.json'])
    expect(text(out.files, runtime)).toContain('var __commonJS = ')
    // esbuild's runtime is reachable from every entry, so an ES module entry imports it too.
    expect(text(out.files, 'index.mjs')).toBe(
      [`import "./${runtime}";`, '', '// index.mjs', 'var esm = "esm";', 'export {', '  esm', '};', '//# sourceMappingURL=index.mjs.map', ''].join('\n'),
    )
    expect(text(out.files, 'legacy.cjs').endsWith('\n//# sourceMappingURL=legacy.cjs.map\n')).toBe(true)
    expect(JSON.parse(text(out.files, 'legacy.cjs.map')).sources).toEqual(['legacy.cjs', 'esmap-facade:legacy.cjs'])
    expect(await runIn({ builds: [out] }, 'lay-mixed/legacy', 'ns.legacy')).toBe('cjs')
  })
})

describe('module resolution inside the package', () => {
  it('"imports" (#name) resolve inside the package; nested "type": "module" scopes make ES modules', async () => {
    const out = await buildTexts(
      'lay-res',
      {
        'package.json': JSON.stringify({ name: 'lay-res', exports: { '.': './index.js', './esm': './dist/esm/index.js' }, imports: { '#platform': { browser: './platform-browser.js', default: './platform-node.js' } } }),
        'index.js': "module.exports = require('#platform')\n",
        'platform-browser.js': "module.exports = 'browser'\n",
        'platform-node.js': "module.exports = 'node'\n",
        'dist/esm/package.json': '{"type":"module"}',
        'dist/esm/index.js': "export const kind = typeof module === 'undefined' ? 'esm' : 'cjs'\n",
      },
      noMaps,
    )
    expect(out.entries).toEqual({ 'dist/esm/index.js': 'esm', 'index.js': 'cjs' })
    expect(await runIn({ builds: [out] }, 'lay-res', 'ns.default')).toBe('browser')
    expect(await runIn({ builds: [out] }, 'lay-res/esm', 'ns.kind')).toBe('esm')
  })

  it('a dynamic import() of a package file becomes a chunk loaded on demand', async () => {
    const out = await buildTexts('lay-dyn', { 'package.json': '{"name":"lay-dyn","type":"module","exports":"./index.js"}', 'index.js': "export const load = () => import('./lazy.js')\n", 'lazy.js': "export const lazy = 'lazy'\n" }, noMaps)
    expect(out.chunks).toEqual([expect.stringMatching(/^_chunks\/lazy-[A-Z0-9]{8}\.js$/)])
    expect(await runIn({ builds: [out] }, 'lay-dyn', '(await ns.load()).lazy')).toBe('lazy')
  })

  it('a dynamic import() of a renamed entry points at its own name, padded so the columns after it stay put', async () => {
    const out = await buildTexts(
      'lay-ref',
      { 'package.json': '{"name":"lay-ref","type":"module","exports":{".":"./index.js","./other":"./other.mjs"}}', 'index.js': "export const load = () => import('./other.mjs')\n", 'other.mjs': "export const other = 'other'\n" },
      noMaps,
    )
    expect(text(out.files, 'index.js')).toBe(['// index.js', 'var load = () => import("./other.mjs"   );', 'export {', '  load', '};', ''].join('\n'))
    expect(await runIn({ builds: [out] }, 'lay-ref', '(await ns.load()).other')).toBe('other')
  })

  it('the chunk folder avoids the package\'s own folders', async () => {
    const out = await buildTexts('lay-dir', { 'package.json': '{"name":"lay-dir","exports":{"./a":"./_chunks/a.js","./b":"./b.js"}}', '_chunks/a.js': "exports.a = require('./s')\n", 'b.js': "exports.b = require('./_chunks/s')\n", '_chunks/s.js': 'module.exports = 1\n' }, noMaps)
    expect(out.chunks).toEqual([expect.stringMatching(/^_chunks1\/chunk-[A-Z0-9]{8}\.js$/)])
    expect(Object.keys(out.entries)).toEqual(['_chunks/a.js', 'b.js'])
  })
})

describe('imports of files that are not modules', () => {
  it('an import of a stylesheet becomes an empty module, with a warning', async () => {
    const out = await buildTexts('lay-asset', { 'package.json': '{"name":"lay-asset","exports":"./index.js"}', 'index.js': "require('./style.css')\nexports.ok = true\n", 'style.css': 'p {}' }, noMaps)
    expect(out.warnings).toEqual([
      { code: 'ESMAP_ASSET_IMPORT', message: 'lay-asset@1.0.0/index.js imports "./style.css" (style.css), which is not JavaScript or JSON; it is replaced by an empty module.', file: 'index.js' },
    ])
    expect(await runIn({ builds: [out] }, 'lay-asset', 'ns.ok')).toBe(true)
  })
})

describe('failures', () => {
  it('an ES module importing a missing file fails the build with ESMAP_BUILD_FAILED', async () => {
    const error: unknown = await buildTexts('lay-fail', { 'package.json': '{"name":"lay-fail","type":"module","exports":"./index.js"}', 'index.js': "import './missing.js'\n" }, noMaps).then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(isEsmapError(error, 'ESMAP_BUILD_FAILED')).toBe(true)
    expect((error as Error).message).toBe(
      [
        'Could not build lay-fail@1.0.0:',
        '  index.js:1:8: Cannot find "./missing.js" imported by lay-fail@1.0.0/index.js: no file "missing.js" (nor with .js/.mjs/.cjs/.json, nor an index) in lay-fail@1.0.0.',
        '  Fix: Fix the package configuration with an override (exports, format, map, files/ignore), or use a version that builds.',
      ].join('\n'),
    )
  })

  it('an inferred entry that does not build is left out with a warning; the main entry builds', async () => {
    const out = await buildTexts('lay-skip', { 'package.json': '{"name":"lay-skip","main":"index.js"}', 'index.js': "module.exports = 'main'\n", 'scripts/broken.js': 'export const = 1\n' }, noMaps)
    expect(Object.keys(out.entries)).toEqual(['index.js'])
    expect(out.packageJson.exports).toEqual({ '.': './index.js', './index': './index.js', './index.js': './index.js', './package': './package.json', './package.json': './package.json' })
    expect(out.warnings.map((w) => [w.code, w.file])).toEqual([['ESMAP_ENTRY_SKIPPED', 'scripts/broken.js']])
    expect(out.warnings[0]?.message.split('\n')[0]).toBe('lay-skip@1.0.0/scripts/broken.js does not build and is left out of the inferred exports:')
  })
})
