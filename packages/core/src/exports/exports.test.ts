import { describe, expect, it } from 'vitest'
import { EsmapError } from '../errors.js'
import type { ExportsTarget, PackageJson } from '../types.js'
import { normalizeExports, resolveExports } from './exports.js'
import { resolveImports } from './imports.js'
import { patternKeyCompare } from './pattern.js'

const pkg = (exports: ExportsTarget): PackageJson => ({ name: 'pkg', exports })

/** The error `run` throws, as `{ code, message }`. */
function thrown(run: () => unknown): { code: string; message: string } {
  try {
    run()
  } catch (err) {
    if (err instanceof EsmapError) return { code: err.code, message: err.message }
    throw err
  }
  throw new Error('expected an EsmapError')
}

describe('resolveExports: targets', () => {
  const pass: [name: string, exports: ExportsTarget, subpath: string, conditions: string[], expected: string][] = [
    ['string sugar', './index.js', '.', [], './index.js'],
    ['array sugar takes the first valid target', ['./a.js', './b.js'], '.', [], './a.js'],
    ['conditions sugar', { import: './esm.js', default: './cjs.js' }, '.', ['import'], './esm.js'],
    ['"default" always matches', { import: './esm.js', default: './cjs.js' }, '.', [], './cjs.js'],
    ['conditions match in key order, not in list order', { browser: './b.js', import: './i.js' }, '.', ['import', 'browser'], './b.js'],
    ['nested conditions', { browser: { import: './b.mjs', default: './b.cjs' }, default: './n.js' }, '.', ['browser', 'import'], './b.mjs'],
    ['a nested object without a match falls through', { browser: { worker: './w.js' }, default: './n.js' }, '.', ['browser'], './n.js'],
    ['exact subpath', { '.': './index.js', './feature': './src/feature.js' }, './feature', [], './src/feature.js'],
    ['pattern', { './*': './dist/*.js' }, './a/b', [], './dist/a/b.js'],
    ['pattern with a trailer', { './features/*.js': './src/features/*.mjs' }, './features/x.js', [], './src/features/x.mjs'],
    ['every "*" in the target is replaced', { './*': './*/*.js' }, './x', [], './x/x.js'],
    ['longest pattern prefix wins', { './*': './all/*.js', './internal/*': './int/*.js' }, './internal/x', [], './int/x.js'],
    ['an exact key beats a pattern', { './*': './all/*.js', './x': './exact.js' }, './x', [], './exact.js'],
    ['longer trailer wins on equal prefixes', { './a/*': './short/*', './a/*.js': './long/*.js' }, './a/b.js', [], './long/b.js'],
    ['array fallback skips an invalid target', { '.': ['../bad.js', './good.js'] }, '.', [], './good.js'],
    ['array fallback skips an unmatched condition object', { '.': [{ worker: './w.js' }, './fallback.js'] }, '.', [], './fallback.js'],
    ['a target may be the package root', { '.': './' }, '.', [], './'],
    ['empty segments pass (Node 20 only warns)', { './x': './a//b.js' }, './x', [], './a//b.js'],
    ['a pattern match may contain slashes', { './*.js': './lib/*.js' }, './a/b/c.js', [], './lib/a/b/c.js'],
  ]
  for (const [name, exports, subpath, conditions, expected] of pass) {
    it(name, () => expect(resolveExports(pkg(exports), subpath, conditions)).toBe(expected))
  }
})

