/**
 * One generation in a fresh process: `node child.mjs <config.json> <result.json>`.
 * The config names the tool (`esmap` or `jspm`), the installs, the provider, the mirror origin and
 * the cache folder. The result holds the map, the wall time of the generation (from constructing
 * the Generator to having the map), the process's peak RSS, and the tool's own error if it failed.
 */
import { readFileSync, writeFileSync } from 'node:fs'

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const resultFile = process.argv[3]
const { tool, installs, provider, origin, cacheDir, mapUrl } = config

/**
 * @jspm/generator's jsdelivr provider has https://cdn.jsdelivr.net/ and https://npmlookup.jspm.io/
 * built in. Its fetch layer (@jspm/fetch) captures `globalThis.fetch` when it is first imported, so
 * the redirect is installed before that import, in this process only. The returned Response has no
 * `url`, so the generator keeps seeing (and mapping) the CDN URLs it asked for.
 */
function redirectJspmFetch() {
  const realFetch = globalThis.fetch
  const routes = [
    ['https://cdn.jsdelivr.net/npm/', `${origin}/npm/`],
    ['https://npmlookup.jspm.io/', `${origin}/npmlookup/`],
  ]
  const unexpected = []
  globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input.url ?? String(input)
    const route = routes.find(([from]) => url.startsWith(from))
    if (!route) {
      unexpected.push(url)
      throw new TypeError(`bench: ${url} is not served by the mirror`)
    }
    const res = await realFetch(route[1] + url.slice(route[0].length), init)
    const nullBody = [101, 204, 205, 304].includes(res.status)
    return new Response(nullBody ? null : res.body, { status: res.status, statusText: res.statusText, headers: res.headers })
  }
  return unexpected
}

/** CPU time (user + system, all threads) since `start`, in ms: less sensitive to other load than wall time. */
const cpuMsSince = (start) => {
  const { user, system } = process.cpuUsage(start)
  return (user + system) / 1000
}

async function runJspm() {
  const unexpected = redirectJspmFetch()
  const { Generator } = await import('@jspm/generator')
  const started = performance.now()
  const cpu = process.cpuUsage()
  const generator = new Generator({
    mapUrl,
    defaultProvider: provider,
    env: ['browser', 'development', 'module', 'import'],
    cache: true,
  })
  await generator.install(installs)
  const map = generator.getMap()
  return { map, wallMs: performance.now() - started, cpuMs: cpuMsSince(cpu), extra: { unexpected } }
}

async function runEsmap() {
  const { Generator } = await import('@esmap/core')
  const started = performance.now()
  const cpu = process.cpuUsage()
  const generator = new Generator({
    mapUrl,
    cwd: new URL(mapUrl).protocol === 'file:' ? new URL(mapUrl).pathname : process.cwd(),
    defaultProvider: provider,
    env: ['browser', 'development', 'module'],
    registry: `${origin}/registry/`,
    cacheDir,
  })
  await generator.install(installs)
  const map = generator.getMap()
  return { map, wallMs: performance.now() - started, cpuMs: cpuMsSince(cpu), extra: { stats: generator.stats() } }
}

/**
 * Peak resident set size of this process in kB: `VmHWM` of /proc/self/status on Linux. Not
 * `process.resourceUsage().maxRSS`: Linux carries ru_maxrss across fork and exec, so a child would
 * report at least the RSS its parent (the bench, holding the mirror) had when it was spawned.
 */
function peakRssKb() {
  try {
    return Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))[1])
  } catch {
    return process.resourceUsage().maxRSS
  }
}

let result
try {
  const out = tool === 'jspm' ? await runJspm() : await runEsmap()
  result = { ok: true, ...out }
} catch (err) {
  result = { ok: false, error: { code: err?.code, message: String(err?.message ?? err), stack: String(err?.stack ?? '') } }
}
result.maxRssKb = peakRssKb()
writeFileSync(resultFile, JSON.stringify(result))
process.exit(0)
