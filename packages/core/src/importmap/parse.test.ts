import { describe, expect, it } from 'vitest'
import { ImportMap } from './import-map.js'
import { isImportMapError } from './errors.js'

const base = 'https://base.example/app/index.html'

function parseWithWarnings(input: string | object, baseUrl = base): { map: ImportMap; warnings: string[] } {
  const warnings: string[] = []
  const map = ImportMap.parse(input, baseUrl, { onWarning: (w) => warnings.push(w) })
  return { map, warnings }
}

describe('ImportMap.parse: normalisation', () => {
  const table: { name: string; input: object; imports?: Record<string, string | null>; scopes?: object; integrity?: Record<string, string> }[] = [
    {
      name: 'URL-like keys and addresses become absolute; bare keys stay as written',
      input: { imports: { './a.js': '/x/a.js', 'pkg': '../pkg/index.js', 'pkg/': 'https://cdn.example/pkg/', '%2E/': './dot/' } },
      imports: {
        'https://base.example/app/a.js': 'https://base.example/x/a.js',
        'pkg/': 'https://cdn.example/pkg/',
        'pkg': 'https://base.example/pkg/index.js',
        '%2E/': 'https://base.example/app/dot/',
      },
    },
    {
      name: 'invalid addresses become null',
      input: { imports: { bare: 'bare', num: 1, 'slash/': '/no-slash', ok: 'https://cdn.example/ok.js' } },
      imports: { 'slash/': null, ok: 'https://cdn.example/ok.js', num: null, bare: null },
    },
    {
      name: 'scope keys parse against the map URL; later duplicates win',
      input: { scopes: { 'lib/': { a: '/1' }, './lib/': { b: '/2' }, 'https://cdn.example': {} } },
      scopes: { 'https://cdn.example/': {}, 'https://base.example/app/lib/': { b: 'https://base.example/2' } },
    },
    {
      name: 'integrity keys resolve as URL-like specifiers; bare keys and non-string values are dropped',
      input: { integrity: { './a.js': 'sha384-a', 'https://cdn.example/b.js': 'sha384-b', bare: 'sha384-c', '/d.js': 1 } },
      integrity: { 'https://cdn.example/b.js': 'sha384-b', 'https://base.example/app/a.js': 'sha384-a' },
    },
  ]
  for (const t of table) {
    it(t.name, () => {
      const map = ImportMap.parse(t.input, base)
      expect(map.imports).toEqual(t.imports ?? {})
      expect(map.scopes).toEqual(t.scopes ?? {})
      expect(map.integrity).toEqual(t.integrity ?? {})
    })
  }

  it('sorts specifier keys and scopes in code-unit descending order', () => {
    const map = ImportMap.parse(
      {
        imports: { a: '/a', 'a/': '/a/', 'a/b': '/ab', B: '/B', 'é': '/e', 'https://x.example/a': '/xa', 'https://x.example/aaa': '/xaaa' },
        scopes: { '/s/': {}, '/s/t/': {}, '/S/': {}, '/': {} },
      },
      base,
    )
    expect(Object.keys(map.imports)).toEqual(['é', 'https://x.example/aaa', 'https://x.example/a', 'a/b', 'a/', 'a', 'B'])
    expect(Object.keys(map.scopes)).toEqual(['https://base.example/s/t/', 'https://base.example/s/', 'https://base.example/S/', 'https://base.example/'])
  })

  it('treats an object as the JSON text JSON.stringify writes for it', () => {
    const fromObject = ImportMap.parse({ imports: { a: '/a.js', b: undefined }, scopes: undefined }, base)
    const fromText = ImportMap.parse('{ "imports": { "a": "/a.js" } }', base)
    expect(fromObject.imports).toEqual({ a: 'https://base.example/a.js' })
    expect(fromObject.toJSON()).toEqual(fromText.toJSON())
    expect(ImportMap.parse(fromText, 'https://base.example/app/').imports).toEqual({ a: 'https://base.example/a.js' })
  })

  it('keeps __proto__ as an ordinary specifier', () => {
    const map = ImportMap.parse('{ "imports": { "__proto__": "/proto.js" } }', base)
    expect(Object.keys(map.imports)).toEqual(['__proto__'])
    expect(map.resolve('__proto__', base)).toBe('https://base.example/proto.js')
    expect(map.toJSON().imports?.['__proto__']).toBe('../proto.js')
  })
})

