/**
 * Load benchmark of @esmap/server on loopback (not a test):
 *
 *   node --import ./bench/register-ts.mjs bench/load.mjs [--duration 10] [--connections 32] [--threads 2]
 *
 * (from packages/server; needs packages/core/dist, which `pnpm build` makes.)
 * 1. cached module requests: one built file, requested over and over;
 * 2. cached /generate requests: the same GET /generate, answered from the response cache;
 * 3. correctness while the fixture registry fails 20% of its requests: a cold server builds every
 *    fixture package and answers uncached /generate requests; every answer must equal the one a
 *    server with a healthy registry gives.
 * Uses wrk when it is installed (apt-get install -y wrk), else a small fetch loop.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs, promisify } from 'node:util'
import { startFixtureServer } from '@esmap/test-fixtures'
import { startServer } from '../src/index.ts'

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    threads: { type: 'string', default: '2' },
  },
})
const duration = Number(args.duration)
const connections = Number(args.connections)
const log = (line) => process.stdout.write(`${line}\n`)

async function hasWrk() {
  try {
    await promisify(execFile)('wrk', ['--version'])
    return true
  } catch (err) {
    // wrk prints its version and exits 1.
    return /^wrk /m.test(`${err.stdout ?? ''}${err.stderr ?? ''}`)
  }
}

/** wrk's summary: requests/s and the 50th/99th latency percentiles in ms. */
async function runWrk(url) {
  const { stdout } = await promisify(execFile)('wrk', [`-t${args.threads}`, `-c${connections}`, `-d${duration}s`, '--latency', url], { maxBuffer: 1 << 20 })
  const ms = (text) => {
    const [, value, unit] = /([\d.]+)(us|ms|s)/.exec(text)
    return Number(value) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : 1)
  }
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0)
  const errors = /Socket errors: (.*)/.exec(stdout)?.[1]
  return {
    tool: 'wrk',
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)[1]),
    p50: ms(/ 50%\s+(\S+)/.exec(stdout)[1]),
    p99: ms(/ 99%\s+(\S+)/.exec(stdout)[1]),
    requests: Number(/(\d+) requests in/.exec(stdout)[1]),
    failures: non2xx + (errors ? errors.match(/\d+/g).reduce((a, b) => a + Number(b), 0) : 0),
  }
}

/** The fallback: `connections` fetch loops for `duration` seconds. */
async function runLoop(url) {
  const latencies = []
  let failures = 0
  const end = performance.now() + duration * 1000
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const started = performance.now()
        const response = await fetch(url)
        await response.arrayBuffer()
        if (response.status !== 200) failures++
        latencies.push(performance.now() - started)
      }
    }),
  )
  latencies.sort((a, b) => a - b)
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]
  return { tool: 'node fetch loop', rps: latencies.length / duration, p50: at(0.5), p99: at(0.99), requests: latencies.length, failures }
}

async function withServers(serverOptions, run) {
  const fixtures = await startFixtureServer()
  const storageDir = await mkdtemp(join(tmpdir(), 'esmap-bench-'))
  const server = await startServer({ host: '127.0.0.1', port: 0, registry: fixtures.urls.registry, storageDir, ...serverOptions })
  try {
    return await run({ fixtures, server })
  } finally {
    await server.close()
    await fixtures.close()
    await rm(storageDir, { recursive: true, force: true })
  }
}

/** Every module file of the fixture packages, and a set of maps to generate (two envs each). */
function workload(fixtures) {
  const files = []
  for (const name of fixtures.store.names('npm')) {
    for (const [version, contents] of fixtures.store.get('npm', name).versions) {
      for (const path of contents.keys()) if (/\.js$/.test(path)) files.push(`npm:${name}@${version}/${path}`)
    }
  }
  const installs = ['fx-dep@1', 'fx-dep@2', 'fx-uses-dep1', 'fx-uses-dep2', '@fx/scoped', 'fx-react-dom@18.3.1,fx-react@18.3.1', 'fx-tagged@next', 'fx-exports', 'fx-dynamic']
  const maps = installs.flatMap((install) => ['development', 'production'].map((mode) => `generate?install=${install}&env=browser,${mode},module`))
  return [...files, ...maps]
}

/** Each path's answer (status and body, the server's own URL replaced), all requested at once on a cold server. */
async function answers({ fixtures, server }) {
  const paths = workload(fixtures)
  const started = performance.now()
  const bodies = await Promise.all(
    paths.map(async (path) => {
      const response = await fetch(`${server.url}${path}`)
      return `${response.status} ${(await response.text()).replaceAll(server.url, '<server>/')}`
    }),
  )
  return { answers: new Map(paths.map((path, i) => [path, bodies[i]])), ms: Math.round(performance.now() - started) }
}

/**
 * Part 3: the same cold workload twice, on fresh servers: once with a healthy registry (the
 * reference), once while 20% of registry requests fail. Every answer must be the reference's.
 */
async function faultRun() {
  const reference = await withServers({}, answers)
  return withServers({}, async (servers) => {
    const fault = servers.fixtures.faults.add({ kind: 'status', status: 503, service: 'registry', when: { rate: 0.2, seed: 7 } })
    const faulty = await answers(servers)
    const wrong = [...reference.answers].filter(([path, answer]) => faulty.answers.get(path) !== answer).map(([path]) => path)
    const ok = [...reference.answers.values()].filter((a) => a.startsWith('200 ')).length
    return { checked: reference.answers.size, ok, wrong, registryRequests: servers.fixtures.log.count({ service: 'registry' }), failedByFault: fault.applied, ms: faulty.ms }
  })
}

const wrk = await hasWrk()
const measure = wrk ? runWrk : runLoop
log(`esmap server load benchmark: ${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}, Node ${process.version}, ${wrk ? `wrk -t${args.threads}` : 'fetch loop'} -c${connections} -d${duration}s`)

const results = await withServers({}, async ({ server }) => {
  const moduleUrl = `${server.url}npm:fx-dep@2.1.0/index.js`
  const generateUrl = `${server.url}generate?install=fx-uses-dep1,fx-dep@2,@fx/scoped,fx-react-dom@18.3.1`
  for (const url of [moduleUrl, generateUrl]) if ((await fetch(url)).status !== 200) throw new Error(`warm-up failed for ${url}`)
  return { module: await measure(moduleUrl), generate: await measure(generateUrl) }
})
const faults = await faultRun()

const row = (name, r) => `| ${name} | ${Math.round(r.rps).toLocaleString('en-US')} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.requests.toLocaleString('en-US')} | ${r.failures} |`
log('')
log('| request | requests/s | p50 ms | p99 ms | requests | non-200 |')
log('|---|---:|---:|---:|---:|---:|')
log(row('cached module `GET /npm:fx-dep@2.1.0/index.js`', results.module))
log(row('cached `GET /generate?install=…` (4 packages)', results.generate))
log('')
log(`registry failing 20%: ${faults.checked} answers (${faults.ok} of them 200) compared with a healthy run, ${faults.wrong.length} differ${faults.wrong.length ? `: ${faults.wrong.join(', ')}` : ''}; ${faults.failedByFault} of ${faults.registryRequests} registry requests failed by the fault; cold run ${faults.ms} ms`)
if (faults.wrong.length > 0) process.exitCode = 1
