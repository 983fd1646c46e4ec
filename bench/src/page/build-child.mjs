/**
 * One `vite build` of playground/vite in a fresh process: `node build-child.mjs <config.json> <result.json>`.
 * `plugin: true` builds with @esmap/plugin (dependencies external, from the mirror's registry,
 * with or without preloads); `plugin: false` is the same app bundled by Vite alone. Both are inline
 * configs over the same root, so the app's files are the only input they share.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const vite = await import(createRequire(`${config.root}/package.json`).resolve('vite'))
const plugins = []
if (config.plugin) {
  const esmap = (await import('@esmap/plugin/vite')).default
  plugins.push(esmap({ defaultProvider: 'jsdelivr', registry: config.registry, cacheDir: config.cacheDir, lock: false, preload: config.preload }))
}
/** Peak RSS in kB (`VmHWM`; ru_maxrss would include the parent's RSS, see ../child.mjs). */
function peakRssKb() {
  try {
    return Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))[1])
  } catch {
    return process.resourceUsage().maxRSS
  }
}

const started = performance.now()
let error
try {
  await vite.build({ root: config.root, configFile: false, logLevel: 'silent', build: { outDir: config.outDir, emptyOutDir: true }, plugins })
} catch (err) {
  error = String(err?.stack ?? err)
}
const ms = performance.now() - started
writeFileSync(process.argv[3], JSON.stringify({ ok: !error, error, ms, maxRssKb: peakRssKb() }))
process.exit(0)
