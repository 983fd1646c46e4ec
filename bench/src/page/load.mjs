import { chromium } from 'playwright-core'

/** test/browser/launch.ts's flags (Debian's Chromium, quiet, off the network). */
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/**
 * Runs in the page before its scripts: polls every millisecond for the playground's two
 * components (the Preact counter and the Lit badge's shadow content) and records when both are there.
 */
const readyProbe = () => {
  const timer = setInterval(() => {
    const badge = document.querySelector('esmap-badge')?.shadowRoot?.querySelector('#badge')
    if (document.querySelector('#count') && badge) {
      window.__benchReady = performance.now()
      clearInterval(timer)
    }
  }, 1)
}

/**
 * The request waterfall's depth: the longest chain of requests in which each one was sent only
 * after the previous one had finished (the document counts as the first). "Sent" is
 * `requestStart` (the server sends `Timing-Allow-Origin`), so a request that waited in the
 * browser for another one to finish counts as the next round. `rounds[k]` lists the URLs at depth k+1.
 */
export function waterfall(entries) {
  const sorted = [...entries].sort((a, b) => a.start - b.start)
  const depth = new Map()
  for (const e of sorted) {
    let d = 1
    for (const q of sorted) if (q !== e && q.end <= e.start && depth.has(q)) d = Math.max(d, depth.get(q) + 1)
    depth.set(e, d)
  }
  const rounds = []
  for (const [e, d] of depth) (rounds[d - 1] ??= []).push(e.url)
  return { depth: Math.max(0, ...depth.values()), rounds }
}

export async function launch(hostRules) {
  const executablePath = process.env.ESMAP_CHROMIUM ?? '/usr/bin/chromium'
  try {
    return await chromium.launch({ executablePath, args: [...chromiumArgs, `--host-resolver-rules=${hostRules}`, '--ignore-certificate-errors'] })
  } catch (err) {
    throw new Error(`Could not start Chromium at ${executablePath}: install it (apt-get install -y chromium) or set ESMAP_CHROMIUM.`, { cause: err })
  }
}

/** One cold page load (fresh context, empty HTTP cache): ready time and waterfall. */
export async function loadOnce(browser, url) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true })
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()))
  page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`HTTP ${r.status()} ${r.url()}`))
  await page.addInitScript(readyProbe)
  try {
    await page.goto(url, { waitUntil: 'commit' })
    await page.waitForFunction(() => window.__benchReady !== undefined, undefined, { timeout: 30_000, polling: 10 })
    const { ready, entries } = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0]
      const res = performance.getEntriesByType('resource').map((r) => ({ url: r.name, start: r.requestStart || r.startTime, end: r.responseEnd }))
      return { ready: window.__benchReady, entries: [{ url: nav.name, start: nav.startTime, end: nav.responseEnd }, ...res] }
    })
    // Requests for the app: the favicon and anything after "ready" are not part of the load.
    const appEntries = entries.filter((e) => !e.url.endsWith('/favicon.ico') && e.start <= ready)
    const seen = new Set()
    const duplicates = [...new Set(appEntries.map((e) => e.url).filter((u) => seen.has(u) || !seen.add(u)))]
    return { ok: true, readyMs: ready, requests: appEntries.length, duplicates, ...waterfall(appEntries), errors }
  } catch (err) {
    return { ok: false, error: String(err.message ?? err), errors }
  } finally {
    await context.close()
  }
}
