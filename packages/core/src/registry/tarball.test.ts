import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { EsmapError } from '../errors.js'
import { paxRecord, tar, tgz, type RawEntry } from './__tests__/tar-writer.js'
import { extractPackage, pathSegments, symlinkTarget } from './extract.js'
import { actualDigest, expectedDigest } from './integrity.js'
import { parsePax, readTar, TarFormatError } from './tar.js'

const text = (bytes: Uint8Array | undefined): string | undefined => (bytes ? new TextDecoder().decode(bytes) : undefined)
const summary = (entries: ReturnType<typeof readTar>): unknown[] => entries.map((e) => ({ ...e, data: text(e.data) }))

describe('readTar', () => {
  const long = `package/${'d'.repeat(120)}/file.js`
  const table: [string, RawEntry[], unknown[]][] = [
    ['a file and a directory', [{ name: 'package/', type: '5' }, { name: 'package/a.js', data: 'A' }], [{ path: 'package/', type: 'directory', data: undefined }, { path: 'package/a.js', type: 'file', data: 'A' }]],
    ['an empty file', [{ name: 'package/empty', data: '' }], [{ path: 'package/empty', type: 'file', data: '' }]],
    ['a body over one block', [{ name: 'package/big', data: 'x'.repeat(1300) }], [{ path: 'package/big', type: 'file', data: 'x'.repeat(1300) }]],
    ['ustar prefix + name', [{ name: 'file.js', prefix: 'package/lib', data: 'P' }], [{ path: 'package/lib/file.js', type: 'file', data: 'P' }]],
    ['the GNU magic ignores the prefix field', [{ name: 'package/g.js', prefix: 'junk', magic: 'gnu', data: 'G' }], [{ path: 'package/g.js', type: 'file', data: 'G' }]],
    ['a pax path', [{ name: 'PaxHeader', type: 'x', data: paxRecord('path', long) }, { name: 'package/truncated', data: 'L' }], [{ path: long, type: 'file', data: 'L' }]],
    ['a GNU long name', [{ name: '././@LongLink', type: 'L', data: `${long}\0` }, { name: 'package/truncated', data: 'L' }], [{ path: long, type: 'file', data: 'L' }]],
    ['a GNU long link', [{ name: '././@LongLink', type: 'K', data: `${long}\0` }, { name: 'package/l', type: '2', linkname: 'short' }], [{ path: 'package/l', type: 'symlink', linkpath: long, data: undefined }]],
    ['pax applies to the next entry only', [{ name: 'p', type: 'x', data: paxRecord('path', 'package/one') }, { name: 'package/x', data: '1' }, { name: 'package/two', data: '2' }], [{ path: 'package/one', type: 'file', data: '1' }, { path: 'package/two', type: 'file', data: '2' }]],
    ['a base-256 size', [{ name: 'package/b', data: 'base256', base256Size: true }], [{ path: 'package/b', type: 'file', data: 'base256' }]],
    ['symlinks and hardlinks', [{ name: 'package/s', type: '2', linkname: 'a.js' }, { name: 'package/h', type: '1', linkname: 'package/a.js' }], [{ path: 'package/s', type: 'symlink', linkpath: 'a.js', data: undefined }, { path: 'package/h', type: 'hardlink', linkpath: 'package/a.js', data: undefined }]],
    ['a fifo is "other"', [{ name: 'package/fifo', type: '6' }], [{ path: 'package/fifo', type: 'other', data: undefined }]],
    ['global pax headers are skipped', [{ name: 'g', type: 'g', data: paxRecord('comment', 'hi') }, { name: 'package/a', data: 'a' }], [{ path: 'package/a', type: 'file', data: 'a' }]],
  ]
  for (const [name, entries, expected] of table) it(name, () => expect(summary(readTar(tar(entries)))).toEqual(expected))

  it('stops at the first zero block', () => expect(readTar(new Uint8Array(1024))).toEqual([]))

  it('rejects a header whose checksum does not match', () => {
    expect(() => readTar(tar([{ name: 'package/a', data: 'a', badChecksum: true }]))).toThrow(new TarFormatError('header checksum mismatch', 0))
  })

  it('rejects an entry that runs past the end', () => {
    const archive = tar([{ name: 'package/a', data: 'x'.repeat(600) }]).subarray(0, 1024)
    expect(() => readTar(archive)).toThrow('entry of 600 bytes runs past the end of the archive (at byte 0)')
  })

  it('parses pax records with multi-byte values', () => {
    expect(parsePax(new TextEncoder().encode(paxRecord('path', 'package/ü.js') + paxRecord('linkpath', 'x')))).toEqual({ path: 'package/ü.js', linkpath: 'x' })
  })
})

