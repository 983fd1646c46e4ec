import { describe, expect, it } from 'vitest'
import type { PackageJson } from '../types.js'
import { remapFile, type FileTarget, type RemapOptions } from './file-remap.js'

const files = new Set(['lib/main.js', 'lib/env.js', 'lib/env.browser.js', 'lib/util/index.js', 'es/a.mjs', 'data.json', 'node.js', 'browser.js'])
const pkg: PackageJson = {
  name: 'p',
  browser: { './lib/env': './lib/env.browser.js', './node.js': './browser.js', './lib/fs.js': false, './lib/ws.js': 'isomorphic-ws' },
}
const esm: RemapOptions = { browser: false, commonjs: false }
const cjs: RemapOptions = { browser: false, commonjs: true }
const browserEsm: RemapOptions = { browser: true, commonjs: false }
const browserCjs: RemapOptions = { browser: true, commonjs: true }

const cases: [name: string, path: string, options: RemapOptions, known: ReadonlySet<string> | undefined, expected: FileTarget][] = [
  ['an ES module import of an existing file is kept', './lib/main.js', esm, files, { kind: 'file', path: './lib/main.js' }],
  ['an extensionless ES module import of a missing file is probed', './lib/main', esm, files, { kind: 'file', path: './lib/main.js' }],
  ['an ES module import of a folder finds its index', './lib/util', esm, files, { kind: 'file', path: './lib/util/index.js' }],
  ['without a file list nothing is probed', './lib/main', esm, undefined, { kind: 'file', path: './lib/main' }],
  ['a file that does not exist in any form is left as written', './nope', cjs, files, { kind: 'file', path: './nope' }],
  ['a CommonJS require is probed: .js', './lib/env', cjs, files, { kind: 'file', path: './lib/env.js' }],
  ['a CommonJS require is probed: .mjs after .js', './es/a', cjs, files, { kind: 'file', path: './es/a.mjs' }],
  ['a CommonJS require is probed: .json', './data', cjs, files, { kind: 'file', path: './data.json' }],
  ['browser: an extensionless key matches the probed file', './lib/env', browserCjs, files, { kind: 'file', path: './lib/env.browser.js' }],
  ['browser: an exact key', './node.js', browserEsm, files, { kind: 'file', path: './browser.js' }],
  ['browser: false is the empty module', './lib/fs.js', browserEsm, files, { kind: 'empty' }],
  ['browser: another package', './lib/ws.js', browserEsm, files, { kind: 'bare', specifier: 'isomorphic-ws' }],
  ['browser: ignored without the browser condition', './node.js', esm, files, { kind: 'file', path: './node.js' }],
  ['browser: a bare specifier the package imports', 'fs', browserEsm, undefined, { kind: 'file', path: 'fs' }],
]

describe('remapFile', () => {
  for (const [name, path, options, known, expected] of cases) it(name, () => expect(remapFile(pkg, known, path, options)).toEqual(expected))
})
