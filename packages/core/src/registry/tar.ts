/**
 * A tar reader for package tarballs (already gunzipped): POSIX ustar, pax extended headers (`x`),
 * and GNU long names (`L`, `K`). Pure: bytes in, entries out, in archive order. Paths are returned
 * as written; making them safe is the caller's job (see extract.ts).
 */

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other'

export interface TarEntry {
  path: string
  type: TarEntryType
  /** Link target as written (symlinks: relative to the link's directory; hardlinks: an archive path). */
  linkpath?: string
  /** File contents (files only). */
  data?: Uint8Array
}

/** A malformed archive: `offset` is the header's byte offset. */
export class TarFormatError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`)
  }
}

const BLOCK = 512
const utf8 = new TextDecoder()

/** A NUL-terminated string field. */
function field(block: Uint8Array, start: number, length: number): string {
  const bytes = block.subarray(start, start + length)
  const end = bytes.indexOf(0)
  return utf8.decode(end === -1 ? bytes : bytes.subarray(0, end))
}

/** A numeric field: octal ASCII (NUL/space padded), or GNU base-256 when the high bit is set. */
function numeric(block: Uint8Array, start: number, length: number, offset: number): number {
  const bytes = block.subarray(start, start + length)
  if ((bytes[0] ?? 0) & 0x80) {
    let value = (bytes[0] ?? 0) & 0x7f
    for (let i = 1; i < bytes.length; i++) value = value * 256 + (bytes[i] ?? 0)
    return value
  }
  const text = field(block, start, length).trim()
  if (text === '') return 0
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`invalid numeric field "${text}"`, offset)
  return parseInt(text, 8)
}

/** Header checksum: the byte sum with the checksum field itself counted as eight spaces. */
function checksumMatches(block: Uint8Array, offset: number): boolean {
  const stored = numeric(block, 148, 8, offset)
  let unsigned = 0
  let signed = 0
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0)
    unsigned += byte
    signed += byte > 127 ? byte - 256 : byte
  }
  return stored === unsigned || stored === signed
}

/** Pax extended header records: `<length> <key>=<value>\n`, length counting the whole record. */
export function parsePax(data: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {}
  let pos = 0
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos)
    if (space === -1) break
    const length = Number(utf8.decode(data.subarray(pos, space)))
    if (!Number.isInteger(length) || length <= 0) break
    const record = utf8.decode(data.subarray(space + 1, pos + length - 1))
    const eq = record.indexOf('=')
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1)
    pos += length
  }
  return out
}

const typeOf = (flag: string): TarEntryType =>
  flag === '0' || flag === '' || flag === '7' ? 'file' : flag === '5' ? 'directory' : flag === '2' ? 'symlink' : flag === '1' ? 'hardlink' : 'other'

export function readTar(archive: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = []
  let pax: Record<string, string> = {}
  let longName: string | undefined
  let longLink: string | undefined
  let offset = 0

  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK)
    // End of archive: a zero block (normally two; one is accepted).
    if (header.every((b) => b === 0)) break
    if (!checksumMatches(header, offset)) throw new TarFormatError('header checksum mismatch', offset)

    const flag = field(header, 156, 1)
    const isMeta = flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K'
    const size = pax.size !== undefined && !isMeta ? Number(pax.size) : numeric(header, 124, 12, offset)
    const dataStart = offset + BLOCK
    if (!Number.isSafeInteger(size) || size < 0 || dataStart + size > archive.length) {
      throw new TarFormatError(`entry of ${size} bytes runs past the end of the archive`, offset)
    }
    const data = archive.subarray(dataStart, dataStart + size)
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK

    // Headers that describe the next entry.
    if (flag === 'x') {
      pax = { ...pax, ...parsePax(data) }
      continue
    }
    if (flag === 'g') continue // global pax defaults: nothing in them matters for package files
    if (flag === 'L') {
      longName = field(data, 0, data.length)
      continue
    }
    if (flag === 'K') {
      longLink = field(data, 0, data.length)
      continue
    }

    // POSIX ustar (magic "ustar\0") splits long names into prefix + name; GNU ("ustar  ") does not.
    const name = field(header, 0, 100)
    const prefix = field(header, 257, 6) === 'ustar' && header[262] === 0 ? field(header, 345, 155) : ''
    const path = pax.path ?? longName ?? (prefix ? `${prefix}/${name}` : name)
    const type = typeOf(flag)
    const entry: TarEntry = { path, type }
    if (type === 'symlink' || type === 'hardlink') entry.linkpath = pax.linkpath ?? longLink ?? field(header, 157, 100)
    if (type === 'file') entry.data = data
    entries.push(entry)
    pax = {}
    longName = undefined
    longLink = undefined
  }
  return entries
}
