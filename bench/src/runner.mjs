import { spawn } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const childScript = fileURLToPath(new URL('./child.mjs', import.meta.url))
const benchDir = fileURLToPath(new URL('..', import.meta.url))

/**
 * Runs one generation in a fresh Node process and returns its result with the mirror's counters
 * for exactly that run (runs are sequential, so everything the mirror saw came from this child).
 *
 * `cacheDir` is the tool's cache: esmap's `cacheDir`, and `XDG_CACHE_HOME` for @jspm/generator
 * (its fetch cache lives in `$XDG_CACHE_HOME/jspm`). A fresh folder is a cold run; reusing the
 * folder of an earlier run is a warm one. `cpuProfDir` adds `--cpu-prof`.
 */
export async function runOnce(mirror, { tool, workload, cacheDir, mapUrl, runDir, cpuProfDir }) {
  await mkdir(runDir, { recursive: true })
  const configFile = join(runDir, 'config.json')
  const resultFile = join(runDir, 'result.json')
  const config = { tool, installs: workload.installs, provider: workload.provider, origin: mirror.origin, cacheDir, mapUrl }
  await writeFile(configFile, JSON.stringify(config))
  mirror.takeStats()
  const args = [...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []), childScript, configFile, resultFile]
  const started = performance.now()
  const { code, stderr } = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: benchDir,
      env: { ...process.env, XDG_CACHE_HOME: cacheDir, NODE_OPTIONS: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    child.on('error', reject)
    child.on('exit', (exitCode) => resolve({ code: exitCode, stderr: err }))
  })
  const processMs = performance.now() - started
  const net = mirror.takeStats()
  let result
  try {
    result = JSON.parse(await readFile(resultFile, 'utf8'))
  } catch {
    result = { ok: false, error: { message: `child exited with ${code} without a result: ${stderr.slice(-2000)}` } }
  }
  return {
    tool,
    ok: result.ok,
    error: result.error,
    map: result.map,
    wallMs: result.wallMs,
    cpuMs: result.cpuMs,
    processMs,
    maxRssMb: result.maxRssKb / 1024,
    requests: net.requests,
    bytes: net.bytes,
    notFound: net.notFound,
    notModified: net.notModified,
    routes: net.routes,
    sampleUrls: net.sampleUrls,
    extra: result.extra,
  }
}
