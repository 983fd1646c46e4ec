/**
 * `node src/quick.mjs [--workload a] [--runs 3] [--latency 0] [--tool esmap] [--prof cold|warm]`: a
 * quick esmap-only (or jspm-only) probe for development: cold then warm runs of one workload in
 * fresh processes against the strict mirror, medians printed. Not a benchmark result: use `pnpm bench`.
 */
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { startMirror } from './mirror/server.mjs'
import { createStore } from './mirror/store.mjs'
import { summarizeProfile } from './profile.mjs'
import { npmInstall } from './local-install.mjs'
import { runOnce } from './runner.mjs'
import { workloads } from './workloads.mjs'

const benchDir = fileURLToPath(new URL('..', import.meta.url))
const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    workload: { type: 'string', default: 'a' },
    runs: { type: 'string', default: '3' },
    latency: { type: 'string', default: '0' },
    tool: { type: 'string', default: 'esmap' },
    prof: { type: 'string' },
  },
})
const workload = workloads.find((w) => w.id === args.workload)
if (!workload) throw new Error(`no workload "${args.workload}"`)
const workDir = join(benchDir, '.work', 'quick')
await rm(workDir, { recursive: true, force: true })
await mkdir(workDir, { recursive: true })
const store = createStore(join(benchDir, '.mirror'))
const mirror = await startMirror(store)
// (c): a real `npm install` from the mirror, mapped through the nodemodules provider.
const mapUrl = workload.provider === 'nodemodules' ? pathToFileURL(`${await npmInstall(mirror, workload.installs)}/`).href : pathToFileURL(`${workDir}/`).href
store.setMode('strict')
mirror.latency = Number(args.latency)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
try {
  for (const cache of ['cold', 'warm']) {
    const rows = []
    for (let i = 0; i < Number(args.runs); i++) {
      const cacheDir = join(workDir, cache === 'cold' ? `cold-${i}` : 'cold-0')
      const prof = args.prof === cache && i === 0 ? join(workDir, `prof-${cache}`) : undefined
      const r = await runOnce(mirror, { tool: args.tool, workload, cacheDir, mapUrl, runDir: join(workDir, `${cache}-run-${i}`), cpuProfDir: prof })
      if (!r.ok) throw new Error(`${args.tool} failed: ${r.error?.stack ?? r.error?.message}`)
      rows.push(r)
      if (prof) {
        const s = await summarizeProfile(prof, 25)
        console.log(`profile ${cache}: ${s.totalMs} ms`)
        for (const o of s.areas) console.log(`  area ${String(o.ms).padStart(6)} ms  ${o.name}`)
        for (const o of s.owners) console.log(`  ${String(o.ms).padStart(6)} ms ${(o.share * 100).toFixed(1).padStart(5)}%  ${o.name}`)
        console.log('  -- self time by function')
        for (const o of s.functions) console.log(`  ${String(o.ms).padStart(6)} ms ${(o.share * 100).toFixed(1).padStart(5)}%  ${o.name}`)
      }
    }
    const runs = args.prof === cache ? rows.slice(1) : rows
    if (runs.length === 0) continue
    console.log(
      `${args.tool} ${workload.id} ${cache} ${args.latency} ms: wall ${median(runs.map((r) => r.wallMs)).toFixed(0)} ms (${runs.map((r) => r.wallMs.toFixed(0)).join(', ')}), cpu ${median(runs.map((r) => r.cpuMs)).toFixed(0)} ms, rss ${median(runs.map((r) => r.maxRssMb)).toFixed(0)} MB, requests ${runs[0].requests}, ${(runs[0].bytes / 1e6).toFixed(2)} MB, imports in map ${Object.keys(runs[0].map?.imports ?? {}).length}`,
    )
  }
} finally {
  await mirror.close()
}
