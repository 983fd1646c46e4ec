import { gunzipSync } from 'node:zlib'

/**
 * The files of an npm tarball: gzip, then ustar blocks with pax (`x`) and GNU long-name (`L`)
 * headers. Paths lose their first segment (`package/`), as npm and jsDelivr do.
 * @param {Uint8Array} tgz
 * @returns {Map<string, Uint8Array>} path inside the package → bytes
 */
export function untar(tgz) {
  const tar = gunzipSync(tgz)
  const files = new Map()
  const text = new TextDecoder()
  const str = (start, length) => {
    const bytes = tar.subarray(start, start + length)
    const end = bytes.indexOf(0)
    return text.decode(end === -1 ? bytes : bytes.subarray(0, end))
  }
  let offset = 0
  let longName
  while (offset + 512 <= tar.length) {
    if (tar[offset] === 0) break // end-of-archive blocks
    const size = parseInt(str(offset + 124, 12).trim() || '0', 8)
    const type = String.fromCharCode(tar[offset + 156] || 48)
    const prefix = str(offset + 345, 155)
    let name = longName ?? (prefix ? `${prefix}/${str(offset, 100)}` : str(offset, 100))
    longName = undefined
    const data = tar.subarray(offset + 512, offset + 512 + size)
    if (type === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(text.decode(data))
      if (path) longName = path[1]
    } else if (type === 'L') {
      longName = str(offset + 512, size)
    } else if (type === '0' || type === '7') {
      const slash = name.indexOf('/')
      name = slash === -1 ? name : name.slice(slash + 1)
      if (!files.has(name)) files.set(name, data)
    }
    offset += 512 + Math.ceil(size / 512) * 512
  }
  return files
}