describe('ImportMap.parse: warnings', () => {
  it('reports every ignored or nulled entry, in order', () => {
    const { warnings } = parseWithWarnings(
      { imports: { '': '/x', a: 1, b: 'b', 'c/': '/c' }, scopes: { 'https://[bad]/': { d: '/d' } }, integrity: { e: 'sha384-e', '/f': null }, scops: {} },
      'https://base.example/',
    )
    expect(warnings).toEqual([
      'Ignored the empty specifier key in imports: specifier keys cannot be the empty string.',
      'The address of "a" in imports must be a string, not a number; the entry blocks the specifier.',
      'The address "b" of "b" in imports is not a URL and does not start with "/", "./" or "../" (or fails to resolve against https://base.example/); the entry blocks the specifier.',
      'The address "https://base.example/c" of "c/" in imports must end with "/", as its key does; the entry blocks the specifier.',
      'Ignored the scope "https://[bad]/": it does not parse as a URL against https://base.example/.',
      'Ignored the integrity entry "e": integrity keys must be URLs or start with "/", "./" or "../".',
      'Ignored the integrity entry "/f": its value must be a string, not null.',
      'Ignored the unknown top-level key "scops" in the import map at https://base.example/.',
    ])
  })

  it('warns nothing for a valid map', () => {
    expect(parseWithWarnings({ imports: { a: '/a.js' }, scopes: { '/s/': { b: '/b.js' } }, integrity: { '/a.js': 'sha384-x' } }).warnings).toEqual([])
  })
})

describe('ImportMap.parse: TypeErrors', () => {
  const table: [input: unknown, message: string][] = [
    ['[]', 'Invalid import map at https://base.example/: the top-level value must be a JSON object, not an array.\n  Fix: write the map as { "imports": { ... }, "scopes": { ... } }.'],
    [null, 'Invalid import map at https://base.example/: the top-level value must be a JSON object, not null.\n  Fix: write the map as { "imports": { ... }, "scopes": { ... } }.'],
    [{ imports: 'x' }, 'Invalid import map at https://base.example/: "imports" must be a JSON object, not a string.\n  Fix: write "imports" as an object such as { "pkg": "https://cdn.example/pkg.js" }.'],
    [{ scopes: [] }, 'Invalid import map at https://base.example/: "scopes" must be a JSON object, not an array.\n  Fix: write "scopes" as an object of scope URL → specifier map.'],
    [{ scopes: { '/s/': true } }, 'Invalid import map at https://base.example/: the value of the scope "/s/" must be a JSON object, not a boolean.\n  Fix: write the scope as "/s/": { "pkg": "https://cdn.example/pkg.js" }.'],
    [{ integrity: 1 }, 'Invalid import map at https://base.example/: "integrity" must be a JSON object, not a number.\n  Fix: write "integrity" as an object of module URL → "sha384-…".'],
  ]
  for (const [input, message] of table) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      let error: unknown
      try {
        ImportMap.parse(input as object, 'https://base.example/')
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(TypeError)
      expect(isImportMapError(error, 'ESMAP_IMPORT_MAP_INVALID')).toBe(true)
      expect((error as Error).message).toBe(message)
    })
  }

  it('rejects invalid JSON, keeping the JSON error as the cause', () => {
    let error: unknown
    try {
      ImportMap.parse('{imports: {}}', 'https://base.example/')
    } catch (e) {
      error = e
    }
    expect(isImportMapError(error, 'ESMAP_IMPORT_MAP_INVALID')).toBe(true)
    expect((error as Error).message).toMatch(/^Invalid import map at https:\/\/base\.example\/: it is not valid JSON \(.+\)\.\n {2}Fix: write the import map as JSON: double-quoted keys and strings, no trailing commas or comments\.$/)
    expect((error as Error).cause).toBeInstanceOf(SyntaxError)
  })

  it('rejects a map URL that is not absolute', () => {
    expect(() => ImportMap.parse({}, 'index.html')).toThrow(
      expect.objectContaining({ code: 'ESMAP_INVALID_MAP_URL', message: 'The map URL "index.html" is not an absolute URL\n  Fix: pass an absolute URL such as "file:///app/index.html" or "https://example.com/".' }),
    )
    expect(() => ImportMap.empty('https://example.com/', 'public/')).toThrow(expect.objectContaining({ code: 'ESMAP_INVALID_MAP_URL', message: expect.stringMatching(/^The root URL "public\/" is not an absolute URL/) }))
  })
})