describe('resolveExports: errors carry Node codes and name the package, subpath and conditions', () => {
  const fail: [name: string, exports: ExportsTarget, subpath: string, conditions: string[], code: string, message: string][] = [
    [
      'subpath not listed',
      { '.': './index.js' },
      './missing',
      ['browser', 'import'],
      'ERR_PACKAGE_PATH_NOT_EXPORTED',
      'Package subpath "./missing" is not defined by "exports" in package "pkg" for the conditions [browser, import]\n' +
        '  Fix: import a subpath that "pkg" exports, or add "./missing" to its "exports" (a package override)',
    ],
    [
      'no main entry',
      { './feature': './f.js' },
      '.',
      [],
      'ERR_PACKAGE_PATH_NOT_EXPORTED',
      'No "exports" main entry is defined by "exports" in package "pkg" for the conditions [default]\n' +
        '  Fix: import a subpath that "pkg" exports, or add "." to its "exports" (a package override)',
    ],
    [
      'no condition matches',
      { node: './n.js' },
      '.',
      ['browser'],
      'ERR_PACKAGE_PATH_NOT_EXPORTED',
      'No "exports" main entry is defined by "exports" in package "pkg" for the conditions [browser]\n' +
        '  Fix: import a subpath that "pkg" exports, or add "." to its "exports" (a package override)',
    ],
    [
      'null target blocks a pattern',
      { './*': './*.js', './internal/*': null },
      './internal/x',
      [],
      'ERR_PACKAGE_PATH_NOT_EXPORTED',
      'Package subpath "./internal/x" is not defined by "exports" in package "pkg" for the conditions [default]\n' +
        '  Fix: import a subpath that "pkg" exports, or add "./internal/x" to its "exports" (a package override)',
    ],
    [
      'trailing-slash folder keys are not matched (removed in Node 17)',
      { './lib/': './lib/' },
      './lib/x.js',
      [],
      'ERR_PACKAGE_PATH_NOT_EXPORTED',
      'Package subpath "./lib/x.js" is not defined by "exports" in package "pkg" for the conditions [default]\n' +
        '  Fix: import a subpath that "pkg" exports, or add "./lib/x.js" to its "exports" (a package override)',
    ],
    [
      'a subpath ending in "/" never matches a key exactly',
      { './root/': './' },
      './root/',
      [],
      'ERR_PACKAGE_PATH_NOT_EXPORTED',
      'Package subpath "./root/" is not defined by "exports" in package "pkg" for the conditions [default]\n' +
        '  Fix: import a subpath that "pkg" exports, or add "./root/" to its "exports" (a package override)',
    ],
    [
      'target outside the package',
      { '.': '../x.js' },
      '.',
      [],
      'ERR_INVALID_PACKAGE_TARGET',
      'Invalid "exports" target "../x.js" defined for "." in package "pkg" resolving ".": targets in "exports" must start with "./"\n' +
        '  Fix: correct the "exports" entry "." of "pkg" (a package override), or report it to the package author',
    ],
    [
      'bare target',
      { './x': 'other-pkg' },
      './x',
      [],
      'ERR_INVALID_PACKAGE_TARGET',
      'Invalid "exports" target "other-pkg" defined for "./x" in package "pkg" resolving "./x": targets in "exports" must start with "./"\n' +
        '  Fix: correct the "exports" entry "./x" of "pkg" (a package override), or report it to the package author',
    ],
    [
      'node_modules segment in a target',
      { './x': './node_modules/dep/index.js' },
      './x',
      [],
      'ERR_INVALID_PACKAGE_TARGET',
      'Invalid "exports" target "./node_modules/dep/index.js" defined for "./x" in package "pkg" resolving "./x": targets cannot contain ".", ".." or "node_modules" segments\n' +
        '  Fix: correct the "exports" entry "./x" of "pkg" (a package override), or report it to the package author',
    ],
    [
      'percent-encoded ".." in a target',
      { './x': './a/%2E%2e/b.js' },
      './x',
      [],
      'ERR_INVALID_PACKAGE_TARGET',
      'Invalid "exports" target "./a/%2E%2e/b.js" defined for "./x" in package "pkg" resolving "./x": targets cannot contain ".", ".." or "node_modules" segments\n' +
        '  Fix: correct the "exports" entry "./x" of "pkg" (a package override), or report it to the package author',
    ],
    [
      'all array fallbacks invalid: the last error',
      { '.': ['../a.js', 'b.js'] },
      '.',
      [],
      'ERR_INVALID_PACKAGE_TARGET',
      'Invalid "exports" target "b.js" defined for "." in package "pkg" resolving ".": targets in "exports" must start with "./"\n' +
        '  Fix: correct the "exports" entry "." of "pkg" (a package override), or report it to the package author',
    ],
    [
      'a number target',
      { '.': 1 as unknown as ExportsTarget },
      '.',
      [],
      'ERR_INVALID_PACKAGE_TARGET',
      'Invalid "exports" target 1 defined for "." in package "pkg" resolving ".": a target must be a string, an array, an object of conditions or null\n' +
        '  Fix: correct the "exports" entry "." of "pkg" (a package override), or report it to the package author',
    ],
    [
      'a ".." segment in the pattern match',
      { './*': './dist/*' },
      './a/../b.js',
      [],
      'ERR_INVALID_MODULE_SPECIFIER',
      'Invalid module specifier "./a/../b.js" for package "pkg": the part "a/../b.js" matched by "./*" contains ".", ".." or "node_modules" segments\n' +
        '  Fix: request "." or a "./sub/path" without ".", ".." or "node_modules" segments',
    ],
    [
      'a subpath that is not "." or "./"',
      { '.': './index.js' },
      'index.js',
      [],
      'ERR_INVALID_MODULE_SPECIFIER',
      'Invalid module specifier "index.js" for package "pkg": a package subpath must be "." or start with "./"\n' +
        '  Fix: request "." or a "./sub/path" without ".", ".." or "node_modules" segments',
    ],
    [
      'mixed subpath and condition keys',
      { '.': './index.js', import: './esm.js' },
      '.',
      [],
      'ERR_INVALID_PACKAGE_CONFIG',
      'Invalid "exports" in package "pkg" resolving ".": "exports" cannot mix keys that start with "." (subpaths) and keys that do not (conditions)\n' +
        '  Fix: correct the "exports" field of "pkg" (a package override), or report it to the package author',
    ],
    [
      'numeric condition keys',
      { '.': { '0': './zero.js', default: './d.js' } },
      '.',
      [],
      'ERR_INVALID_PACKAGE_CONFIG',
      'Invalid "exports" in package "pkg" resolving ".": the target of "." cannot contain numeric property keys\n' +
        '  Fix: correct the "exports" field of "pkg" (a package override), or report it to the package author',
    ],
  ]
  for (const [name, exports, subpath, conditions, code, message] of fail) {
    it(name, () => expect(thrown(() => resolveExports(pkg(exports), subpath, conditions))).toEqual({ code, message }))
  }

  it('a package without "exports" is not exported through this function', () => {
    expect(thrown(() => resolveExports({ name: 'legacy', main: 'index.js' }, '.', []))).toEqual({
      code: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
      message:
        'No "exports" main entry is defined by "exports" in package "legacy" for the conditions [default]\n' +
        '  Fix: import a subpath that "legacy" exports, or add "." to its "exports" (a package override)',
    })
  })

  it('names a nameless package as such and sets the specifier', () => {
    try {
      resolveExports({ exports: { '.': './i.js' } }, './x', ['import'])
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(EsmapError)
      expect((err as EsmapError).specifier).toBe('<unnamed package>/x')
      expect((err as EsmapError).message).toContain('in package "<unnamed package>"')
    }
  })
})

