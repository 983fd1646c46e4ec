import { describe, expect, it } from 'vitest'
import { buildTexts, runIn } from './__tests__/packages.js'
import { PROCESS_STUB, section, text } from './__tests__/run.js'

/** Literal expected outputs are taken without source maps (the `//# sourceMappingURL` line). */
const noMaps = { sourcemap: false }

describe('CommonJS → ESM: export default module.exports, plus named exports', () => {
  const texts = {
    'package.json': '{"name":"cjs-basic","exports":"./index.js"}',
    'index.js': "'use strict'\nexports.a = 1\nexports.b = function () { return this === exports }\nmodule.exports.c = this === module.exports\n",
  }

  it('wraps the module lazily and reads the named exports from module.exports', async () => {
    const out = await buildTexts('cjs-basic', texts, noMaps)
    const index = text(out.files, 'index.js')
    expect(section(index, 'index.js')).toBe(
      [
        '// index.js',
        'var require_index = __commonJS({',
        '  "index.js"(exports, module) {',
        '    "use strict";',
        '    exports.a = 1;',
        '    exports.b = function() {',
        '      return this === exports;',
        '    };',
        '    module.exports.c = exports === module.exports;',
        '  }',
        '});',
        '',
      ].join('\n'),
    )
    expect(section(index, 'esmap-facade:index.js')).toBe(
      [
        '// esmap-facade:index.js',
        'var __module = require_index();',
        'var index_default = __module;',
        'var __e0 = __module["a"];',
        'var __e1 = __module["b"];',
        'var __e2 = __module["c"];',
        'export {',
        '  __e0 as a,',
        '  __e1 as b,',
        '  __e2 as c,',
        '  index_default as default',
        '};',
        '',
      ].join('\n'),
    )
    expect(out.entries).toEqual({ 'index.js': 'cjs' })
    expect(out.warnings).toEqual([])
  })

  it('runs: default is module.exports, top-level this is exports', async () => {
    const out = await buildTexts('cjs-basic', texts, noMaps)
    expect(await runIn({ builds: [out] }, 'cjs-basic', '[Object.keys(ns).sort(), ns.default.a, ns.a, ns.default === ns.default, ns.c, ns.b.call(ns.default)]')).toEqual([
      ['a', 'b', 'c', 'default'],
      1,
      1,
      true,
      true,
      true,
    ])
  })

  it('gives names that are not identifiers as string export names', async () => {
    const out = await buildTexts('cjs-names', { 'package.json': '{"name":"cjs-names","exports":"./index.js"}', 'index.js': "exports['kebab-case'] = 1\nexports.class = 2\n" }, noMaps)
    expect(section(text(out.files, 'index.js'), 'esmap-facade:index.js')).toBe(
      [
        '// esmap-facade:index.js',
        'var __module = require_index();',
        'var index_default = __module;',
        'var __e0 = __module["kebab-case"];',
        'var __e1 = __module["class"];',
        'export {',
        '  __e1 as class,',
        '  index_default as default,',
        '  __e0 as "kebab-case"',
        '};',
        '',
      ].join('\n'),
    )
    expect(await runIn({ builds: [out] }, 'cjs-names', '[ns["kebab-case"], ns.class]')).toEqual([1, 2])
  })

  it('keeps module.exports as the default of an ES module importing a CommonJS file, even with __esModule', async () => {
    const out = await buildTexts('cjs-interop', {
      'package.json': '{"name":"cjs-interop","exports":"./esm.mjs"}',
      'esm.mjs': "import whole, { named } from './babel.js'\nexport const all = whole\nexport const n = named\n",
      'babel.js': "Object.defineProperty(exports, '__esModule', { value: true })\nexports.default = 'dflt'\nexports.named = 'n'\n",
    })
    expect(await runIn({ builds: [out] }, 'cjs-interop', '[ns.all.default, ns.all.named, ns.n, Object.keys(ns).sort()]')).toEqual(['dflt', 'n', 'n', ['all', 'n']])
  })
})

