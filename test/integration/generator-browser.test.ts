import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { Generator } from '@esmap/core'
import { launchBrowser, serveStatic, startFixtureServer, watchPage, type FixtureServer, type PageWatch, type StaticServer } from '@esmap/test-fixtures'

/**
 * A page whose import map the Generator wrote (`htmlInject` with integrity and preloads), run in
 * Chromium: the modules come from the fixture server's jsDelivr route (which sends CORS headers).
 * The app runs; a module whose bytes differ from what was hashed is blocked, and the app does not.
 */

const app = `import { depVersion as v1 } from 'fx-uses-dep1'
import { depVersion as v2, extra } from 'fx-uses-dep2'
import { createRoot } from 'fx-react-dom/client'
import React from 'fx-react'
import { loadLazy, loadDep } from 'fx-dynamic'

const lazy = await loadLazy()
const dep = await loadDep()
document.body.dataset.result = [v1, v2, extra, createRoot().render(React.createElement('div')), lazy.lazy, dep.version].join('|')
`
const page = '<!doctype html>\n<html>\n  <head>\n    <title>generator</title>\n    <script type="module" src="./app.js"></script>\n  </head>\n  <body></body>\n</html>\n'

let server: FixtureServer
let browser: Browser
let site: StaticServer
let dir: string
let html: string
beforeAll(async () => {
  server = await startFixtureServer()
  dir = await mkdtemp(join(tmpdir(), 'esmap-generator-browser-'))
  await writeFile(join(dir, 'app.js'), app)
  site = await serveStatic(dir)
  const generator = new Generator({
    mapUrl: site.url,
    defaultProvider: 'jsdelivr',
    registry: server.urls.registry,
    providerConfig: { jsdelivr: { cdnUrl: `${server.urls.jsdelivr}npm/` } },
    env: ['production', 'browser', 'module'],
    cache: false,
  })
  html = await generator.htmlInject(page, { htmlUrl: `${site.url}index.html`, integrity: true, preload: true })
  await writeFile(join(dir, 'index.html'), html)
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await site?.close()
  await server?.close()
  await rm(dir, { recursive: true, force: true })
})

async function open(tamper?: string): Promise<{ page: Page; watch: PageWatch }> {
  const tab = await browser.newPage()
  const watch = watchPage(tab)
  if (tamper) {
    await tab.route(tamper, (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript', headers: { 'access-control-allow-origin': '*' }, body: "export const extra = 'evil'; export const lazy = 'evil'\n" }),
    )
  }
  await tab.goto(`${site.url}index.html`)
  return { page: tab, watch }
}

describe('a page with a generated import map in Chromium', () => {
  const cdn = (path: string): string => `${server.urls.jsdelivr}npm/${path}`

  it('the map has integrity for every module, static and dynamic', () => {
    const map = JSON.parse(/<script type="importmap">([\s\S]*?)<\/script>/.exec(html)![1]!) as { integrity: Record<string, string> }
    expect(Object.keys(map.integrity).sort()).toEqual(
      [
        './app.js',
        cdn('fx-dep@1.2.0/index.js'),
        cdn('fx-dep@2.1.0/extra.js'),
        cdn('fx-dep@2.1.0/index.js'),
        cdn('fx-dynamic@1.0.0/index.js'),
        cdn('fx-dynamic@1.0.0/lazy.js'),
        cdn('fx-react-dom@18.3.1/client.js'),
        cdn('fx-react-dom@18.3.1/index.js'),
        cdn('fx-react@18.3.1/index.js'),
        cdn('fx-uses-dep1@1.0.0/index.js'),
        cdn('fx-uses-dep2@1.0.0/index.js'),
      ].sort(),
    )
  })

  it('runs: two majors of fx-dep, one fx-react for fx-react-dom, dynamic imports', async () => {
    const { page: tab, watch } = await open()
    await tab.waitForFunction(() => document.body.dataset.result !== undefined, undefined, { timeout: 10_000 })
    expect(await tab.evaluate(() => document.body.dataset.result)).toBe('1.2.0|2.1.0|fx-dep@2.1.0/extra|18.3.1:div|true|2.1.0')
    expect(watch.errors).toEqual([])
    await tab.close()
  })

  for (const [what, target] of [
    ['a statically imported module', 'fx-dep@2.1.0/extra.js'],
    ['a dynamically imported module', 'fx-dynamic@1.0.0/lazy.js'],
  ] as const) {
    it(`blocks ${what} whose bytes were tampered with: the app does not run`, async () => {
      const { page: tab, watch } = await open(cdn(target))
      await tab.waitForTimeout(1500)
      expect(await tab.evaluate(() => document.body.dataset.result)).toBeUndefined()
      expect(watch.errors.some((e) => e.includes('Failed to find a valid digest'))).toBe(true)
      await tab.close()
    })
  }
})
