import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Route } from 'playwright-core'
import { createFetcher, createRegistrySource } from '@esmap/core'
import { launchBrowser, serveStatic, watchPage, type StaticServer } from '@esmap/test-fixtures'

// The real-package tier: each playground is built with its plugin against the npm registry
// (jsdelivr provider, registry-first), then runs in Chromium with every CDN URL answered from the
// registry's tarballs, so no request leaves this machine except to the registry.

const here = fileURLToPath(new URL('.', import.meta.url))
const bin = (name: string): string => join(here, '..', 'node_modules', '.bin', name)
const builds: Record<string, { dir: string; command: string; args: string[] }> = {
  vite: { dir: 'vite', command: bin('vite'), args: ['build'] },
  rollup: { dir: 'rollup', command: join(here, 'rollup/node_modules/.bin/rollup'), args: ['-c'] },
  esbuild: { dir: 'esbuild', command: process.execPath, args: ['build.mjs'] },
}

const registry = createRegistrySource({ fetcher: createFetcher({ cache: true }) })
let browser: Browser
const servers: StaticServer[] = []
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await Promise.all(servers.map((s) => s.close()))
})

describe.each(Object.entries(builds))('playground/%s', (_name, { dir, command, args }) => {
  it('builds with the plugin and runs in Chromium with integrity, dependencies from the CDN layout', async () => {
    const cwd = join(here, dir)
    execFileSync(command, args, { cwd, stdio: 'pipe', env: { ...process.env } })
    const site = await serveStatic(join(cwd, 'dist'))
    servers.push(site)
    const page = await browser.newPage()
    const watch = watchPage(page)
    const served: string[] = []
    await page.route('https://cdn.jsdelivr.net/npm/**', async (route) => {
      const match = /^https:\/\/cdn\.jsdelivr\.net\/npm\/((?:@[^/]+\/)?[^/@]+)@([^/]+)\/(.*)$/.exec(route.request().url())
      const bytes = match ? await registry.npm.file({ registry: 'npm', name: match[1]!, version: match[2]! }, match[3]!) : undefined
      if (!bytes) return route.fulfill({ status: 404, body: 'not found' })
      served.push(route.request().url())
      return route.fulfill({ status: 200, contentType: 'application/javascript; charset=utf-8', body: Buffer.from(bytes) })
    })
    await page.goto(site.url)
    await page.waitForSelector('#count', { timeout: 15_000 })
    expect(await page.textContent('#count')).toBe('count is 0')
    await page.click('#count')
    expect(await page.textContent('#count')).toBe('count is 1')
    expect(await page.evaluate(() => document.querySelector('esmap-badge')?.shadowRoot?.textContent)).toContain('loaded through an import map')
    expect(watch.errors).toEqual([])
    expect(served.length).toBeGreaterThan(5)
    expect(watch.requests.every((u) => u.startsWith(site.url) || u.startsWith('https://cdn.jsdelivr.net/npm/'))).toBe(true)

    if (dir === 'vite') {
      // React (CommonJS) was built into ES modules and vendored into dist/_esm by the self provider.
      const react = await browser.newPage()
      const reactWatch = watchPage(react)
      await react.route('https://cdn.jsdelivr.net/npm/**', serveFromRegistry)
      await react.goto(`${site.url}react.html`)
      await react.waitForSelector('#react-count', { timeout: 15_000 })
      await react.click('#react-count')
      await react.waitForFunction(() => document.querySelector('#react-count')?.textContent === 'react count is 1')
      expect(reactWatch.errors).toEqual([])
      expect(reactWatch.requests.filter((u) => u.includes('/_esm/react-dom@')).length).toBeGreaterThan(0)
      expect(reactWatch.requests.every((u) => u.startsWith(site.url) || u.startsWith('https://cdn.jsdelivr.net/npm/'))).toBe(true)
      await react.close()
    }
    await page.close()
  })
})

/** Answers a jsDelivr URL with the file from the package's registry tarball. */
async function serveFromRegistry(route: Route): Promise<void> {
  const match = /^https:\/\/cdn\.jsdelivr\.net\/npm\/((?:@[^/]+\/)?[^/@]+)@([^/]+)\/(.*)$/.exec(route.request().url())
  const bytes = match ? await registry.npm.file({ registry: 'npm', name: match[1]!, version: match[2]! }, match[3]!) : undefined
  if (!bytes) return route.fulfill({ status: 404, body: 'not found' })
  return route.fulfill({ status: 200, contentType: 'application/javascript; charset=utf-8', body: Buffer.from(bytes) })
}