describe('require() of another package becomes a hoisted import * as, with default interop', () => {
  const texts = {
    'package.json': '{"name":"cjs-deps","exports":"./index.js"}',
    'index.js': "var dep = require('dep')\nvar esm = require('esm-only')\nexports.value = dep.value\nexports.named = esm.named\n",
  }

  it('imports the namespace once and requires "default" in ns ? ns.default : ns', async () => {
    const out = await buildTexts('cjs-deps', texts, noMaps)
    const index = text(out.files, 'index.js')
    expect(section(index, 'esmap-ns:dep')).toBe(
      ['// esmap-ns:dep', 'var dep_exports = {};', '__export(dep_exports, {', '  ns: () => ns', '});', 'import * as ns from "dep";', 'var init_dep = __esm({', '  "esmap-ns:dep"() {', '  }', '});', ''].join('\n'),
    )
    expect(section(index, 'esmap-require:dep')).toBe(
      [
        '// esmap-require:dep',
        'var require_dep = __commonJS({',
        '  "esmap-require:dep"(exports, module) {',
        '    var ns3 = (init_dep(), __toCommonJS(dep_exports)).ns;',
        '    module.exports = "default" in ns3 ? ns3.default : ns3;',
        '  }',
        '});',
        '',
      ].join('\n'),
    )
    expect(section(index, 'index.js')).toBe(
      [
        '// index.js',
        'var require_index = __commonJS({',
        '  "index.js"(exports) {',
        '    var dep = require_dep();',
        '    var esm = require_esm_only();',
        '    exports.value = dep.value;',
        '    exports.named = esm.named;',
        '  }',
        '});',
        '',
      ].join('\n'),
    )
  })

  it('runs: a default export is what require() returns, else the namespace', async () => {
    const out = await buildTexts('cjs-deps', texts, noMaps)
    const modules = { dep: 'export default { value: 42 }\n', 'esm-only': "export const named = 'n'\n" }
    expect(await runIn({ builds: [out], modules }, 'cjs-deps', '[ns.value, ns.named]')).toEqual([42, 'n'])
  })

  it('re-exports another package whole through export * (module.exports = require("dep"))', async () => {
    const out = await buildTexts('cjs-reexport', { 'package.json': '{"name":"cjs-reexport","exports":"./index.js"}', 'index.js': "module.exports = require('dep')\n" }, noMaps)
    expect(text(out.files, 'index.js')).toContain('export * from "dep";')
    const modules = { dep: "export const x = 'x'\nexport default { x: 'x', y: 'y' }\n" }
    expect(await runIn({ builds: [out], modules }, 'cjs-reexport', '[Object.keys(ns).sort(), ns.x, ns.default.y]')).toEqual([['default', 'x'], 'x', 'y'])
  })

  it('requires JSON of another package with an import attribute, and bundles its own JSON', async () => {
    const other = await buildTexts('other', { 'package.json': '{"name":"other","version":"2.0.0","exports":{".":"./index.js","./package.json":"./package.json"}}', 'index.js': 'export default 1' }, noMaps)
    const out = await buildTexts(
      'cjs-json',
      { 'package.json': '{"name":"cjs-json","exports":"./index.js"}', 'index.js': "exports.theirs = require('other/package.json').version\nexports.ours = require('./data.json').n\n", 'data.json': '{"n": 7}' },
      noMaps,
    )
    expect(section(text(out.files, 'index.js'), 'esmap-ns:other/package.json')).toContain('import value from "other/package.json" with { type: "json" };')
    expect(await runIn({ builds: [out, other] }, 'cjs-json', '[ns.theirs, ns.ours]')).toEqual(['2.0.0', 7])
  })
})

