import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** Where a profiled function lives: an @esmap/core module folder, a dependency, or Node itself. */
export function areaOf(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)'
  const core = /packages\/core\/dist\/([^/]+)(?:\/([^/]+))?/.exec(url)
  if (core) return `@esmap/core ${core[2] ? `${core[1]}/` : ''}${(core[2] ?? core[1]).replace(/\.js$/, '')}`
  const dep = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (dep) return dep[1]
  if (url.startsWith('node:')) return `node ${url.slice(5).split('/').slice(0, 2).join('/')}`
  return url.replace(/^file:\/\/.*\/bench\//, 'bench/')
}

/**
 * Self time of a `.cpuprofile` by area and by function (each sample's time goes to the function on
 * top of the stack), and by owner: the nearest @esmap/core function below it on the stack, so that
 * time in zlib, crypto or JSON.parse is charged to the esmap code that asked for it.
 */
export async function summarizeProfile(dir, top = 15) {
  const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'))
  if (!file) return undefined
  const profile = JSON.parse(await readFile(join(dir, file), 'utf8'))
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  /** The nearest @esmap/core function on the stack of a node: who in esmap caused this time. */
  const owner = (id) => {
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const { callFrame } = byId.get(n)
      if (/packages\/core\/dist\//.test(callFrame.url)) return `${callFrame.functionName || '(anonymous)'} ${areaOf(callFrame.url, callFrame.functionName)}:${callFrame.lineNumber + 1}`
    }
    return undefined
  }
  const self = new Map()
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000))
  const areas = new Map()
  const functions = new Map()
  const owners = new Map()
  let total = 0
  for (const [id, ms] of self) {
    const { callFrame } = byId.get(id)
    const area = areaOf(callFrame.url, callFrame.functionName)
    areas.set(area, (areas.get(area) ?? 0) + ms)
    const fn = `${callFrame.functionName || '(anonymous)'} ${areaOf(callFrame.url, callFrame.functionName)}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''}`
    functions.set(fn, (functions.get(fn) ?? 0) + ms)
    const by = owner(id) ?? (callFrame.functionName.startsWith('(') ? callFrame.functionName : '(outside @esmap/core: startup, imports, Node internals)')
    owners.set(by, (owners.get(by) ?? 0) + ms)
    total += ms
  }
  const rank = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, ms]) => ({ name, ms: Math.round(ms), share: ms / total }))
  return { file: join(dir, file), totalMs: Math.round(total), areas: rank(areas), functions: rank(functions), owners: rank(owners) }
}
