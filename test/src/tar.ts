/**
 * A minimal POSIX ustar writer and reader (regular files only), enough for npm tarballs.
 * Layout per POSIX.1-1988 `ustar`: 512-byte header blocks, file data padded to 512 bytes,
 * two zero blocks at the end.
 */

const BLOCK = 512
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** One regular file in an archive. */
export interface TarFile {
  /** Path inside the archive, `/`-separated (`package/index.js`). */
  path: string
  data: Uint8Array
  /** Permission bits. @default 0o644 */
  mode?: number
  /** Modification time in seconds since the epoch. @default 0 */
  mtime?: number
}

/** A file read back from an archive. */
export interface TarEntry {
  path: string
  /** ustar typeflag: `0` regular file, `5` directory, ... */
  type: string
  mode: number
  mtime: number
  size: number
  data: Uint8Array
}

function writeString(header: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = encoder.encode(value)
  if (bytes.length > length) throw new RangeError(`tar: "${value}" does not fit in a ${length}-byte header field`)
  header.set(bytes, offset)
}

/** Numeric fields are zero-padded octal followed by a NUL. */
function writeOctal(header: Uint8Array, offset: number, length: number, value: number): void {
  writeString(header, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`)
}

/** Split a long path into ustar's `prefix` (155 bytes) and `name` (100 bytes) at a `/`. */
function splitPath(path: string): [prefix: string, name: string] {
  if (encoder.encode(path).length <= 100) return ['', path]
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i)
    const name = path.slice(i + 1)
    if (encoder.encode(prefix).length <= 155 && encoder.encode(name).length <= 100) return [prefix, name]
  }
  throw new RangeError(`tar: path "${path}" is too long for a ustar header (prefix 155 + name 100 bytes)`)
}

function header(file: TarFile): Uint8Array {
  const block = new Uint8Array(BLOCK)
  const [prefix, name] = splitPath(file.path)
  writeString(block, 0, 100, name)
  writeOctal(block, 100, 8, file.mode ?? 0o644)
  writeOctal(block, 108, 8, 0) // uid
  writeOctal(block, 116, 8, 0) // gid
  writeOctal(block, 124, 12, file.data.length)
  writeOctal(block, 136, 12, file.mtime ?? 0)
  block.fill(0x20, 148, 156) // checksum is computed with its own field as spaces
  writeString(block, 156, 1, '0') // typeflag: regular file
  writeString(block, 257, 6, 'ustar\0')
  writeString(block, 263, 2, '00')
  writeString(block, 345, 155, prefix)
  const sum = block.reduce((a, b) => a + b, 0)
  writeString(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `)
  return block
}

/** Write the files, in the order given, as an uncompressed ustar archive. */
export function writeTar(files: readonly TarFile[]): Uint8Array {
  const size = files.reduce((n, f) => n + BLOCK + Math.ceil(f.data.length / BLOCK) * BLOCK, 2 * BLOCK)
  const out = new Uint8Array(size)
  let offset = 0
  for (const file of files) {
    out.set(header(file), offset)
    out.set(file.data, offset + BLOCK)
    offset += BLOCK + Math.ceil(file.data.length / BLOCK) * BLOCK
  }
  return out // the trailing two zero blocks are already zero
}

function readString(block: Uint8Array, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length)
  const end = field.indexOf(0)
  return decoder.decode(end === -1 ? field : field.subarray(0, end))
}

function readOctal(block: Uint8Array, offset: number, length: number): number {
  return Number.parseInt(readString(block, offset, length).trim() || '0', 8)
}

/** Read a ustar archive. Throws on a header whose checksum does not match. */
export function readTar(archive: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = []
  for (let offset = 0; offset + BLOCK <= archive.length; ) {
    const block = archive.subarray(offset, offset + BLOCK)
    if (block.every((b) => b === 0)) break
    const expected = readOctal(block, 148, 8)
    const actual = block.reduce((a, b, i) => a + (i >= 148 && i < 156 ? 0x20 : b), 0)
    if (expected !== actual) throw new Error(`tar: bad header checksum at byte ${offset} (expected ${expected}, got ${actual})`)
    const name = readString(block, 0, 100)
    const prefix = readString(block, 345, 155)
    const size = readOctal(block, 124, 12)
    const start = offset + BLOCK
    entries.push({
      path: prefix ? `${prefix}/${name}` : name,
      type: readString(block, 156, 1) || '0',
      mode: readOctal(block, 100, 8),
      mtime: readOctal(block, 136, 12),
      size,
      data: archive.slice(start, start + size),
    })
    offset = start + Math.ceil(size / BLOCK) * BLOCK
  }
  return entries
}