describe('CommonJS cycles keep CommonJS semantics', () => {
  const texts = {
    'package.json': '{"name":"cjs-cycle","exports":{".":"./a.js","./b":"./b.js"}}',
    'a.js': "exports.before = 'a1'\nvar b = require('./b')\nexports.after = 'a2'\nexports.fromB = b.sawA\n",
    'b.js': "var a = require('./a')\nexports.sawA = JSON.stringify(a)\n",
  }

  it('puts both modules, each in its lazy wrapper, in one shared chunk', async () => {
    const out = await buildTexts('cjs-cycle', texts, noMaps)
    expect(out.chunks).toHaveLength(1)
    const chunk = text(out.files, out.chunks[0] ?? '')
    expect(section(chunk, 'a.js')).toBe(
      ['// a.js', 'var require_a = __commonJS({', '  "a.js"(exports) {', '    exports.before = "a1";', '    var b = require_b();', '    exports.after = "a2";', '    exports.fromB = b.sawA;', '  }', '});', ''].join('\n'),
    )
    expect(section(chunk, 'b.js')).toBe(['// b.js', 'var require_b = __commonJS({', '  "b.js"(exports) {', '    var a = require_a();', '    exports.sawA = JSON.stringify(a);', '  }', '});', ''].join('\n'))
    expect(text(out.files, 'a.js')).toBe(
      [
        'import {',
        '  require_a',
        `} from "./${out.chunks[0] ?? ''}";`,
        '',
        '// esmap-facade:a.js',
        'var __module = require_a();',
        'var a_default = __module;',
        'var __e0 = __module["before"];',
        'var __e1 = __module["after"];',
        'var __e2 = __module["fromB"];',
        'export {',
        '  __e1 as after,',
        '  __e0 as before,',
        '  a_default as default,',
        '  __e2 as fromB',
        '};',
        '',
      ].join('\n'),
    )
  })

  it('runs: the module that closes the cycle sees the partial exports', async () => {
    const out = await buildTexts('cjs-cycle', texts, noMaps)
    expect(await runIn({ builds: [out] }, 'cjs-cycle', '[ns.before, ns.after, ns.fromB]')).toEqual(['a1', 'a2', '{"before":"a1"}'])
    // Entering through b: a runs inside b's require and sees b's empty exports.
    expect(await runIn({ builds: [out] }, 'cjs-cycle/b', 'ns.sawA')).toBe('{"before":"a1","after":"a2"}')
  })
})

describe('process.env.NODE_ENV per condition', () => {
  const texts = {
    'package.json': '{"name":"cjs-env","exports":"./index.js"}',
    'index.js': "if (process.env.NODE_ENV === 'production') {\n  module.exports = require('./prod.js')\n} else {\n  module.exports = require('./dev.js')\n}\n",
    'prod.js': "exports.mode = 'prod'\n",
    'dev.js': "exports.mode = 'dev'\nexports.devOnly = true\n",
  }
  const table: [string, string[], string, string[], string][] = [
    [
      'production',
      ['browser', 'production'],
      ['// index.js', 'var require_index = __commonJS({', '  "index.js"(exports, module) {', '    if (true) {', '      module.exports = require_prod();', '    } else {', '      module.exports = null;', '    }', '  }', '});', ''].join('\n'),
      ['default', 'mode'],
      'prod',
    ],
    [
      'development',
      ['browser', 'development'],
      ['// index.js', 'var require_index = __commonJS({', '  "index.js"(exports, module) {', '    if (false) {', '      module.exports = null;', '    } else {', '      module.exports = require_dev();', '    }', '  }', '});', ''].join('\n'),
      ['default', 'devOnly', 'mode'],
      'dev',
    ],
    [
      'neither: read from the process polyfill at run time',
      ['browser'],
      [
        '// index.js',
        'var require_index = __commonJS({',
        '  "index.js"(exports, module) {',
        '    var __esmap_process = require_process();',
        '    if (__esmap_process.env.NODE_ENV === "production") {',
        '      module.exports = require_prod();',
        '    } else {',
        '      module.exports = require_dev();',
        '    }',
        '  }',
        '});',
        '',
      ].join('\n'),
      ['default', 'devOnly', 'mode'],
      'dev',
    ],
  ]
  it.each(table)('%s', async (_, conditions, code, keys, mode) => {
    const out = await buildTexts('cjs-env', texts, { ...noMaps, conditions })
    expect(section(text(out.files, 'index.js'), 'index.js')).toBe(code)
    expect(await runIn({ builds: [out], modules: { process: PROCESS_STUB } }, 'cjs-env', '[Object.keys(ns).sort(), ns.mode]')).toEqual([keys, mode])
  })
})

