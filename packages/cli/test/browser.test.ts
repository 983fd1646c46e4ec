import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, serveStatic, startFixtureServer, watchPage, type FixtureServer } from '@esmap/test-fixtures'
import { esmap, fixtureFlags, project } from './run.js'

let server: FixtureServer
let browser: Browser
beforeAll(async () => {
  server = await startFixtureServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** Serves `dir`, opens `page` and returns what the app wrote into body[data-result], with the page's errors. */
async function open(dir: string, page: string): Promise<{ result: string | null; errors: string[] }> {
  const site = await serveStatic(dir)
  const tab = await browser.newPage()
  const watch = watchPage(tab)
  try {
    await tab.goto(`${site.url}${page}`)
    await tab.waitForFunction(() => document.body.dataset.result !== undefined, undefined, { timeout: 10_000 }).catch(() => undefined)
    return { result: await tab.evaluate(() => document.body.dataset.result ?? null), errors: watch.errors }
  } finally {
    await tab.close()
    await site.close()
  }
}

const app = (head: string): string =>
  `<!doctype html>\n<html>\n  <head>\n${head}  </head>\n  <body>\n    <script type="module">\n      import { depVersion } from 'fx-uses-dep1'\n      import { name } from 'fx-cjs'\n      document.body.dataset.result = depVersion + ' ' + name\n    </script>\n  </body>\n</html>\n`

describe('in Chromium', () => {
  it('a .js output adds the map before the module scripts run (CDN packages, with integrity)', async () => {
    const dir = await project({ 'index.html': app('    <script src="./importmap.js"></script>\n') })
    const r = await esmap(['install', 'fx-uses-dep1', 'fx-cjs', '-o', 'importmap.js', '--integrity', '--preload', ...fixtureFlags(server, 'jspm.io')], { cwd: dir })
    expect(r.code).toBe(0)
    expect(await open(dir, 'index.html')).toEqual({ result: '1.2.0 fx-cjs', errors: [] })
  })

  it('a page with vendored packages runs from its own origin, CommonJS included', async () => {
    const dir = await project({ 'public/index.html': app('') })
    const r = await esmap(['vendor', 'fx-uses-dep1', 'fx-cjs', '-o', 'public/index.html', '--integrity', '--preload', '--registry', server.urls.registry, '--cache-dir', '.cache'], { cwd: dir })
    expect(r.code).toBe(0)
    const before = server.log.entries.length
    expect(await open(`${dir}/public`, 'index.html')).toEqual({ result: '1.2.0 fx-cjs', errors: [] })
    // Nothing came from the fixture CDN or registry at run time.
    expect(server.log.entries.length).toBe(before)
  })
})
