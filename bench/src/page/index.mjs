import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { summarize } from '../stats.mjs'
import { startPageServer } from './cdn-server.mjs'
import { launch, loadOnce } from './load.mjs'

const buildChild = fileURLToPath(new URL('./build-child.mjs', import.meta.url))
const benchDir = fileURLToPath(new URL('../..', import.meta.url))

/** The three builds of playground/vite that are loaded. */
const variants = [
  { id: 'plugin-preload', title: 'esmap plugin, with preloads', plugin: true, preload: 'static' },
  { id: 'plugin-no-preload', title: 'esmap plugin, without preloads', plugin: true, preload: false },
  { id: 'bundled', title: 'bundled by Vite alone', plugin: false },
]

async function buildOnce(mirror, variant, { root, outDir, cacheDir, runDir }) {
  await mkdir(runDir, { recursive: true })
  const configFile = join(runDir, 'config.json')
  const resultFile = join(runDir, 'result.json')
  await writeFile(configFile, JSON.stringify({ root, outDir, cacheDir, plugin: variant.plugin, preload: variant.preload, registry: `${mirror.origin}/registry/` }))
  mirror.takeStats()
  await new Promise((resolve, reject) => spawn(process.execPath, [buildChild, configFile, resultFile], { cwd: benchDir, stdio: 'ignore' }).on('exit', resolve).on('error', reject))
  const net = mirror.takeStats()
  const result = JSON.parse(await readFile(resultFile, 'utf8'))
  return { ...result, maxRssMb: result.maxRssKb / 1024, requests: net.requests, bytes: net.bytes }
}

/**
 * `vite build` with and without the plugin (warm esmap cache, mirror at `buildLatency`), then cold
 * page loads of the three builds in headless Chromium with `pageLatency` ms per request.
 */
export async function benchBuildAndPageLoad({ mirror, store, workDir, repoDir, runs, buildLatency, pageLatency = 50, log }) {
  const root = join(repoDir, 'playground/vite')
  if (!existsSync(join(repoDir, 'packages/plugin/dist/vite.js'))) {
    const note = 'Skipped: packages/plugin/dist/vite.js is missing (the plugin is not built).'
    log(note)
    return { skipped: note, markdown: `### Build and page load\n\n${note}\n` }
  }
  const dir = join(workDir, 'page')
  const cacheDir = join(dir, 'esmap-cache')
  const outDir = (v) => join(dir, `dist-${v.id}`)

  // Fill: the plugin's first build fills the esmap cache (and the mirror, if it lacks anything).
  store.setMode('record')
  mirror.latency = 0
  for (const v of variants) {
    const r = await buildOnce(mirror, v, { root, outDir: outDir(v), cacheDir, runDir: join(dir, 'fill', v.id) })
    if (!r.ok) {
      const note = `Skipped: the ${v.title} build failed: ${r.error.split('\n')[0]}`
      log(note)
      return { skipped: note, error: r.error, markdown: `### Build and page load\n\n${note}\n` }
    }
  }
  store.setMode('strict')
  mirror.latency = buildLatency
  const builds = { 'plugin-preload': [], bundled: [] }
  for (let i = 0; i < runs; i++) {
    for (const v of i % 2 ? [variants[2], variants[0]] : [variants[0], variants[2]]) {
      const r = await buildOnce(mirror, v, { root, outDir: join(dir, 'timed', `${v.id}-${i}`), cacheDir, runDir: join(dir, 'build', `${v.id}-${i}`) })
      builds[v.id].push(r)
      log(`  vite build, ${v.title} #${i + 1}: ${r.ok ? `${r.ms.toFixed(0)} ms, ${r.requests} requests` : `FAILED ${r.error.split('\n')[0]}`}`)
    }
  }
  store.setMode('record')
  const build = Object.fromEntries(
    Object.entries(builds).map(([id, rs]) => [id, { ms: summarize(rs.filter((r) => r.ok).map((r) => r.ms)), rssMb: summarize(rs.filter((r) => r.ok).map((r) => r.maxRssMb)), requests: summarize(rs.map((r) => r.requests)), failed: rs.filter((r) => !r.ok).length }]),
  )

  const server = await startPageServer({ dir, store, latency: pageLatency })
  const browser = await launch(server.hostRules)
  const loads = Object.fromEntries(variants.map((v) => [v.id, []]))
  try {
    for (let i = 0; i < runs + 1; i++) {
      for (const v of i % 2 ? [...variants].reverse() : variants) {
        server.setApp(outDir(v))
        const r = await loadOnce(browser, server.appUrl)
        if (i === 0) continue // the first round warms Chromium and the server, and is not counted
        loads[v.id].push(r)
        log(`  page load, ${v.title} #${i}: ${r.ok ? `ready at ${r.readyMs.toFixed(0)} ms, ${r.requests} requests, waterfall depth ${r.depth}` : `FAILED ${r.error}`}`)
      }
    }
  } finally {
    await browser.close()
    await server.close()
  }
  const page = Object.fromEntries(
    variants.map((v) => {
      const ok = loads[v.id].filter((r) => r.ok)
      const first = ok[0]
      const duplicates = [...new Set(ok.flatMap((r) => r.duplicates))]
      return [v.id, { title: v.title, duplicates, readyMs: summarize(ok.map((r) => r.readyMs)), depth: summarize(ok.map((r) => r.depth)), requests: summarize(ok.map((r) => r.requests)), failed: loads[v.id].length - ok.length, errors: [...new Set(loads[v.id].flatMap((r) => r.errors ?? []))], rounds: first?.rounds, runs: loads[v.id].map(({ rounds, ...r }) => r) }]
    }),
  )
  const result = { buildLatency, pageLatency, build, page }
  result.markdown = renderPage(result)
  return result
}