describe('Node globals', () => {
  it('process and Buffer come from the Browserify packages, global is globalThis', async () => {
    const out = await buildTexts('cjs-globals', { 'package.json': '{"name":"cjs-globals","exports":"./index.js"}', 'index.js': "exports.browser = process.browser\nexports.buffer = typeof Buffer.from\nexports.global = global === globalThis\n" }, noMaps)
    expect(section(text(out.files, 'index.js'), 'index.js')).toBe(
      [
        '// index.js',
        'var require_index = __commonJS({',
        '  "index.js"(exports) {',
        '    var __esmap_process = require_process();',
        '    var __esmap_Buffer = require_buffer().Buffer;',
        '    exports.browser = __esmap_process.browser;',
        '    exports.buffer = typeof __esmap_Buffer.from;',
        '    exports.global = globalThis === globalThis;',
        '  }',
        '});',
        '',
      ].join('\n'),
    )
    // The polyfills are dependencies of the built package, so the import map resolves them.
    expect(out.packageJson.dependencies).toEqual({ process: '^0.11.10', buffer: '^6.0.3' })
    const modules = { process: PROCESS_STUB, buffer: 'export class Buffer { static from() {} }\n' }
    expect(await runIn({ builds: [out], modules }, 'cjs-globals', '[ns.browser, ns.buffer, ns.global]')).toEqual([true, 'function', true])
  })

  it('a module that declares its own process or Buffer keeps it', async () => {
    const out = await buildTexts('cjs-own', { 'package.json': '{"name":"cjs-own","exports":"./index.js"}', 'index.js': "var process = { browser: 'mine' }\nfunction f(Buffer) { return Buffer }\nexports.p = process.browser\nexports.b = f(1)\n" }, noMaps)
    expect(out.packageJson.dependencies).toBeUndefined()
    expect(await runIn({ builds: [out] }, 'cjs-own', '[ns.p, ns.b]')).toEqual(['mine', 1])
  })

  it('polyfills: false leaves process to the environment; a custom package is imported instead', async () => {
    const texts = { 'package.json': '{"name":"cjs-poly","exports":"./index.js"}', 'index.js': 'exports.t = typeof process\n' }
    const none = await buildTexts('cjs-poly', texts, { ...noMaps, polyfills: { process: false } })
    expect(section(text(none.files, 'index.js'), 'index.js')).toBe(['// index.js', 'var require_index = __commonJS({', '  "index.js"(exports) {', '    exports.t = typeof process;', '  }', '});', ''].join('\n'))
    const custom = await buildTexts('cjs-poly', texts, { ...noMaps, polyfills: { process: '@my/process@^2.0.0' } })
    expect(text(custom.files, 'index.js')).toContain('import * as ns from "@my/process";')
    expect(custom.packageJson.dependencies).toEqual({ '@my/process': '^2.0.0' })
  })

  it('__filename and __dirname are the original file location, from the chunk the module is placed in', async () => {
    const out = await buildTexts('cjs-where', { 'package.json': '{"name":"cjs-where","exports":"./lib/where.js"}', 'lib/where.js': 'exports.file = __filename\nexports.dir = __dirname\n' }, noMaps)
    expect(out.chunks).toHaveLength(1)
    expect(section(text(out.files, out.chunks[0] ?? ''), 'lib/where.js')).toBe(
      [
        '// lib/where.js',
        'var require_where = __commonJS({',
        '  "lib/where.js"(exports) {',
        '    var __filename = new URL("../lib/where.js", (init_url(), __toCommonJS(url_exports)).url).pathname;',
        '    var __dirname = new URL("../lib/", (init_url(), __toCommonJS(url_exports)).url).pathname.slice(0, -1);',
        '    exports.file = __filename;',
        '    exports.dir = __dirname;',
        '  }',
        '});',
        '',
      ].join('\n'),
    )
    const [file, dir] = (await runIn({ builds: [out] }, 'cjs-where', '[ns.file, ns.dir]')) as [string, string]
    expect(file.endsWith('/cjs-where@1.0.0/lib/where.js')).toBe(true)
    expect(dir.endsWith('/cjs-where@1.0.0/lib')).toBe(true)
  })

  it('a module no entry reaches is not built, even when it reads __dirname', async () => {
    const out = await buildTexts(
      'cjs-unreached',
      { 'package.json': '{"name":"cjs-unreached","exports":"./index.js"}', 'index.js': 'exports.a = 1\n', 'scripts/build.mjs': "import './missing.js'\nconsole.log(__dirname)\n" },
      noMaps,
    )
    expect([...out.files.keys()]).toEqual(['index.js', 'package.json'])
  })
})

