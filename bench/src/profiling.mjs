import { join } from 'node:path'
import { summarizeProfile } from './profile.mjs'
import { runOnce } from './runner.mjs'
import { workloads } from './workloads.mjs'

/**
 * Profiles esmap's slowest `cache` case (largest median wall time) once more under `--cpu-prof`,
 * in the same conditions, and summarises the child's profile: self time by area and by function.
 */
export async function profileSlowest(mirror, store, results, { workDir, log, cache: phase }) {
  let slowest
  for (const w of results.workloads) {
    for (const c of w.cases ?? []) {
      if (c.tool !== 'esmap' || !c.wallMs || c.cache !== phase) continue
      if (!slowest || c.wallMs.median > slowest.case.wallMs.median) slowest = { workload: w, case: c }
    }
  }
  if (!slowest) return undefined
  const workload = workloads.find((w) => w.id === slowest.workload.id)
  const { latency, cache } = slowest.case
  log(`profiling esmap on ${workload.title}, ${latency} ms, ${cache} cache ...`)
  const runDir = join(workDir, `profile-${phase}`)
  const cacheDir = join(runDir, 'cache')
  store.setMode('strict')
  mirror.latency = latency
  if (cache === 'warm') await runOnce(mirror, { tool: 'esmap', workload, cacheDir, mapUrl: slowest.workload.mapUrl, runDir: join(runDir, 'fill') })
  const run = await runOnce(mirror, { tool: 'esmap', workload, cacheDir, mapUrl: slowest.workload.mapUrl, runDir, cpuProfDir: join(runDir, 'cpu') })
  store.setMode('record')
  const summary = await summarizeProfile(join(runDir, 'cpu'))
  return { workload: workload.id, latency, cache, wallMs: run.wallMs, processMs: run.processMs, ok: run.ok, ...summary, file: undefined }
}
