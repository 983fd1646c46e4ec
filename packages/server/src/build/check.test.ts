import { expect, it } from 'vitest'
import { assertNoLocalImports, findLocalImport } from './check.js'

const files = (entries: Record<string, string>): Map<string, Uint8Array> => new Map(Object.entries(entries).map(([k, v]) => [k, new TextEncoder().encode(v)]))

it.each([
  [{ 'index.js': "import 'file:///etc/passwd'" }, 'index.js: file:///etc/passwd'],
  [{ 'a.js': 'export {}', 'lib/b.mjs': "export * from 'FILE:///x.js'" }, 'lib/b.mjs: FILE:///x.js'],
  [{ 'index.js': "const m = await import('file:///tmp/x.js')" }, 'index.js: file:///tmp/x.js'],
  [{ 'index.js': "// see file:///docs\nexport const url = 'file:///not-an-import'" }, undefined],
  [{ 'notes.txt': "import 'file:///etc/passwd'" }, undefined],
  [{ 'index.js': "import x from './file:name.js'" }, undefined],
])('%j → %j', (entries, expected) => {
  expect(findLocalImport(files(entries))).toBe(expected)
})

it('throws ESMAP_BUILD_LOCAL_IMPORT naming the package, the module and the import', () => {
  expect(() => assertNoLocalImports({ registry: 'npm', name: 'x', version: '1.0.0' }, files({ 'index.js': "import 'file:///etc/passwd'" }))).toThrow(
    expect.objectContaining({ code: 'ESMAP_BUILD_LOCAL_IMPORT', message: expect.stringContaining('npm:x@1.0.0 imports a file: URL (index.js: file:///etc/passwd), which this server refuses to serve') }),
  )
})
