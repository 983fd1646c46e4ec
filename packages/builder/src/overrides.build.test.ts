import { describe, expect, it } from 'vitest'
import { buildTexts, runIn } from './__tests__/packages.js'
import { section, text } from './__tests__/run.js'
import type { PackageOverride } from './types.js'

const noMaps = { sourcemap: false }
const withOverride = (name: string, override: PackageOverride, extra: object = {}): object => ({ ...noMaps, overrides: { [name]: override }, ...extra })

describe('override: exports', () => {
  const texts = {
    'package.json': '{"name":"ov-exports","main":"lib/a.js"}',
    'lib/a.js': "exports.a = require('./shared').s + 'a'\n",
    'lib/b.js': "exports.b = require('./shared').s + 'b'\n",
    'lib/shared.js': "exports.s = 's'\n",
    'test/a.test.js': "require('../lib/a')\n",
  }

  it('replaces the inferred exports: only its subpaths are entries, the shared module is a chunk', async () => {
    const out = await buildTexts('ov-exports', texts, withOverride('ov-exports', { exports: { '.': './lib/a.js', './b': { browser: './lib/b.js', node: './lib/node.js' } } }))
    expect(out.packageJson.exports).toEqual({ '.': './lib/a.js', './b': './lib/b.js' })
    expect(Object.keys(out.entries)).toEqual(['lib/a.js', 'lib/b.js'])
    expect(out.chunks).toHaveLength(1)
    expect(out.packageJson.files).toEqual([out.chunks[0], 'lib/a.js', 'lib/b.js', 'package.json'])
    expect(await runIn({ builds: [out] }, 'ov-exports/b', 'ns.b')).toBe('sb')
  })

  it('without it, every module file is an inferred entry', async () => {
    const out = await buildTexts('ov-exports', texts, noMaps)
    expect(Object.keys(out.entries)).toEqual(['lib/a.js', 'lib/b.js', 'lib/shared.js', 'test/a.test.js'])
  })
})

describe('override: cjsNamedExports', () => {
  const texts = { 'package.json': '{"name":"ov-named","exports":"./index.js"}', 'index.js': "function make() { return { x: 1, y: 2 } }\nmodule.exports = make()\n" }

  it('gives the names cjs-module-lexer cannot see', async () => {
    const plain = await buildTexts('ov-named', texts, noMaps)
    expect(await runIn({ builds: [plain] }, 'ov-named')).toEqual(['default'])
    const out = await buildTexts('ov-named', texts, withOverride('ov-named', { cjsNamedExports: { './index.js': ['x', 'y'] } }))
    expect(section(text(out.files, 'index.js'), 'esmap-facade:index.js')).toBe(
      [
        '// esmap-facade:index.js',
        'var __module = require_index();',
        'var index_default = __module;',
        'var __e0 = __module["x"];',
        'var __e1 = __module["y"];',
        'export {',
        '  index_default as default,',
        '  __e0 as x,',
        '  __e1 as y',
        '};',
        '',
      ].join('\n'),
    )
    expect(await runIn({ builds: [out] }, 'ov-named', '[ns.x, ns.y]')).toEqual([1, 2])
  })
})

describe('override: dependencies', () => {
  it('replaces the dependencies of the processed package.json', async () => {
    const out = await buildTexts('ov-deps', { 'package.json': '{"name":"ov-deps","exports":"./index.js","dependencies":{"old":"^1.0.0"}}', 'index.js': 'export default 1\n' }, withOverride('ov-deps', { dependencies: { new: 'npm:other@^2.0.0' } }))
    expect(out.packageJson.dependencies).toEqual({ new: 'npm:other@^2.0.0' })
  })
})

