/**
 * `pnpm bench`: esmap and @jspm/generator side by side on the same inputs, from a loopback mirror
 * of real packages. Writes bench/results/<stamp>.json (raw data), bench/results/maps/ (the maps
 * the check compared), bench/results/latest.md, and the tables of BENCHMARKS.md (between its
 * `results` markers).
 *
 *   node src/main.mjs [--runs 5] [--latencies 0,20] [--workloads a,b,c,d] [--skip-build] [--skip-page]
 *                     [--skip-profile] [--only-page] [--wait-load 2] [--dry-run (print, write nothing)]
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { measureBandwidth } from './bound.mjs'
import { benchWorkload } from './generation.mjs'
import { startMirror } from './mirror/server.mjs'
import { createStore } from './mirror/store.mjs'
import { profileSlowest } from './profiling.mjs'
import { renderReport, writeBenchmarksMd } from './report.mjs'
import { workloads } from './workloads.mjs'

const benchDir = fileURLToPath(new URL('..', import.meta.url))
const repoDir = join(benchDir, '..')

// `pnpm bench -- --runs 3` passes the `--` on; it is not an argument.
const argv = process.argv.slice(2).filter((a) => a !== '--')
const { values: args } = parseArgs({
  args: argv,
  options: {
    runs: { type: 'string', default: '5' },
    latencies: { type: 'string', default: '0,20' },
    workloads: { type: 'string', default: workloads.map((w) => w.id).join(',') },
    'skip-build': { type: 'boolean', default: false },
    'skip-page': { type: 'boolean', default: false },
    'skip-profile': { type: 'boolean', default: false },
    'only-page': { type: 'boolean', default: false },
    'wait-load': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
})

const log = (line) => process.stdout.write(`${line}\n`)

/** Builds @esmap/core and @esmap/plugin (the bench imports their dist/), or says why it cannot. */
function build() {
  log('building @esmap/core and @esmap/plugin (turbo) ...')
  try {
    execFileSync(join(repoDir, 'node_modules/.bin/turbo'), ['run', 'build', '--filter=@esmap/core', '--filter=@esmap/plugin', '--output-logs=errors-only'], { cwd: repoDir, stdio: 'inherit' })
  } catch (err) {
    throw new Error(`The bench needs the built packages (packages/*/dist); the build failed: ${err.message}. Run "node_modules/.bin/turbo run build --filter=./packages/*" at the repository root.`)
  }
}

/** HEAD, and whether packages/core had uncommitted changes when it was built. */
function gitCommit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoDir, encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'packages/core/src'], { cwd: repoDir, encoding: 'utf8' }).trim() !== ''
    return dirty ? `${head}, with uncommitted changes in packages/core/src` : head
  } catch {
    return 'unknown'
  }
}

async function versionOf(pkgJson) {
  return JSON.parse(await readFile(pkgJson, 'utf8')).version
}

/** On a shared machine: waits (up to 20 minutes) until the 1-minute load average is below `limit`. */
async function waitForLoad(limit) {
  const until = Date.now() + 20 * 60_000
  while (loadavg()[0] >= limit && Date.now() < until) {
    log(`load average ${loadavg()[0].toFixed(2)} ≥ ${limit}, waiting ...`)
    await new Promise((resolve) => setTimeout(resolve, 15_000))
  }
}

async function main() {
  if (!args['skip-build']) build()
  if (args['wait-load']) await waitForLoad(Number(args['wait-load']))
  if (!existsSync(join(repoDir, 'packages/core/dist/index.js'))) throw new Error('packages/core/dist is missing: run the bench without --skip-build, or build the packages first.')
  const runs = Number(args.runs)
  const latencies = args.latencies.split(',').map(Number)
  const selected = args['only-page'] ? [] : workloads.filter((w) => args.workloads.split(',').includes(w.id))
  const workDir = join(benchDir, '.work')
  await rm(workDir, { recursive: true, force: true })
  await mkdir(workDir, { recursive: true })

  const store = createStore(join(benchDir, '.mirror'))
  const mirror = await startMirror(store)
  mirror.bytesPerMs = await measureBandwidth()
  const started = new Date()
  const results = {
    meta: {
      date: started.toISOString(),
      command: `pnpm bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
      machine: { cpus: availableParallelism(), cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, os: `${process.platform} ${release()}` },
      versions: {
        esmap: `@esmap/core ${await versionOf(join(repoDir, 'packages/core/package.json'))} (commit ${gitCommit()})`,
        jspm: `@jspm/generator ${await versionOf(join(benchDir, 'node_modules/@jspm/generator/package.json'))}`,
      },
      runs,
      latencies,
      loopbackMbPerS: Math.round(mirror.bytesPerMs / 1000),
      loadAverage: { start: loadavg()[0].toFixed(2) },
    },
    workloads: [],
  }
  try {
    for (const workload of selected) {
      log(`workload ${workload.title}`)
      results.workloads.push(await benchWorkload(mirror, store, workload, { workDir, runs, latencies, log }))
    }
    if (!args['skip-profile']) {
      results.profiles = []
      for (const cache of ['cold', 'warm']) {
        const profile = await profileSlowest(mirror, store, results, { workDir, log, cache })
        if (profile) results.profiles.push(profile)
      }
    }
    if (!args['skip-page']) {
      log('build and page load (playground/vite)')
      const { benchBuildAndPageLoad } = await import('./page/index.mjs')
      results.page = await benchBuildAndPageLoad({ mirror, store, workDir, repoDir, runs, buildLatency: Math.max(...latencies), log })
    }
  } finally {
    await mirror.close()
  }
  results.meta.durationS = Math.round((Date.now() - started.getTime()) / 1000)
  results.meta.loadAverage.end = loadavg()[0].toFixed(2)

  if (args['dry-run']) {
    log(renderReport(results))
    return
  }
  const resultsDir = join(benchDir, 'results')
  await mkdir(join(resultsDir, 'maps'), { recursive: true })
  for (const w of results.workloads) {
    for (const [tool, map] of Object.entries(w.maps ?? {})) await writeFile(join(resultsDir, 'maps', `${w.id}-${tool}.json`), `${JSON.stringify(map, null, 2)}\n`)
    delete w.maps
  }
  const stamp = started.toISOString().replace(/[:.]/g, '-')
  results.meta.rawFile = `bench/results/${stamp}.json`
  await writeFile(join(resultsDir, `${stamp}.json`), `${JSON.stringify(results, null, 2)}\n`)
  const markdown = renderReport(results)
  await writeFile(join(resultsDir, 'latest.md'), markdown)
  await writeBenchmarksMd(join(repoDir, 'BENCHMARKS.md'), markdown)
  log(`\nresults: bench/results/${stamp}.json; tables written to BENCHMARKS.md\n`)
  log(markdown)
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`)
  process.exitCode = 1
})
