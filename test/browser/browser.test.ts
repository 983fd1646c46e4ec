import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, watchPage } from './launch.js'
import { serveStatic, type StaticServer } from './static-server.js'

describe('browser harness', () => {
  let browser: Browser
  let dir: string
  let server: StaticServer
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'esmap-browser-'))
    await writeFile(join(dir, 'index.html'), '<!doctype html><script type="importmap">{"imports":{"dep":"/dep.js"}}</script><script type="module">import { value } from "dep"; document.body.dataset.value = value</script>')
    await writeFile(join(dir, 'dep.js'), 'export const value = "from the map"')
    server = await serveStatic(dir)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('loads a page whose import map resolves a bare specifier', async () => {
    const page = await browser.newPage()
    const watch = watchPage(page)
    await page.goto(server.url)
    await page.waitForFunction(() => document.body.dataset.value === 'from the map')
    expect(watch.errors).toEqual([])
    expect(server.requests).toEqual(['/', '/dep.js'])
    await page.close()
  })
})
