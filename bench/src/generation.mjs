import { createHash } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { dependencyDepth, physicalBound } from './bound.mjs'
import { npmInstall } from './local-install.mjs'
import { runOnce } from './runner.mjs'
import { summarize } from './stats.mjs'
import { compareWalks, sourceLoader, walkGraph } from './verify/walk.mjs'

export const tools = ['esmap', 'jspm']

const mapHash = (map) => (map ? createHash('sha256').update(JSON.stringify(map)).digest('hex').slice(0, 12) : undefined)

/** The packages (name@version or node_modules folder) a map points into. */
function packagesOfMap(map) {
  const out = new Set()
  const add = (url) => {
    const m = /\/npm\/((?:@[^/]+\/)?[^/@]+@[^/]+)\//.exec(url) ?? /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
    if (m) out.add(m[1])
  }
  for (const url of Object.values(map.imports ?? {})) add(url)
  for (const scope of Object.values(map.scopes ?? {})) for (const url of Object.values(scope)) add(url)
  return out
}

/**
 * The check before any time is reported: one cold run of each tool (latency 0, the mirror in
 * record mode so that whatever either tool asks for is on disk afterwards), then both maps walked
 * module by module from the installs. The maps agree when every import on the way resolves to the
 * same URL; differences and packages only one map mentions are listed.
 */
async function check(mirror, workload, ctx) {
  const out = { runs: {} }
  const walks = {}
  for (const tool of tools) {
    const runDir = join(ctx.workDir, workload.id, 'check', tool)
    const r = await runOnce(mirror, { tool, workload, cacheDir: join(runDir, 'cache'), mapUrl: ctx.mapUrl, runDir })
    out.runs[tool] = { ok: r.ok, error: r.error?.message, mapHash: mapHash(r.map), requests: r.requests, bytes: r.bytes }
    if (r.ok) {
      walks[tool] = await walkGraph(r.map, ctx.mapUrl, workload.installs, ctx.load)
      out.runs[tool].modules = walks[tool].modules.length
      out.runs[tool].edges = walks[tool].edges.size
      out.runs[tool].packages = packagesOfMap(r.map).size
      out.runs[tool].map = r.map
      ctx.maps[tool] = r.map
    }
  }
  if (walks.esmap && walks.jspm) {
    const diffs = compareWalks(walks.esmap, walks.jspm)
    const a = packagesOfMap(out.runs.esmap.map)
    const b = packagesOfMap(out.runs.jspm.map)
    out.equal = diffs.length === 0
    out.diffs = diffs.slice(0, 50).map((d) => ({ edge: d.edge, esmap: d.a, jspm: d.b }))
    out.diffCount = diffs.length
    out.onlyEsmap = [...a].filter((p) => !b.has(p)).sort()
    out.onlyJspm = [...b].filter((p) => !a.has(p)).sort()
  }
  const walk = walks.esmap ?? walks.jspm
  if (walk) {
    const { depth, chain, packages } = dependencyDepth(walk)
    out.graph = { depth, chain, packages, modules: walk.modules.length, moduleBytes: walk.moduleBytes }
  }
  for (const tool of tools) delete out.runs[tool]?.map
  return out
}

/** Summary of one (latency, cache, tool) cell: medians and spreads over the runs. */
function cell(runs) {
  const ok = runs.filter((r) => r.ok)
  return {
    ok: ok.length,
    failed: runs.length - ok.length,
    errors: [...new Set(runs.filter((r) => !r.ok).map((r) => r.error?.message))],
    wallMs: summarize(ok.map((r) => r.wallMs)),
    cpuMs: summarize(ok.map((r) => r.cpuMs)),
    processMs: summarize(ok.map((r) => r.processMs)),
    rssMb: summarize(ok.map((r) => r.maxRssMb)),
    requests: summarize(ok.map((r) => r.requests)),
    bytes: summarize(ok.map((r) => r.bytes)),
    notFound: summarize(ok.map((r) => r.notFound)),
    maps: [...new Set(ok.map((r) => mapHash(r.map)))],
    runs: runs.map(({ map, extra, ...r }) => ({ ...r, mapHash: mapHash(map), fetchStats: extra?.stats })),
  }
}

