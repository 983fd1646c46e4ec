import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launchBrowser, serveStatic, watchPage, type StaticServer } from '@esmap/test-fixtures'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestServers, type TestServers } from './testing.fixture.js'

let browser: Browser
let dir: string
let site: StaticServer
let t: TestServers
beforeAll(async () => {
  t = await startTestServers()
  dir = await mkdtemp(join(tmpdir(), 'esmap-server-page-'))
  site = await serveStatic(dir)
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await site?.close()
  await t?.close()
  await rm(dir, { recursive: true, force: true })
})

const APP = `
import { version, depVersion } from '@fx/scoped'
import { depVersion as oldDep } from 'fx-uses-dep1'
import cjs, { name, shout } from 'fx-cjs'
const { entry } = await import('fx-exports')
document.body.dataset.result = JSON.stringify({ version, depVersion, oldDep, name, shouted: shout('hi'), sameDefault: cjs.shout === shout, entry })
`
it('runs a page whose import map comes from /generate and points at this server (default builder)', async () => {
  const response = await t.get('/generate', { method: 'POST', body: JSON.stringify({ install: ['@fx/scoped', 'fx-uses-dep1', 'fx-cjs', 'fx-exports'] }) })
  expect(response.status).toBe(200)
  const { map } = (await response.json()) as { map: { imports: Record<string, string> } }
  await writeFile(join(dir, 'index.html'), `<!doctype html><script type="importmap">${JSON.stringify(map)}</script><script type="module" src="/app.js"></script>`)
  await writeFile(join(dir, 'app.js'), APP)
  const page = await browser.newPage()
  const watch = watchPage(page)
  const statuses = new Map<string, number>()
  page.on('response', (r) => statuses.set(r.url(), r.status()))
  await page.goto(site.url)
  await page.waitForFunction(() => document.body.dataset.result !== undefined, undefined, { timeout: 10_000 })
  expect(JSON.parse((await page.evaluate(() => document.body.dataset.result))!)).toEqual({
    version: '1.1.0',
    depVersion: '2.1.0',
    oldDep: '1.2.0',
    name: 'fx-cjs',
    shouted: 'HI!',
    sameDefault: true,
    entry: 'fx-exports/dist/browser.production.js',
  })
  expect(watch.errors).toEqual([])
  const fromServer = [...statuses].filter(([url]) => url.startsWith(t.server.url)).sort(([a], [b]) => (a < b ? -1 : 1))
  // Every module the page ran came from this server (CommonJS converted by @esmap/builder, chunks included).
  expect(fromServer.map(([url, status]) => [url.slice(t.server.url.length).replace(/chunk-[A-Z0-9]+\.js$/, 'chunk-*.js'), status])).toEqual([
    ['npm:@fx/scoped@1.1.0/index.js', 200],
    ['npm:fx-cjs-util@1.0.0/index.js', 200],
    ['npm:fx-cjs@1.0.0/_chunks/chunk-*.js', 200],
    ['npm:fx-cjs@1.0.0/index.js', 200],
    ['npm:fx-dep@1.2.0/index.js', 200],
    ['npm:fx-dep@2.1.0/index.js', 200],
    ['npm:fx-exports@1.0.0/dist/browser.production.js', 200],
    ['npm:fx-uses-dep1@1.0.0/index.js', 200],
  ])
  await page.close()
}, 30_000)