describe('override: browser', () => {
  const texts = {
    'package.json': '{"name":"ov-browser","main":"index.js"}',
    'index.js': "exports.where = require('./lib/env').where\nexports.fs = require('fs')\n",
    'lib/env.js': "exports.where = 'node'\n",
    'lib/env-browser.js': "exports.where = 'browser'\n",
  }

  it('remaps files and bare imports under the browser condition', async () => {
    const out = await buildTexts('ov-browser', texts, withOverride('ov-browser', { browser: { './lib/env.js': './lib/env-browser.js', fs: false } }))
    expect(await runIn({ builds: [out] }, 'ov-browser', '[ns.where, ns.fs]')).toEqual(['browser', {}])
    expect(out.packageJson.exports).toMatchObject({ './lib/env.js': './lib/env-browser.js' })
  })

  it('is ignored without the browser condition', async () => {
    const out = await buildTexts('ov-browser', texts, withOverride('ov-browser', { browser: { './lib/env.js': './lib/env-browser.js', fs: false } }, { conditions: ['production'] }))
    expect(await runIn({ builds: [out], modules: { fs: 'export default { real: true }\n' } }, 'ov-browser', '[ns.where, ns.fs]')).toEqual(['node', { real: true }])
  })
})

describe('override: main', () => {
  it('names the main entry (no extension or ./ needed) of a package without exports', async () => {
    const out = await buildTexts('ov-main', { 'package.json': '{"name":"ov-main"}', 'index.js': "module.exports = 'index'\n", 'lib/entry.js': "module.exports = 'entry'\n" }, withOverride('ov-main', { main: 'lib/entry' }))
    expect(out.packageJson.exports).toMatchObject({ '.': './lib/entry.js' })
    expect(out.packageJson.main).toBe('lib/entry')
    expect(await runIn({ builds: [out] }, 'ov-main', 'ns.default')).toBe('entry')
  })
})

describe('override: format', () => {
  it('esm: a .js file without import/export is an ES module, not a CommonJS one', async () => {
    const texts = { 'package.json': '{"name":"ov-esm","exports":"./index.js"}', 'index.js': 'globalThis.topThis = typeof this\n' }
    const detected = await buildTexts('ov-esm', texts, noMaps)
    expect(detected.entries).toEqual({ 'index.js': 'cjs' })
    const forced = await buildTexts('ov-esm', texts, withOverride('ov-esm', { format: 'esm' }))
    expect(forced.entries).toEqual({ 'index.js': 'esm' })
    expect(text(forced.files, 'index.js')).toBe('// index.js\nglobalThis.topThis = "undefined";\n')
    expect(await runIn({ builds: [forced] }, 'ov-esm', '[Object.keys(ns), globalThis.topThis]')).toEqual([[], 'undefined'])
    expect(await runIn({ builds: [detected] }, 'ov-esm', '[Object.keys(ns), globalThis.topThis]')).toEqual([['default'], 'object'])
  })

  it('cjs: CommonJS inside a "type": "module" package', async () => {
    const texts = { 'package.json': '{"name":"ov-cjs","type":"module","exports":"./index.js"}', 'index.js': "module.exports = { value: 'cjs' }\n" }
    expect((await buildTexts('ov-cjs', texts, noMaps)).entries).toEqual({ 'index.js': 'esm' })
    const forced = await buildTexts('ov-cjs', texts, withOverride('ov-cjs', { format: 'cjs' }))
    expect(forced.entries).toEqual({ 'index.js': 'cjs' })
    expect(await runIn({ builds: [forced] }, 'ov-cjs', 'ns.default.value')).toBe('cjs')
  })

  it('amd: define() with dependencies, the CommonJS sugar form and an object', async () => {
    const texts = {
      'package.json': '{"name":"ov-amd","exports":{".":"./main.js","./sugar":"./sugar.js"}}',
      'main.js': "define(['./dep', 'ext', 'exports'], function (dep, ext, exports) {\n  exports.sum = dep.one + ext.two\n})\n",
      'dep.js': 'define({ one: 1 })\n',
      'sugar.js': "define(function (require, exports, module) {\n  var dep = require('./dep')\n  module.exports = { viaSugar: dep.one }\n})\n",
    }
    const out = await buildTexts('ov-amd', texts, withOverride('ov-amd', { format: 'amd' }))
    expect(out.entries).toEqual({ 'main.js': 'amd', 'sugar.js': 'amd' })
    expect(section(text(out.files, 'main.js'), 'main.js').split('\n').slice(0, 11)).toEqual([
      '// main.js',
      'var require_main = __commonJS({',
      '  "main.js"(exports, module) {',
      '    var define = __esmapAmdDefine(module, function(id) {',
      '      switch (id) {',
      '        case "./dep":',
      '          return require_dep();',
      '        case "ext":',
      '          return require_ext();',
      '      }',
      '      throw new Error("AMD module main.js asked for " + JSON.stringify(id) + ", which is not one of its literal dependencies.");',
    ])
    const modules = { ext: 'export default { two: 2 }\n' }
    expect(await runIn({ builds: [out], modules }, 'ov-amd', 'ns.default.sum')).toBe(3)
    expect(await runIn({ builds: [out], modules }, 'ov-amd/sugar', 'ns.default.viaSugar')).toBe(1)
  })

  it('global: the script runs at global scope and the globals it adds are detected', async () => {
    const out = await buildTexts('ov-global', { 'package.json': '{"name":"ov-global","exports":"./lib.js"}', 'lib.js': 'var Detected = { ok: true }\n' }, withOverride('ov-global', { format: 'global' }))
    expect(out.entries).toEqual({ 'lib.js': 'global' })
    expect(await runIn({ builds: [out] }, 'ov-global', '[ns.default.ok, globalThis.Detected === ns.default]')).toEqual([true, true])
  })
})