/**
 * One workload: the check, then for each latency `runs` cold runs per tool (fresh cache folders,
 * tools alternating), then `runs` warm runs per tool reusing the cache of that tool's last cold run.
 * The mirror is strict during timed runs: a request for anything not on disk is a recorded miss.
 */
export async function benchWorkload(mirror, store, workload, { workDir, runs, latencies, log }) {
  const ctx = { workDir, load: sourceLoader(store), maps: {} }
  if (workload.provider === 'nodemodules') {
    mirror.latency = 0
    const dir = await npmInstall(mirror, workload.installs)
    mirror.takeStats()
    ctx.mapUrl = pathToFileURL(`${dir}/`).href
    log(`  npm install into ${dir}`)
  } else {
    const app = join(workDir, 'app')
    await mkdir(app, { recursive: true })
    ctx.mapUrl = pathToFileURL(`${app}/`).href
  }
  store.setMode('record')
  mirror.latency = 0
  const result = { id: workload.id, title: workload.title, provider: workload.provider, installs: workload.installs, mapUrl: ctx.mapUrl }
  result.check = await check(mirror, workload, ctx)
  result.maps = ctx.maps
  const c = result.check
  log(`  check: esmap ${c.runs.esmap.ok ? 'ok' : `FAILED (${c.runs.esmap.error?.split('\n')[0]})`}, jspm ${c.runs.jspm.ok ? 'ok' : `FAILED (${c.runs.jspm.error?.split('\n')[0]})`}${c.equal === undefined ? '' : c.equal ? ', maps agree' : `, maps DIFFER on ${c.diffCount} imports`}`)
  if (workload.probe) return result

  store.setMode('strict')
  result.cases = []
  for (const latency of workload.network ? latencies : [0]) {
    mirror.latency = latency
    const all = { cold: { esmap: [], jspm: [] }, warm: { esmap: [], jspm: [] } }
    const lastCache = {}
    for (const phase of ['cold', 'warm']) {
      for (let i = 0; i < runs; i++) {
        for (const tool of i % 2 ? [...tools].reverse() : tools) {
          const runDir = join(workDir, workload.id, `${latency}ms`, phase, `${tool}-${i}`)
          const cacheDir = phase === 'cold' ? join(runDir, 'cache') : lastCache[tool]
          const r = await runOnce(mirror, { tool, workload, cacheDir, mapUrl: ctx.mapUrl, runDir })
          if (phase === 'cold') lastCache[tool] = cacheDir
          all[phase][tool].push(r)
          log(`  ${latency}ms ${phase} ${tool} #${i + 1}: ${r.ok ? `${r.wallMs.toFixed(0)} ms (cpu ${r.cpuMs.toFixed(0)} ms), ${r.maxRssMb.toFixed(0)} MB, ${r.requests} req, ${(r.bytes / 1e6).toFixed(2)} MB` : `FAILED ${r.error?.message.split('\n')[0]}`}`)
        }
      }
    }
    for (const phase of ['cold', 'warm']) {
      for (const tool of tools) result.cases.push({ latency, cache: phase, tool, ...cell(all[phase][tool]) })
    }
  }
  // Every timed run must have produced the map that was checked.
  result.stableMaps = Object.fromEntries(tools.map((tool) => [tool, result.cases.filter((c) => c.tool === tool).every((c) => c.maps.every((h) => h === c.maps[0] && h === result.check.runs[tool].mapHash))]))
  result.misses = store.takeMisses()
  store.setMode('record')
  if (c.graph && workload.network) {
    result.bound = Object.fromEntries(latencies.map((l) => [l, physicalBound({ depth: c.graph.depth, moduleBytes: c.graph.moduleBytes, latencyMs: l, bytesPerMs: mirror.bytesPerMs })]))
  }
  return result
}

