import { describe, expect, it } from 'vitest'
import { bestMatch, enumerateExports, ImportMap, integrity, parseTarget, resolveExports, resolveImports, resolvePackageEntry, satisfies } from './index.js'

// The examples of README.md, as written there.
describe('README examples', () => {
  it('hold', () => {
    expect(ImportMap.parse('{"imports":{"a":"./a.js"}}', 'https://x/').resolve('a', 'https://x/app.js')).toBe('https://x/a.js')
    expect(resolveExports({ name: 'p', exports: { '.': { browser: './b.js', default: './n.js' } } }, '.', ['browser', 'import', 'default'])).toBe('./b.js')
    expect(resolveImports({ name: 'p', imports: { '#dep': './src/dep.js' } }, '#dep', ['import', 'default'])).toBe('./src/dep.js')
    expect(resolvePackageEntry({ name: 'p', main: 'lib/index' }, '.', ['browser'], new Set(['lib/index.js']))).toBe('./lib/index.js')
    expect(enumerateExports({ exports: { './f/*': './src/*.js' } }, ['src/a.js', 'src/b.js'], ['default'])).toEqual({ './f/a': './src/a.js', './f/b': './src/b.js' })
    expect(parseTarget('react16@npm:react@^16/jsx-runtime')).toEqual({ kind: 'package', alias: 'react16', target: { registry: 'npm', name: 'react', range: '^16' }, subpaths: ['./jsx-runtime'], unstable: false })
    expect(bestMatch(['1.0.0', '1.2.0', '2.0.0'], '^1')).toBe('1.2.0')
    expect(satisfies('1.1.0-beta.1', '^1.0.0')).toBe(false)
    expect(integrity('alert(1)', 'sha384')).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/)
  })
})
