import { mkdir, readFile, writeFile, rename } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { untar } from './tar.mjs'

export const upstreamRegistry = 'https://registry.npmjs.org/'

/** `@scope/name` → `@scope%2fname`, the registry's URL form (also the file name on disk). */
export const escapeName = (name) => (name.startsWith('@') ? `@${encodeURIComponent(name.slice(1, name.indexOf('/')))}%2f${encodeURIComponent(name.slice(name.indexOf('/') + 1))}` : encodeURIComponent(name))

async function readOrUndefined(path) {
  try {
    return await readFile(path)
  } catch (err) {
    if (err.code === 'ENOENT') return undefined
    throw err
  }
}

async function writeAtomic(path, bytes) {
  await mkdir(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  await writeFile(tmp, bytes)
  await rename(tmp, path)
}

/**
 * Real packages kept on disk under `dir`: full packuments (`packuments/<escaped>.json`) and
 * tarballs (`tarballs/<registry path>`), each downloaded once from the npm registry. In `record`
 * mode a miss is downloaded (and a 404 remembered); in `strict` mode a miss is reported in `misses`
 * and answered as not found, so a timed run never waits on the real registry.
 */
export function createStore(dir, { mode = 'record', fetch = globalThis.fetch } = {}) {
  const state = { mode, misses: [], downloads: 0, downloadedBytes: 0 }
  const packuments = new Map() // name → Promise<{ text, json } | undefined>
  const tarballs = new Map() // registry path → Promise<Uint8Array | undefined>
  const unpacked = new Map() // registry path → Promise<Map<string, Uint8Array> | undefined>

  async function download(url, accept) {
    state.downloads++
    const res = await fetch(url, { headers: { accept } })
    if (res.status === 404) return undefined
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
    const bytes = new Uint8Array(await res.arrayBuffer())
    state.downloadedBytes += bytes.byteLength
    return bytes
  }

  /** A stored file, or the upstream one saved (record mode); `undefined` for not found. */
  async function cached(path, url, accept) {
    const hit = await readOrUndefined(path)
    if (hit) return hit
    if (await readOrUndefined(`${path}.404`)) return undefined
    if (state.mode !== 'record') {
      state.misses.push(url)
      return undefined
    }
    const bytes = await download(url, accept)
    if (bytes) await writeAtomic(path, bytes)
    else await writeAtomic(`${path}.404`, new Uint8Array())
    return bytes
  }

  function packument(name) {
    if (!packuments.has(name)) {
      const file = join(dir, 'packuments', `${escapeName(name)}.json`)
      packuments.set(
        name,
        cached(file, `${upstreamRegistry}${escapeName(name)}`, 'application/json').then((bytes) => {
          if (!bytes) return undefined
          const text = Buffer.from(bytes).toString('utf8')
          return { text, json: JSON.parse(text) }
        }),
      )
    }
    return packuments.get(name)
  }

  /** The tarball at a registry path (`lit/-/lit-3.2.1.tgz`). */
  function tarball(path) {
    if (!tarballs.has(path)) tarballs.set(path, cached(join(dir, 'tarballs', ...path.split('/')), `${upstreamRegistry}${path}`, 'application/octet-stream'))
    return tarballs.get(path)
  }

  /** The registry path of a version's tarball, from the packument. */
  async function tarballPath(name, version) {
    const doc = await packument(name)
    const url = doc?.json.versions?.[version]?.dist?.tarball
    return url?.startsWith(upstreamRegistry) ? url.slice(upstreamRegistry.length) : undefined
  }

  /** The files of name@version, unpacked once per process. */
  function files(name, version) {
    const key = `${name}@${version}`
    if (!unpacked.has(key)) {
      unpacked.set(
        key,
        tarballPath(name, version).then(async (path) => {
          const tgz = path && (await tarball(path))
          return tgz ? untar(tgz) : undefined
        }),
      )
    }
    return unpacked.get(key)
  }

  return {
    state,
    packument,
    tarball,
    files,
    setMode(next) {
      state.mode = next
    },
    takeMisses() {
      return state.misses.splice(0)
    },
  }
}