describe('pathSegments and symlinkTarget', () => {
  it.each([
    ['package/a/b.js', ['package', 'a', 'b.js']],
    ['package//./a.js', ['package', 'a.js']],
    ['package\\win.js', ['package', 'win.js']],
    ['/etc/passwd', { unsafe: 'absolute path' }],
    ['\\\\server\\share', { unsafe: 'absolute path' }],
    ['C:/x', { unsafe: 'absolute path' }],
    ['package/../../x', { unsafe: '".." path segment' }],
    ['package\\..\\x', { unsafe: '".." path segment' }],
  ])('pathSegments(%j) → %j', (path, expected) => expect(pathSegments(path)).toEqual(expected))

  it.each([
    [['lib'], 'a.js', ['lib', 'a.js']],
    [['lib'], '../a.js', ['a.js']],
    [['lib', 'x'], '../../b/./c.js', ['b', 'c.js']],
    [[], '../x', { unsafe: 'symlink to "../x" leaves the package' }],
    [['lib'], '../../x', { unsafe: 'symlink to "../../x" leaves the package' }],
    [['lib'], '/etc/passwd', { unsafe: 'symlink to the absolute path "/etc/passwd"' }],
  ])('symlinkTarget(%j, %j) → %j', (dir, target, expected) => expect(symlinkTarget(dir, target)).toEqual(expected))
})

