import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build } from 'vite'
import type { Browser } from 'playwright-core'
import { analyzeHtml, ImportMap, integrity } from '@esmap/core'
import { launchBrowser, serveStatic, startFixtureServer, watchPage, type FixtureServer, type StaticServer } from '@esmap/test-fixtures'
import esmap from '../src/vite.js'
import { fixtureOptions, writeApp } from './app.js'

let server: FixtureServer
let browser: Browser
const cleanup: (() => Promise<void>)[] = []
beforeAll(async () => {
  server = await startFixtureServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  for (const c of cleanup) await c()
  await browser?.close()
  await server?.close()
})

describe('vendoring with the self provider', () => {
  it('builds CommonJS and ESM dependencies into dist/_esm, maps them root-relative with integrity, and the page runs with no other origin', async () => {
    const root = await writeApp({
      'package.json': JSON.stringify({ name: 'app', private: true, type: 'module', dependencies: { 'fx-dep': '^2.0.0', 'fx-cjs': '^1.0.0' } }),
      'src/main.js': "import { version } from 'fx-dep'\nimport { shout, name } from 'fx-cjs'\ndocument.body.dataset.result = `${version}|${name}|${shout('hi')}`\n",
    })
    cleanup.push(() => rm(root, { recursive: true, force: true }))
    await build({ root, logLevel: 'silent', configFile: false, plugins: [esmap(fixtureOptions(server, { defaultProvider: 'self' }))], build: { outDir: 'dist' } })

    const html = await readFile(join(root, 'dist/index.html'), 'utf8')
    const found = analyzeHtml(html, 'https://app.example/').importMap!
    const map = ImportMap.parse(found.text, 'https://app.example/')
    expect(JSON.parse(found.text).imports).toEqual({ 'fx-cjs': '/_esm/fx-cjs@1.0.0/index.js', 'fx-dep': '/_esm/fx-dep@2.1.0/index.js' })
    // Every mapped module is written, and its integrity is over the written bytes.
    for (const [url, sri] of Object.entries(map.integrity)) {
      const path = new URL(url).pathname
      const bytes = await readFile(join(root, 'dist', path))
      expect(integrity(bytes), path).toBe(sri)
    }
    expect(Object.keys(map.integrity).filter((u) => u.includes('/_esm/')).length).toBeGreaterThanOrEqual(3)
    // CommonJS became an ES module that imports its dependency through the map.
    const cjs = await readFile(join(root, 'dist/_esm/fx-cjs@1.0.0/index.js'), 'utf8')
    expect(cjs).toContain('fx-cjs-util')
    expect(cjs).not.toMatch(/\brequire\(/)

    const site: StaticServer = await serveStatic(join(root, 'dist'))
    cleanup.push(() => site.close())
    const page = await browser.newPage()
    const watch = watchPage(page)
    await page.goto(site.url)
    await page.waitForFunction(() => document.body.dataset.result !== undefined, undefined, { timeout: 10_000 })
    expect(await page.evaluate(() => document.body.dataset.result)).toBe('2.1.0|fx-cjs|HI!')
    expect(watch.errors).toEqual([])
    expect(watch.requests.every((u) => u.startsWith(site.url))).toBe(true)
    await page.close()
  })

  it('applies package overrides from the project: an exports override adds a subpath the package does not export', async () => {
    const root = await writeApp({
      'package.json': JSON.stringify({ name: 'app', private: true, type: 'module', dependencies: { 'fx-cjs': '^1.0.0' } }),
      'src/main.js': "import { upper } from 'fx-cjs/helper'\ndocument.body.dataset.result = upper('x')\n",
    })
    cleanup.push(() => rm(root, { recursive: true, force: true }))
    const overrides = { 'fx-cjs@1': { exports: { '.': './index.js', './helper': './lib/helper.js' } } }
    await build({ root, logLevel: 'silent', configFile: false, plugins: [esmap(fixtureOptions(server, { defaultProvider: 'self', overrides }))], build: { outDir: 'dist' } })
    const html = await readFile(join(root, 'dist/index.html'), 'utf8')
    expect(JSON.parse(analyzeHtml(html, 'https://app.example/').importMap!.text).imports).toEqual({ 'fx-cjs/helper': '/_esm/fx-cjs@1.0.0/lib/helper.js' })
    const helper = await readFile(join(root, 'dist/_esm/fx-cjs@1.0.0/lib/helper.js'), 'utf8')
    expect(helper).toContain('export')
  })
})
