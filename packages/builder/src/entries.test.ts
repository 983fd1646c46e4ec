import { describe, expect, it } from 'vitest'
import { planEntries, type EntryPlan } from './entries.js'

describe('planEntries', () => {
  it('with exports: the module targets are entries, other targets assets, readme/license/typings always', () => {
    const files = new Set(['package.json', 'README.md', 'LICENSE.txt', 'index.d.ts', 'dist/a.js', 'dist/b.js', 'dist/style.css', 'dist/internal.js', 'docs/guide.md'])
    const pkg = { name: 'p', exports: { '.': './dist/a.js', './b': { browser: './dist/b.js', default: './dist/internal.js' }, './style.css': './dist/style.css', './package.json': './package.json', './gone': null } }
    expect(planEntries(pkg, files, ['browser'])).toEqual<EntryPlan>({
      modules: ['dist/a.js', 'dist/b.js'],
      assets: ['LICENSE.txt', 'README.md', 'dist/style.css', 'index.d.ts'],
      exports: { '.': './dist/a.js', './b': './dist/b.js', './package.json': './package.json', './style.css': './dist/style.css' },
      inferred: false,
    })
  })

  it('without exports: main first, then every module and JSON file (with extensionless subpaths), not node_modules', () => {
    const files = new Set(['package.json', 'lib/index.js', 'lib/util.cjs', 'data.json', 'notes.txt', 'node_modules/dep/index.js'])
    expect(planEntries({ name: 'p', main: 'lib/index.js' }, files, ['browser'])).toEqual<EntryPlan>({
      modules: ['lib/index.js', 'lib/util.cjs'],
      assets: ['data.json'],
      exports: {
        '.': './lib/index.js',
        './data': './data.json',
        './data.json': './data.json',
        './lib': './lib/index.js',
        './lib/index': './lib/index.js',
        './lib/index.js': './lib/index.js',
        './lib/util': './lib/util.cjs',
        './lib/util.cjs': './lib/util.cjs',
        './package': './package.json',
        './package.json': './package.json',
      },
      inferred: true,
    })
  })
})