describe('extractPackage', () => {
  const ctx = { label: 'npm:demo@1.0.0', url: 'http://127.0.0.1:1/demo/-/demo-1.0.0.tgz' }
  const extract = (entries: RawEntry[]): Record<string, string | undefined> =>
    Object.fromEntries([...extractPackage(tgz(entries), ctx)].map(([p, b]) => [p, text(b)]))

  const table: [string, RawEntry[], Record<string, string>][] = [
    ['strips package/', [{ name: 'package/package.json', data: '{}' }, { name: 'package/lib/a.js', data: 'A' }], { 'package.json': '{}', 'lib/a.js': 'A' }],
    ['strips any first segment', [{ name: 'node-demo/index.js', data: 'I' }], { 'index.js': 'I' }],
    ['drops root-level files and directories', [{ name: 'stray.txt', data: 's' }, { name: 'package/', type: '5' }, { name: 'package/a', data: 'a' }], { a: 'a' }],
    ['later duplicates win', [{ name: 'package/a', data: '1' }, { name: 'package/a', data: '2' }], { a: '2' }],
    ['resolves a symlink inside the package', [{ name: 'package/lib/a.js', data: 'A' }, { name: 'package/main.js', type: '2', linkname: 'lib/a.js' }], { 'lib/a.js': 'A', 'main.js': 'A' }],
    ['resolves a relative symlink going up', [{ name: 'package/a.js', data: 'A' }, { name: 'package/lib/a.js', type: '2', linkname: '../a.js' }], { 'a.js': 'A', 'lib/a.js': 'A' }],
    ['resolves a hardlink', [{ name: 'package/a.js', data: 'A' }, { name: 'package/b.js', type: '1', linkname: 'package/a.js' }], { 'a.js': 'A', 'b.js': 'A' }],
    ['resolves a link to a link', [{ name: 'package/c', type: '2', linkname: 'b' }, { name: 'package/b', type: '2', linkname: 'a' }, { name: 'package/a', data: 'A' }], { a: 'A', b: 'A', c: 'A' }],
    ['copies the files under a directory symlink', [{ name: 'package/src/x.js', data: 'X' }, { name: 'package/lib', type: '2', linkname: 'src' }], { 'src/x.js': 'X', 'lib/x.js': 'X' }],
    ['leaves out a dangling link', [{ name: 'package/gone', type: '2', linkname: 'nothing' }], {}],
  ]
  for (const [name, entries, expected] of table) it(name, () => expect(extract(entries)).toEqual(expected))

  const prefix = `The tarball of npm:demo@1.0.0 (${ctx.url}) has an unsafe entry`
  const unsafe: [string, RawEntry, string][] = [
    ['an absolute path', { name: '/etc/passwd', data: 'x' }, `${prefix} "/etc/passwd": absolute path.`],
    ['a .. segment', { name: 'package/../../evil.js', data: 'x' }, `${prefix} "package/../../evil.js": ".." path segment.`],
    ['a pax path with ..', { name: 'ok', type: 'x', data: paxRecord('path', '../evil') }, `${prefix} "../evil": ".." path segment.`],
    ['a symlink out of the package', { name: 'package/lib/evil', type: '2', linkname: '../../../etc/passwd' }, `${prefix} "package/lib/evil": symlink to "../../../etc/passwd" leaves the package.`],
    ['an absolute symlink', { name: 'package/evil', type: '2', linkname: '/etc/passwd' }, `${prefix} "package/evil": symlink to the absolute path "/etc/passwd".`],
    ['a hardlink out of the package', { name: 'package/evil', type: '1', linkname: '../etc/passwd' }, `${prefix} "package/evil": hardlink to "../etc/passwd" leaves the package.`],
    ['a hardlink to the archive root', { name: 'package/evil', type: '1', linkname: 'package' }, `${prefix} "package/evil": hardlink to "package" leaves the package.`],
  ]
  for (const [name, entry, message] of unsafe) {
    it(`rejects ${name} with ESMAP_UNSAFE_PATH`, () => {
      const entries: RawEntry[] = entry.type === 'x' ? [entry, { name: 'package/x', data: 'x' }] : [{ name: 'package/ok.js', data: 'ok' }, entry]
      let error: unknown
      try {
        extractPackage(tgz(entries), ctx)
      } catch (err) {
        error = err
      }
      expect(error).toBeInstanceOf(EsmapError)
      expect((error as EsmapError).code).toBe('ESMAP_UNSAFE_PATH')
      expect((error as EsmapError).specifier).toBe('npm:demo@1.0.0')
      expect((error as EsmapError).message.split('\n')[0]).toBe(message)
    })
  }

  it('rejects bytes that are not gzip with ESMAP_INVALID_TARBALL', () => {
    expect(() => extractPackage(new TextEncoder().encode('<html>'), ctx)).toThrow(
      expect.objectContaining({ code: 'ESMAP_INVALID_TARBALL', message: expect.stringMatching(/^The tarball of npm:demo@1\.0\.0 \(.*\) is not a valid gzipped tar: incorrect header check\./) }),
    )
  })
})

describe('tarball digests', () => {
  const bytes = new TextEncoder().encode('tarball bytes')
  const sri = (alg: string): string => `${alg}-${createHash(alg).update(bytes).digest('base64')}`
  const sha1hex = createHash('sha1').update(bytes).digest('hex')

  it.each([
    [{ integrity: sri('sha512') }, sri('sha512')],
    [{ integrity: `${sri('sha1')} ${sri('sha512')}` }, sri('sha512')],
    [{ integrity: `${sri('sha256')}?opt` }, sri('sha256')],
    [{ integrity: 'md5-xxxx', shasum: sha1hex }, sri('sha1')],
    [{ shasum: sha1hex }, sri('sha1')],
    [{ shasum: 'not-hex' }, undefined],
    [{}, undefined],
  ])('expectedDigest(%j) → %s', (dist, expected) => expect(expectedDigest(dist)).toBe(expected))

  it.each(['sha512', 'sha384', 'sha256', 'sha1'])('actualDigest with %s', (alg) => expect(actualDigest(bytes, `${alg}-whatever`)).toBe(sri(alg)))
})