describe('override: shim', () => {
  const texts = {
    'package.json': '{"name":"ov-shim","exports":{".":"./lib/g.js","./two":"./lib/two.js","./short":"./lib/short.js"}}',
    'lib/g.js': 'var Glob = { version: 1, sawDep: globalThis.depLoaded === true }\nfunction helper() {}\n',
    'lib/two.js': 'var First = 1\nvar Second = 2\n',
    'lib/short.js': 'var Short = globalThis.depLoaded\n',
  }
  const shim: PackageOverride['shim'] = { 'lib/g': { deps: ['dep'], exports: 'Glob' }, './lib/two.js': {}, 'lib/short': ['dep'] }

  it('loads deps first, runs the script at global scope and exports the named global', async () => {
    const out = await buildTexts('ov-shim', texts, withOverride('ov-shim', { shim }))
    expect(section(text(out.files, 'lib/g.js'), 'lib/g.js')).toBe(
      [
        '// lib/g.js',
        'var require_g = __commonJS({',
        '  "lib/g.js"(exports, module) {',
        '    require_dep();',
        '    (0, eval)("var Glob = { version: 1, sawDep: globalThis.depLoaded === true }\\nfunction helper() {}\\n\\n//# sourceURL=ov-shim@1.0.0/lib/g.js");',
        '    module.exports = ["Glob"].reduce(function(value, key) {',
        '      return value == null ? void 0 : value[key];',
        '    }, globalThis);',
        '  }',
        '});',
        '',
      ].join('\n'),
    )
    const modules = { dep: 'globalThis.depLoaded = true\nexport default 1\n' }
    expect(await runIn({ builds: [out], modules }, 'ov-shim', '[ns.default, typeof globalThis.helper]')).toEqual([{ version: 1, sawDep: true }, 'function'])
  })

  it('without exports, several new globals are exported as an object; the array form lists deps only', async () => {
    const out = await buildTexts('ov-shim', texts, withOverride('ov-shim', { shim }))
    const modules = { dep: 'globalThis.depLoaded = true\nexport default 1\n' }
    expect(await runIn({ builds: [out], modules }, 'ov-shim/two', 'ns.default')).toEqual({ First: 1, Second: 2 })
    expect(await runIn({ builds: [out], modules }, 'ov-shim/short', 'ns.default')).toBe(true)
  })

  it('a shim for a file that does not exist is reported', async () => {
    const out = await buildTexts('ov-shim', texts, withOverride('ov-shim', { shim: { 'lib/missing': ['dep'] } }))
    expect(out.warnings).toEqual([{ code: 'ESMAP_SHIM_NOT_FOUND', message: 'The shim "lib/missing" of ov-shim@1.0.0 names no file of the package; it is ignored.' }])
  })
})

