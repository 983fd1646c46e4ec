import { it } from 'vitest'
import { buildTexts } from '../__tests__/packages.js'
const show = async (name: string, texts: Record<string, string>, opts = {}) => {
  const r = await buildTexts(name, texts, { sourcemap: false, ...opts })
  console.log(`######## ${name}`)
  for (const [p, b] of r.files) console.log(`===== ${p}\n${new TextDecoder().decode(b)}`)
  console.log(JSON.stringify(r.warnings, null, 1), r.log, r.entries)
}
it('print', async () => {
  await show('amd', { 'package.json': '{"name":"amd","main":"main.js"}', 'main.js': "define(['./dep', 'ext', 'exports'], function (dep, ext, exports) {\n  exports.sum = dep.one + ext.two\n})\n", 'dep.js': "define({ one: 1 })\n", 'sugar.js': "define(function (require, exports, module) {\n  var dep = require('./dep')\n  module.exports = { viaSugar: dep.one }\n})\n" }, { overrides: { amd: { format: 'amd' } } })
  await show('glob', { 'package.json': '{"name":"glob","main":"lib/g.js"}', 'lib/g.js': "var Glob = { version: 1, hasDep: typeof globalThis.Dep }\nfunction helper() {}\n" }, { overrides: { glob: { shim: { 'lib/g': { deps: ['dep'], exports: 'Glob' } } } } })
})
