import { createServer } from 'node:http'

/** `https://cdn.jsdelivr.net/npm/name@version/…` or `…/node_modules/name/…` → `name`. */
export function packageOf(url) {
  const cdn = /\/npm\/((?:@[^/]+\/)?[^/@]+)@/.exec(url)
  if (cdn) return cdn[1]
  const nm = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url.slice(url.lastIndexOf('/node_modules/')))
  return nm?.[1]
}

/**
 * The longest dependency chain that latency cannot hide: in the package graph of the walked
 * module graph (an edge A → B when a module of A imports one of B), the depth of each package is
 * the length of its shortest chain from the installs; the chain that must be waited out is the
 * largest such depth. (A package is found, at the earliest, through its shortest chain; each link
 * needs at least one round trip, since B's version is unknown until A's dependencies are read.)
 */
export function dependencyDepth(walk) {
  const adj = new Map()
  const roots = new Set()
  for (const [edge, url] of walk.edges) {
    if (!url) continue
    const [importer] = edge.split('\t')
    const to = packageOf(url)
    if (!to) continue
    if (importer === '<map>') {
      roots.add(to)
      continue
    }
    const from = packageOf(importer)
    if (!from || from === to) continue
    if (!adj.has(from)) adj.set(from, new Set())
    adj.get(from).add(to)
  }
  const depth = new Map([...roots].map((r) => [r, 1]))
  const queue = [...roots]
  let chain = [...roots].slice(0, 1)
  const parent = new Map()
  while (queue.length) {
    const p = queue.shift()
    for (const q of adj.get(p) ?? []) {
      if (depth.has(q)) continue
      depth.set(q, depth.get(p) + 1)
      parent.set(q, p)
      queue.push(q)
    }
  }
  let deepest = chain[0]
  for (const [p, d] of depth) if (d > (depth.get(deepest) ?? 0)) deepest = p
  chain = []
  for (let p = deepest; p; p = parent.get(p)) chain.unshift(p)
  return { depth: depth.get(deepest) ?? 0, chain, packages: depth.size }
}

/** Loopback throughput in bytes per millisecond: one 64 MiB response, timed end to end. */
export async function measureBandwidth() {
  const body = Buffer.alloc(64 * 1024 * 1024, 120)
  const server = createServer((_req, res) => res.end(body))
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${server.address().port}/`
  await (await fetch(url)).arrayBuffer() // connection and code warmed
  const started = performance.now()
  const n = (await (await fetch(url)).arrayBuffer()).byteLength
  const ms = performance.now() - started
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
  return n / ms
}

/**
 * The physical bound of a cold generation: one round trip per link of the longest chain, plus
 * the time to move the graph's module bytes at loopback speed. It assumes infinite CPU and a
 * protocol that answers "which version, and its files" in one round trip per package.
 */
export function physicalBound({ depth, moduleBytes, latencyMs, bytesPerMs }) {
  return depth * latencyMs + moduleBytes / bytesPerMs
}
