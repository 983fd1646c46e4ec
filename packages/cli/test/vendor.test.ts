import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import { esmap, project, read, readJson } from './run.js'

let server: FixtureServer
beforeAll(async () => {
  server = await startFixtureServer()
})
afterAll(() => server.close())

const flags = (s: FixtureServer): string[] => ['--registry', s.urls.registry, '--cache-dir', '.cache']
const sri = (bytes: Uint8Array): string => `sha384-${createHash('sha384').update(bytes).digest('base64')}`

describe('esmap vendor', () => {
  it('builds packages into <root>/_esm/ and maps them root-relative, with the integrity of the written files', async () => {
    const dir = await project({ 'public/.keep': '' })
    const r = await esmap(['vendor', 'fx-cjs', 'fx-dep', '-o', 'public/importmap.json', '--integrity', ...flags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    const map = (await readJson(dir, 'public/importmap.json')) as { imports: object; scopes: object; integrity: Record<string, string> }
    expect(map.imports).toEqual({ 'fx-dep': '/_esm/fx-dep@2.1.0/index.js', 'fx-cjs': '/_esm/fx-cjs@1.0.0/index.js' })
    expect(map.scopes).toEqual({ '/': { 'fx-cjs-util': '/_esm/fx-cjs-util@1.0.0/index.js' } })
    // Every module the map reaches is written, with its source map, and its integrity is the written bytes'.
    const written = (await readdir(join(dir, 'public', '_esm'), { recursive: true })).filter((f) => f.endsWith('.js')).sort()
    expect(written).toEqual(Object.keys(map.integrity).map((u) => u.slice('/_esm/'.length)).sort())
    for (const url of Object.keys(map.integrity)) {
      const bytes = await readFile(join(dir, 'public', url))
      expect(map.integrity[url]).toBe(sri(bytes))
      expect(await readFile(join(dir, 'public', `${url}.map`), 'utf8')).toMatch(/^\{\s*"version": ?3,/)
    }
    // CommonJS was converted: the entry is an ES module with the package's named exports.
    expect(await read(dir, 'public/_esm/fx-cjs@1.0.0/index.js')).toMatch(/export \{\n {2}index_default as default,\n {2}__e0 as name,\n {2}__e1 as shout\n\};/)
    expect(r.stderr.split('\n').slice(0, 5)).toEqual(['+ fx-cjs@1.0.0', '+ fx-cjs-util@1.0.0', '+ fx-dep@2.1.0', `public/_esm: ${written.length * 2} files of 3 packages`, 'public/importmap.json: 7 added entries'])
  })

  it('the map is the lock: a second run changes nothing; --frozen passes', async () => {
    const dir = await project({ 'public/.keep': '' })
    expect((await esmap(['vendor', 'fx-dep@1', '-o', 'public/importmap.json', ...flags(server)], { cwd: dir })).code).toBe(0)
    const again = await esmap(['vendor', '-m', 'public/importmap.json', '--frozen', ...flags(server)], { cwd: dir })
    expect(again.code).toBe(0)
    expect(again.stderr.split('\n')[1]).toBe('public/importmap.json: no changes (not rewritten)')
    expect(await readJson(dir, 'public/importmap.json')).toEqual({ imports: { 'fx-dep': '/_esm/fx-dep@1.2.0/index.js' } })
  })

  it('--frozen fails before writing any file', async () => {
    const dir = await project({ 'public/importmap.json': '{}\n' })
    const r = await esmap(['vendor', 'fx-dep@1', '-m', 'public/importmap.json', '--frozen', ...flags(server)], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('error ESMAP_FROZEN: --frozen: the map would change (1 added entry in public/importmap.json):\n+ imports["fx-dep"]: /_esm/fx-dep@1.2.0/index.js\n  Fix: Run the command without --frozen to update the map, and commit it.\n')
    expect(await readdir(join(dir, 'public'))).toEqual(['importmap.json'])
  })

  it('--root names the web root; -o can be a page', async () => {
    const dir = await project({ 'site/index.html': '<!doctype html>\n<html><head></head><body></body></html>\n' })
    const r = await esmap(['vendor', 'fx-dep@1', '-o', 'site/index.html', '--root', 'site', ...flags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(await read(dir, 'site/index.html')).toContain('"fx-dep": "/_esm/fx-dep@1.2.0/index.js"')
    expect(await readdir(join(dir, 'site', '_esm', 'fx-dep@1.2.0'))).toEqual(['index.js', 'index.js.map'])
  })

  it.each([
    [['vendor', 'fx-dep', '-p', 'jsdelivr'], 'error ESMAP_CLI_UNKNOWN_FLAG: "esmap vendor" does not take -p\n  Fix: Run "esmap vendor --help" to see its flags.\n'],
    [['vendor', 'fx-dep', '--root', 'https://example.com/'], 'error ESMAP_CLI_INVALID_FLAG: esmap vendor writes files: --root must be a folder, got https://example.com/\n  Fix: Give --root the folder your site is served from, such as public.\nRun "esmap vendor --help" for usage.\n'],
    [['vendor', 'fx-dep', '--root', 'missing'], 'error ESMAP_CLI_OUTPUT_NOT_WRITABLE: Cannot write DIR/missing: ENOENT for the directory DIR/missing\n  Fix: Check that DIR/missing exists and is writable, or choose another --root.\nRun "esmap vendor --help" for usage.\n'],
  ])('%j is bad usage', async (args, stderr) => {
    const dir = await project()
    const r = await esmap([...args, ...flags(server)], { cwd: dir })
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: stderr.replaceAll('DIR', dir) })
    expect(await readdir(dir)).toEqual([])
  })
})
