import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build, createServer, type ViteDevServer } from 'vite'
import type { Browser } from 'playwright-core'
import { launchBrowser, serveStatic, startFixtureServer, watchPage, type FixtureServer, type StaticServer } from '@esmap/test-fixtures'
import esmap from '../src/vite.js'
import { fixtureOptions, writeApp } from './app.js'

let server: FixtureServer
let browser: Browser
const roots: string[] = []
const statics: StaticServer[] = []
beforeAll(async () => {
  server = await startFixtureServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await Promise.all(statics.map((s) => s.close()))
  await server?.close()
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })))
})

async function builtApp(): Promise<{ root: string; site: StaticServer }> {
  const root = await writeApp()
  roots.push(root)
  await build({ root, logLevel: 'silent', configFile: false, plugins: [esmap(fixtureOptions(server))], build: { outDir: 'dist' } })
  const site = await serveStatic(join(root, 'dist'))
  statics.push(site)
  return { root, site }
}

describe('a Vite build in Chromium', () => {
  it('runs with every dependency loaded through the import map from the CDN, verified by integrity', async () => {
    const { site } = await builtApp()
    const page = await browser.newPage()
    const watch = watchPage(page)
    await page.goto(site.url)
    await page.waitForFunction(() => document.body.dataset.result !== undefined && document.body.dataset.extra !== undefined, undefined, { timeout: 10_000 })
    expect(await page.evaluate(() => [document.body.dataset.result, document.body.dataset.extra])).toEqual(['2.1.0|42|1.2.0|local', 'fx-dep@2.1.0/extra'])
    expect(watch.errors).toEqual([])
    const cdn = `${server.urls.jsdelivr}npm/`
    expect(watch.requests.filter((u) => u.startsWith(cdn)).sort()).toEqual([
      `${cdn}@fx/scoped@1.1.0/utils.js`,
      `${cdn}fx-dep@1.2.0/index.js`,
      `${cdn}fx-dep@2.1.0/extra.js`,
      `${cdn}fx-dep@2.1.0/index.js`,
      `${cdn}fx-uses-dep1@1.0.0/index.js`,
    ])
    await page.close()
  })

  it('blocks a tampered dependency: integrity fails and the app does not run', async () => {
    const { site } = await builtApp()
    const page = await browser.newPage()
    const watch = watchPage(page)
    const target = `${server.urls.jsdelivr}npm/fx-uses-dep1@1.0.0/index.js`
    await page.route(target, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: "export const depVersion = 'evil'\n" }))
    await page.goto(site.url)
    await page.waitForTimeout(1500)
    expect(await page.evaluate(() => document.body.dataset.result)).toBeUndefined()
    expect(watch.errors.some((e) => e.includes('Failed to find a valid digest'))).toBe(true)
    await page.close()
  })

  it('blocks a tampered app chunk too', async () => {
    const { root, site } = await builtApp()
    const html = await readFile(join(root, 'dist/index.html'), 'utf8')
    const chunk = /src="\/(assets\/index-[^"]+\.js)"/.exec(html)![1]!
    await writeFile(join(root, 'dist', chunk), `${await readFile(join(root, 'dist', chunk), 'utf8')}\ndocument.title = 'tampered'\n`)
    const page = await browser.newPage()
    const watch = watchPage(page)
    await page.goto(site.url)
    await page.waitForTimeout(1500)
    expect(await page.evaluate(() => document.body.dataset.result)).toBeUndefined()
    expect(watch.errors.some((e) => e.includes('Failed to find a valid digest'))).toBe(true)
    await page.close()
  })
})

describe('the Vite dev server with dev: cdn', () => {
  let vite: ViteDevServer
  afterAll(async () => {
    await vite?.close()
  })

  it('loads dependencies through the map and applies HMR to app modules without a full reload', async () => {
    const root = await writeApp({
      'src/main.js': [
        "import { version } from 'fx-dep'",
        "import { label } from './label.js'",
        "document.body.dataset.result = version",
        "document.body.dataset.label = label",
        "window.__loaded = (window.__loaded ?? 0) + 1",
        "if (import.meta.hot) import.meta.hot.accept('./label.js', (m) => { document.body.dataset.label = m.label })",
        '',
      ].join('\n'),
      'src/label.js': "export const label = 'one'\n",
    })
    roots.push(root)
    vite = await createServer({ root, logLevel: 'silent', configFile: false, plugins: [esmap(fixtureOptions(server))], server: { port: 0, host: '127.0.0.1' } })
    await vite.listen()
    const url = vite.resolvedUrls!.local[0]!
    const page = await browser.newPage()
    const watch = watchPage(page)
    // Vite's client says when its HMR socket is up; an edit before that would not reach the page
    // (and a socket that fails to connect under load makes the client reload the page by itself).
    let connected = false
    page.on('console', (msg) => {
      if (msg.text().includes('[vite] connected')) connected = true
    })
    // Navigations of the page: the first load, then any reload.
    let navigations = 0
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++
    })
    await page.goto(url)
    await page.waitForFunction(() => document.body.dataset.result === '2.1.0', undefined, { timeout: 10_000 })
    // The dependency came from the CDN URL, not through Vite's /@id/ or node_modules.
    expect(watch.requests).toContain(`${server.urls.jsdelivr}npm/fx-dep@2.1.0/index.js`)
    expect(watch.requests.filter((u) => u.includes('fx-dep') && !u.startsWith(server.urls.jsdelivr))).toEqual([])
    await expect.poll(() => connected, { timeout: 10_000 }).toBe(true)
    await page.evaluate(() => ((window as unknown as { __kept: string }).__kept = 'same page'))
    await writeFile(join(root, 'src/label.js'), "export const label = 'two'\n")
    await page.waitForFunction(() => document.body.dataset.label === 'two', undefined, { timeout: 10_000 })
    // One load: the declared dependency was in the first map (no reload to pick it up), and the
    // edit was applied by HMR (no full reload).
    expect(navigations).toBe(1)
    expect(await page.evaluate(() => [(window as unknown as { __loaded: number }).__loaded, (window as unknown as { __kept?: string }).__kept])).toEqual([1, 'same page'])
    await page.close()
  })
})