describe('normalizeExports', () => {
  const table: [ExportsTarget, Record<string, ExportsTarget>][] = [
    ['./i.js', { '.': './i.js' }],
    [['./a.js', './b.js'], { '.': ['./a.js', './b.js'] }],
    [{ import: './i.js' }, { '.': { import: './i.js' } }],
    [{ '.': './i.js', './x': './x.js' }, { '.': './i.js', './x': './x.js' }],
    [{}, {}],
  ]
  for (const [exports, expected] of table) {
    it(JSON.stringify(exports), () => expect(normalizeExports(pkg(exports))).toEqual(expected))
  }
})

describe('patternKeyCompare (PATTERN_KEY_COMPARE)', () => {
  const table: [string, string, -1 | 0 | 1][] = [
    ['./a/*', './*', -1],
    ['./*', './a/*', 1],
    ['./a/*.js', './a/*', -1],
    ['./a/*', './a/*.js', 1],
    ['./a/*', './a/*', 0],
    ['./a/', './a/*', 1],
    ['./a/*', './a/', -1],
    ['', './x/*', 1],
  ]
  for (const [a, b, expected] of table) it(`${a} vs ${b}`, () => expect(patternKeyCompare(a, b)).toBe(expected))
})

describe('resolveImports', () => {
  const imports = {
    '#dep': { browser: 'dep-browser', default: 'dep' },
    '#internal/*': './src/internal/*.js',
    '#internal/private/*': null,
    '#shim/*': 'shims/*',
    '#url': 'https://example.com/x.js',
    '#up': '../up.js',
    '#self': './self.js',
  } satisfies Record<string, ExportsTarget>
  const p: PackageJson = { name: 'app', imports }

  const pass: [string, string[], string][] = [
    ['#dep', [], 'dep'],
    ['#dep', ['browser'], 'dep-browser'],
    ['#internal/a/b', [], './src/internal/a/b.js'],
    ['#shim/fs', [], 'shims/fs'],
    ['#self', [], './self.js'],
  ]
  for (const [specifier, conditions, expected] of pass) {
    it(`${specifier} [${conditions.join(',')}] → ${expected}`, () => expect(resolveImports(p, specifier, conditions)).toBe(expected))
  }

  const fail: [string, string, string][] = [
    [
      '#missing',
      'ERR_PACKAGE_IMPORT_NOT_DEFINED',
      'Package import specifier "#missing" is not defined by "imports" in package "app" for the conditions [default]\n' +
        '  Fix: add "#missing" to the "imports" field of "app"',
    ],
    [
      '#internal/private/x',
      'ERR_PACKAGE_IMPORT_NOT_DEFINED',
      'Package import specifier "#internal/private/x" is not defined by "imports" in package "app" for the conditions [default]\n' +
        '  Fix: add "#internal/private/x" to the "imports" field of "app"',
    ],
    [
      '#url',
      'ERR_INVALID_PACKAGE_TARGET',
      'Invalid "imports" target "https://example.com/x.js" defined for "#url" in package "app" resolving "#url": targets in "imports" cannot be URLs\n' +
        '  Fix: correct the "imports" entry "#url" of "app" (a package override), or report it to the package author',
    ],
    [
      '#up',
      'ERR_INVALID_PACKAGE_TARGET',
      'Invalid "imports" target "../up.js" defined for "#up" in package "app" resolving "#up": targets in "imports" must start with "./" or name a package\n' +
        '  Fix: correct the "imports" entry "#up" of "app" (a package override), or report it to the package author',
    ],
    [
      '#',
      'ERR_INVALID_MODULE_SPECIFIER',
      'Invalid module specifier "#" for package "app": it is not a valid internal imports specifier name\n' +
        '  Fix: import "#name" with a name that is not "#", does not start with "#/" and does not end with "/"',
    ],
    [
      '#/x',
      'ERR_INVALID_MODULE_SPECIFIER',
      'Invalid module specifier "#/x" for package "app": it is not a valid internal imports specifier name\n' +
        '  Fix: import "#name" with a name that is not "#", does not start with "#/" and does not end with "/"',
    ],
    [
      '#internal/',
      'ERR_INVALID_MODULE_SPECIFIER',
      'Invalid module specifier "#internal/" for package "app": it is not a valid internal imports specifier name\n' +
        '  Fix: import "#name" with a name that is not "#", does not start with "#/" and does not end with "/"',
    ],
    [
      'dep',
      'ERR_INVALID_MODULE_SPECIFIER',
      'Invalid module specifier "dep" for package "app": an "imports" specifier must start with "#"\n' +
        '  Fix: import "#name" with a name that is not "#", does not start with "#/" and does not end with "/"',
    ],
  ]
  for (const [specifier, code, message] of fail) {
    it(`${specifier} throws ${code}`, () => expect(thrown(() => resolveImports(p, specifier, []))).toEqual({ code, message }))
  }

  it('a package without "imports" defines nothing', () => {
    expect(thrown(() => resolveImports({ name: 'x' }, '#a', ['import'])).code).toBe('ERR_PACKAGE_IMPORT_NOT_DEFINED')
  })
})