function renderPage({ buildLatency, pageLatency, build, page }) {
  const ms = (s) => (s ? `${Math.round(s.median)} (${Math.round(s.min)}–${Math.round(s.max)})` : '–')
  const pre = page['plugin-preload']
  const firstRound = pre.rounds?.[1]?.length ?? 0
  const allInFirst = pre.rounds && pre.rounds.length === 2
  return [
    '### Build and page load (playground/vite)',
    '',
    `\`vite build\`, each in a fresh process; the plugin with a warm esmap cache and the mirror at ${buildLatency} ms:`,
    '',
    '| build | wall ms, median (min–max) | peak RSS MB | requests |',
    '|---|---|---|---|',
    `| with @esmap/plugin (dependencies external) | ${ms(build['plugin-preload'].ms)} | ${ms(build['plugin-preload'].rssMb)} | ${build['plugin-preload'].requests?.median ?? '–'} |`,
    `| bundled by Vite alone | ${ms(build.bundled.ms)} | ${ms(build.bundled.rssMb)} | ${build.bundled.requests?.median ?? '–'} |`,
    '',
    `Cold page loads in headless Chromium (fresh context each, HTTPS + HTTP/2 from 127.0.0.1, ${pageLatency} ms added to every request); "ready" is when both the Preact counter and the Lit badge have rendered:`,
    '',
    '| build | ready ms, median (min–max) | requests | waterfall depth |',
    '|---|---|---|---|',
    ...Object.values(page).map((p) => `| ${p.title}${p.failed ? ` (${p.failed} failed)` : ''} | ${ms(p.readyMs)} | ${p.requests?.median ?? '–'} | ${p.depth?.median ?? '–'} |`),
    '',
    `With preloads, ${allInFirst ? `every module (${firstRound} requests) is requested in the first round after the HTML` : `the first round after the HTML holds ${firstRound} requests and the waterfall is ${pre.rounds?.length} deep`}. Rounds of one load without preloads: ${(page['plugin-no-preload'].rounds ?? []).map((r, i) => `${i + 1}: ${r.map((u) => u.replace(/^https:\/\/[^/]+/, '').replace(/^\/npm\//, '')).join(', ')}`).join(' · ')}.`,
    ...Object.values(page)
      .filter((p) => p.duplicates.length)
      .map((p) => `${p.title}: requested twice in one load: ${p.duplicates.map((u) => u.replace(/^https:\/\/[^/]+/, '')).join(', ')}.`),
    ...(Object.values(page).some((p) => p.errors.length) ? ['', `Page errors: ${Object.values(page).flatMap((p) => p.errors).join('; ')}`] : []),
  ].join('\n')
}
