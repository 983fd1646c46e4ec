import { gzipSync } from 'node:zlib'

/** One raw tar entry for tests: every field written as given, so that hostile archives can be built. */
export interface RawEntry {
  name: string
  /** '0' file (default), '1' hardlink, '2' symlink, '5' directory, 'x' pax, 'L' GNU long name, ... */
  type?: string
  data?: string | Uint8Array
  linkname?: string
  /** ustar prefix field (POSIX long names). */
  prefix?: string
  /** 'posix' (default: "ustar\0" + "00") or 'gnu' ("ustar  \0"). */
  magic?: 'posix' | 'gnu'
  /** Write the size as GNU base-256 instead of octal. */
  base256Size?: boolean
  /** Corrupt the header checksum. */
  badChecksum?: boolean
}

const enc = new TextEncoder()

function put(block: Uint8Array, offset: number, length: number, text: string): void {
  block.set(enc.encode(text).subarray(0, length), offset)
}
const octal = (n: number, length: number): string => `${n.toString(8).padStart(length - 1, '0')}\0`

export function header(entry: RawEntry, size: number): Uint8Array {
  const block = new Uint8Array(512)
  put(block, 0, 100, entry.name)
  put(block, 100, 8, octal(0o644, 8))
  put(block, 108, 8, octal(0, 8))
  put(block, 116, 8, octal(0, 8))
  if (entry.base256Size) {
    block[124] = 0x80
    for (let i = 0, n = size; i < 11; i++, n = Math.floor(n / 256)) block[135 - i] = n % 256
  } else put(block, 124, 12, octal(size, 12))
  put(block, 136, 12, octal(0, 12))
  put(block, 156, 1, entry.type ?? '0')
  put(block, 157, 100, entry.linkname ?? '')
  if (entry.magic === 'gnu') put(block, 257, 8, 'ustar  \0')
  else {
    put(block, 257, 6, 'ustar\0')
    put(block, 263, 2, '00')
  }
  put(block, 345, 155, entry.prefix ?? '')
  block.fill(0x20, 148, 156)
  let sum = block.reduce((a, b) => a + b, 0)
  if (entry.badChecksum) sum += 1
  put(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `)
  return block
}

/** A pax record `<len> key=value\n`, the length counting its own digits, in UTF-8 bytes. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`
  const bytes = enc.encode(body).length
  let length = bytes + 1
  while (String(length).length + bytes !== length) length++
  return `${length}${body}`
}

/** An uncompressed tar of `entries`, ended by two zero blocks. */
export function tar(entries: RawEntry[]): Uint8Array {
  const parts: Uint8Array[] = []
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? enc.encode(entry.data) : (entry.data ?? new Uint8Array())
    parts.push(header(entry, data.length), data, new Uint8Array((512 - (data.length % 512)) % 512))
  }
  parts.push(new Uint8Array(1024))
  return Buffer.concat(parts)
}

export const tgz = (entries: RawEntry[]): Uint8Array => gzipSync(tar(entries))
