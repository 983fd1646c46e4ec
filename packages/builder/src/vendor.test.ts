import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { integrity, isEsmapError } from '@esmap/core'
import { buildTexts, tempDir } from './__tests__/packages.js'
import { files } from './__tests__/run.js'
import { vendorPackage, vendorPath, type VendorOptions } from './vendor.js'

let dir: string
let remove: () => Promise<void>
beforeEach(async () => ({ dir, remove } = await tempDir()))
afterEach(() => remove())

/** Every file under `root`, as `/`-separated relative paths. */
async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1)).sort()
}

describe('vendorPackage', () => {
  it('writes only the reachable files (and their maps) under <base>/<name>@<version>/, with integrity of the written bytes', async () => {
    const built = await buildTexts('@fx/vend', { 'package.json': '{"name":"@fx/vend","exports":{".":"./a.js","./b":"./b.js"}}', 'a.js': 'exports.a = 1\n', 'b.js': 'exports.b = 2\n' })
    const out = join(dir, 'dist')
    const written = await vendorPackage({ pkg: built.pkg, files: built, reachable: ['a.js', 'package.json', ...built.chunks], outDir: out })
    const expected = ['a.js', 'a.js.map', ...built.chunks.flatMap((c) => [c, `${c}.map`]), 'package.json'].sort()
    expect(written.map((w) => w.path)).toEqual(expected)
    expect(await listFiles(out)).toEqual(expected.map((p) => `_esm/@fx/vend@1.0.0/${p}`))
    const a = written.find((w) => w.path === 'a.js')
    const bytes = await readFile(join(out, '_esm/@fx/vend@1.0.0/a.js'))
    expect(a).toEqual({ path: 'a.js', file: join(out, '_esm/@fx/vend@1.0.0/a.js'), url: '_esm/@fx/vend@1.0.0/a.js', integrity: integrity(bytes), size: bytes.byteLength })
  })

  it('takes raw files too, a custom base, and sha256', async () => {
    const written = await vendorPackage({ pkg: { name: 'raw', version: '2.0.0' }, files: files({ 'index.js': 'export {}', 'x/y.js': '' }), outDir: dir, base: 'assets/vendor', integrity: 'sha256' })
    expect(written.map((w) => [w.url, w.integrity])).toEqual([
      ['assets/vendor/raw@2.0.0/index.js', integrity('export {}', 'sha256')],
      ['assets/vendor/raw@2.0.0/x/y.js', integrity('', 'sha256')],
    ])
    expect(vendorPath({ name: 'raw', version: '2.0.0' }, 'assets/vendor')).toBe('assets/vendor/raw@2.0.0/')
  })

  const unsafe: [string, Partial<VendorOptions>, string][] = [
    ['a name that leaves the folder', { pkg: { name: '../../x', version: '1.0.0' } }, 'Unsafe package name "../../x" in package ../../x@1.0.0: a name is one path segment or "@scope/name".'],
    ['a version that is a path', { pkg: { name: 'x', version: '1/../../..' } }, 'Unsafe package version "1/../../.." in package x@1/../../..: a version is one path segment.'],
    ['a base outside', { base: '../elsewhere' }, 'Unsafe vendor base folder "../elsewhere" in package x@1.0.0: it has a ".." segment.'],
    ['an absolute base', { base: '/tmp' }, 'Unsafe vendor base folder "/tmp" in package x@1.0.0: it is an absolute path.'],
    ['a file path with ..', { files: files({ '../../evil.js': '' }) }, 'Unsafe file to vendor "../../evil.js" in package x@1.0.0: it has a ".." segment.'],
    ['an absolute file path', { files: files({ '/etc/evil': '' }) }, 'Unsafe file to vendor "/etc/evil" in package x@1.0.0: it is an absolute path.'],
  ]
  it.each(unsafe)('rejects %s with ESMAP_UNSAFE_PATH and writes nothing', async (_, over, message) => {
    const options: VendorOptions = { pkg: { name: 'x', version: '1.0.0' }, files: files({ 'a.js': '' }), outDir: join(dir, 'out'), ...over }
    const error: unknown = await vendorPackage(options).then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(isEsmapError(error, 'ESMAP_UNSAFE_PATH')).toBe(true)
    expect((error as Error).message.split('\n')[0]).toBe(message)
    expect(await listFiles(dir)).toEqual([])
  })

  it('refuses a folder that a symbolic link sends outside outDir', async () => {
    const outside = join(dir, 'outside')
    await mkdir(outside)
    await mkdir(join(dir, 'out/_esm'), { recursive: true })
    await symlink(outside, join(dir, 'out/_esm/x@1.0.0'))
    const error: unknown = await vendorPackage({ pkg: { name: 'x', version: '1.0.0' }, files: files({ 'a.js': '' }), outDir: join(dir, 'out') }).then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(isEsmapError(error, 'ESMAP_UNSAFE_PATH')).toBe(true)
    expect((error as Error).message.split('\n')[0]).toBe(`Unsafe file to vendor "a.js" in package x@1.0.0: its folder leads outside ${join(dir, 'out')} through a symbolic link.`)
    expect(await readdir(outside)).toEqual([])
  })

  it('a reachable path the package does not have is ESMAP_VENDOR_MISSING_FILE', async () => {
    const error: unknown = await vendorPackage({ pkg: { name: 'x', version: '1.0.0' }, files: files({ 'a.js': '' }), reachable: ['b.js'], outDir: dir }).then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(isEsmapError(error, 'ESMAP_VENDOR_MISSING_FILE')).toBe(true)
    expect((error as Error).message.split('\n')[0]).toBe('Cannot vendor "b.js" of x@1.0.0: the package has no such file.')
  })

  it('overwrites an earlier vendoring of the same version in place', async () => {
    await mkdir(join(dir, '_esm/x@1.0.0'), { recursive: true })
    await writeFile(join(dir, '_esm/x@1.0.0/a.js'), 'old')
    await vendorPackage({ pkg: { name: 'x', version: '1.0.0' }, files: files({ 'a.js': 'new' }), outDir: dir })
    expect(await readFile(join(dir, '_esm/x@1.0.0/a.js'), 'utf8')).toBe('new')
    expect(await listFiles(dir)).toEqual(['_esm/x@1.0.0/a.js'])
  })
})
