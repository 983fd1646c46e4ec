import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { readTar, writeTar } from './tar.js'
import { NPM_PACK_MTIME, packTarball, readTarball } from './tarball.js'

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
const text = (data: Uint8Array): string => new TextDecoder().decode(data)
const scratch = mkdtempSync(join(tmpdir(), 'esmap-tar-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Run the system tar on an archive, as an independent reader. */
function systemTar(args: string[], archive: Uint8Array): string {
  return execFileSync('tar', args, { input: archive, cwd: scratch, env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' } }).toString()
}

const longDir = `package/${'nested-directory/'.repeat(7)}`
const files = new Map<string, Uint8Array>([
  ['package.json', bytes('{"name":"x","version":"1.0.0"}\n')],
  ['lib/a.js', bytes('export const a = 1\n')],
  ['empty.txt', new Uint8Array()],
  [`${longDir.slice('package/'.length)}deep.js`, bytes('x'.repeat(1000))],
])

describe('writeTar / readTar', () => {
  it('round-trips paths, modes, times and data, including an empty file and a 1000-byte one', () => {
    const archive = writeTar([
      { path: 'a.txt', data: bytes('hello'), mode: 0o755, mtime: 1234567890 },
      { path: 'b/empty', data: new Uint8Array() },
      { path: 'c.bin', data: new Uint8Array(1000).fill(7) },
    ])
    expect(archive.length).toBe(512 + 512 + 512 + 512 + 1024 + 1024)
    expect(readTar(archive).map((e) => ({ ...e, data: e.data.length }))).toEqual([
      { path: 'a.txt', type: '0', mode: 0o755, mtime: 1234567890, size: 5, data: 5 },
      { path: 'b/empty', type: '0', mode: 0o644, mtime: 0, size: 0, data: 0 },
      { path: 'c.bin', type: '0', mode: 0o644, mtime: 0, size: 1000, data: 1000 },
    ])
  })

  it('splits a path over 100 bytes into the ustar prefix and name fields', () => {
    const path = `${longDir}deep.js`
    expect(path.length).toBeGreaterThan(100)
    const [entry] = readTar(writeTar([{ path, data: bytes('x') }]))
    expect(entry?.path).toBe(path)
    expect(systemTar(['-t'], writeTar([{ path, data: bytes('x') }]))).toBe(`${path}\n`)
  })

  it('rejects a path that cannot fit', () => {
    expect(() => writeTar([{ path: 'x'.repeat(101), data: new Uint8Array() }])).toThrow(
      `tar: path "${'x'.repeat(101)}" is too long for a ustar header (prefix 155 + name 100 bytes)`,
    )
  })

  it('rejects a header whose checksum does not match', () => {
    const archive = writeTar([{ path: 'a.txt', data: bytes('hello') }])
    archive[0] = 'b'.charCodeAt(0)
    expect(() => readTar(archive)).toThrow(/^tar: bad header checksum at byte 0 \(expected \d+, got \d+\)$/)
  })
})

describe('packTarball', () => {
  const tarball = packTarball(files)

  it('advertises sha512 integrity and sha1 shasum of the gzipped bytes', () => {
    expect(tarball.integrity).toBe(`sha512-${createHash('sha512').update(tarball.bytes).digest('base64')}`)
    expect(tarball.shasum).toBe(createHash('sha1').update(tarball.bytes).digest('hex'))
    expect(tarball.fileCount).toBe(4)
    expect(tarball.unpackedSize).toBe(31 + 19 + 0 + 1000)
  })

  it('is byte-for-byte reproducible, whatever order the files come in', () => {
    const reversed = new Map([...files].reverse())
    expect(Buffer.from(packTarball(reversed).bytes).equals(Buffer.from(tarball.bytes))).toBe(true)
  })

  it('writes a gzip header without a timestamp', () => {
    expect([...tarball.bytes.subarray(0, 8)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0])
  })

  it('lists sorted package/ paths, mode 0644 and the npm pack time, as system tar reads them', () => {
    expect(new Date(NPM_PACK_MTIME * 1000).toISOString()).toBe('1985-10-26T08:15:00.000Z')
    const listing = systemTar(['-tvz', '--numeric-owner'], tarball.bytes).trim().split('\n')
    expect(listing.map((line) => line.split(/\s+/).filter((_, i) => i !== 2))).toEqual([
      ['-rw-r--r--', '0/0', '1985-10-26', '08:15', 'package/empty.txt'],
      ['-rw-r--r--', '0/0', '1985-10-26', '08:15', 'package/lib/a.js'],
      ['-rw-r--r--', '0/0', '1985-10-26', '08:15', `${longDir}deep.js`],
      ['-rw-r--r--', '0/0', '1985-10-26', '08:15', 'package/package.json'],
    ])
  })

  it('extracts with system tar to the same bytes', () => {
    systemTar(['-xz'], tarball.bytes)
    for (const [path, data] of files) expect(readFileSync(join(scratch, 'package', path))).toEqual(Buffer.from(data))
  })

  it('reads back with readTarball', () => {
    expect(readTarball(tarball.bytes).map((e) => [e.path, text(e.data)])).toEqual([
      ['package/empty.txt', ''],
      ['package/lib/a.js', 'export const a = 1\n'],
      [`${longDir}deep.js`, 'x'.repeat(1000)],
      ['package/package.json', '{"name":"x","version":"1.0.0"}\n'],
    ])
  })

  it('readTarball reads what another gzip wrote', () => {
    const archive = gzipSync(writeTar([{ path: 'package/x.js', data: bytes('x') }]))
    expect(readTarball(archive).map((e) => e.path)).toEqual(['package/x.js'])
  })
})