describe('override: map', () => {
  const texts = {
    'package.json': '{"name":"ov-map","exports":"./index.js"}',
    'index.js': [
      "exports.bundled = require('dep').name",
      "exports.deep = require('dep/sub').name",
      "exports.renamed = require('old-name')",
      "exports.empty = require('jquery')",
      "exports.self = require('ov-map/lib/util').util",
      '',
    ].join('\n'),
    'third_party/dep/index.js': "exports.name = 'bundled dep'\n",
    'third_party/dep/sub.js': "exports.name = 'bundled sub'\n",
    'lib/util.js': "exports.util = 'own util'\n",
  }
  const map = { dep: './third_party/dep', 'old-name': 'new-name', jquery: '@empty', 'ov-map': '.' }

  it('sends bare names into the package, to another package, or to an empty module', async () => {
    const out = await buildTexts('ov-map', texts, withOverride('ov-map', { map }))
    const index = text(out.files, 'index.js')
    expect(index).toContain('import * as ns from "new-name";')
    expect(index).not.toContain('from "dep"')
    expect(index).not.toContain('from "jquery"')
    const modules = { 'new-name': "export default 'the new package'\n" }
    expect(await runIn({ builds: [out], modules }, 'ov-map', '[ns.bundled, ns.deep, ns.renamed, ns.empty, ns.self]')).toEqual(['bundled dep', 'bundled sub', 'the new package', {}, 'own util'])
  })
})

describe('override: directories.lib, files and ignore', () => {
  const texts = {
    'package.json': '{"name":"ov-lib","main":"index.js"}',
    'src/index.js': "exports.from = 'src'\n",
    'src/extra.js': "exports.extra = true\n",
    'src/test/helper.js': "exports.test = true\n",
    'index.js': "exports.from = 'root'\n",
    'build/tool.js': "require('gulp')\n",
  }

  it('directories.lib makes the folder the package, after files/ignore', async () => {
    const out = await buildTexts('ov-lib', texts, withOverride('ov-lib', { directories: { lib: 'src' }, ignore: ['src/test'] }))
    expect(Object.keys(out.entries)).toEqual(['extra.js', 'index.js'])
    // The chunk holds esbuild's CommonJS runtime, shared by both entries.
    expect(out.packageJson.files).toEqual([...out.chunks, 'extra.js', 'index.js', 'package.json'])
    expect(await runIn({ builds: [out] }, 'ov-lib', 'ns.from')).toBe('src')
    expect(out.log[0]).toBe('directories.lib: the package is the folder "src" (2 files)')
  })

  it('files keeps only what its globs match; ignore drops what its globs match', async () => {
    const out = await buildTexts('ov-lib', texts, withOverride('ov-lib', { files: ['index.js', 'src/**/*.js'], ignore: ['**/helper.js'] }))
    expect(Object.keys(out.entries)).toEqual(['index.js', 'src/extra.js', 'src/index.js'])
  })
})

describe('the jspm-prefixed form', () => {
  it('is read from the package.json and from the override, the override\'s last', async () => {
    const texts = { 'package.json': '{"name":"ov-jspm","jspm":{"main":"a.js"}}', 'a.js': "module.exports = 'a'\n", 'b.js': "module.exports = 'b'\n", 'c.js': "module.exports = 'c'\n" }
    const own = await buildTexts('ov-jspm', texts, noMaps)
    expect(own.packageJson.exports).toMatchObject({ '.': './a.js' })
    expect(own.packageJson.jspm).toBeUndefined()
    const over = await buildTexts('ov-jspm', texts, withOverride('ov-jspm', { main: 'b.js', jspm: { main: 'c.js' } }))
    expect(await runIn({ builds: [over] }, 'ov-jspm', 'ns.default')).toBe('c')
  })
})

describe('overrides by version range', () => {
  it('applies only to the versions the range matches', async () => {
    const texts = { 'package.json': '{"name":"ov-range"}', 'a.js': "module.exports = 'a'\n", 'b.js': "module.exports = 'b'\n" }
    const overrides = { 'ov-range@^1.0.0': { main: 'a.js' }, 'ov-range': { main: 'b.js' } }
    const one = await buildTexts('ov-range', texts, { ...noMaps, overrides }, '1.4.0')
    const two = await buildTexts('ov-range', texts, { ...noMaps, overrides }, '2.0.0')
    expect([one.packageJson.exports?.['.' as never], two.packageJson.exports?.['.' as never]]).toEqual(['./a.js', './b.js'])
  })
})