describe('require() that cannot be made static', () => {
  const texts = {
    'package.json': '{"name":"cjs-dynamic","exports":"./index.js"}',
    'index.js': "exports.load = function (name) {\n  return require('./locale/' + name)\n}\n",
    'locale/en.js': "module.exports = 'en'\n",
  }

  it('is reported with file and line, and throws a clear error when reached', async () => {
    const out = await buildTexts('cjs-dynamic', texts, noMaps)
    expect(out.warnings).toEqual([
      {
        code: 'ESMAP_DYNAMIC_REQUIRE',
        message: "cjs-dynamic@1.0.0/index.js:2: require() with a computed specifier cannot be made static: require('./locale/' + name) (it throws when reached)",
        file: 'index.js',
        line: 2,
        column: 10,
      },
    ])
    expect(section(text(out.files, 'index.js'), 'index.js')).toBe(
      [
        '// index.js',
        'var require_index = __commonJS({',
        '  "index.js"(exports) {',
        '    exports.load = function(name) {',
        '      return __esmapDynamicRequire(2, "./locale/" + name);',
        '    };',
        '    function __esmapDynamicRequire(line, id) {',
        '      throw new Error("Cannot require(" + JSON.stringify(id) + ") in cjs-dynamic@1.0.0/index.js line " + line + ": the specifier is computed at run time, and only require() with a string literal is converted to an import for the browser.");',
        '    }',
        '  }',
        '});',
        '',
      ].join('\n'),
    )
    expect(await runIn({ builds: [out] }, 'cjs-dynamic', "(() => { try { ns.load('en') } catch (e) { return e.message } })()")).toBe(
      'Cannot require("./locale/en") in cjs-dynamic@1.0.0/index.js line 2: the specifier is computed at run time, and only require() with a string literal is converted to an import for the browser.',
    )
  })

  it('a require of a missing file is reported, and throws when it runs (try/catch still works)', async () => {
    const out = await buildTexts('cjs-optional', { 'package.json': '{"name":"cjs-optional","exports":"./index.js"}', 'index.js': "try { require('./optional') } catch (e) { exports.error = e.message }\n" }, noMaps)
    const message = 'Cannot find "./optional" imported by cjs-optional@1.0.0/index.js: no file "optional" (nor with .js/.mjs/.cjs/.json, nor an index) in cjs-optional@1.0.0.'
    expect(out.warnings).toEqual([{ code: 'ESMAP_MODULE_NOT_FOUND', message: `${message} The require() throws when it runs.`, file: 'index.js' }])
    expect(await runIn({ builds: [out] }, 'cjs-optional', 'ns.error')).toBe(message)
  })
})
