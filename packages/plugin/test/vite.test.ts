import { createHash } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build, type Rollup } from 'vite'
import { analyzeHtml, ImportMap } from '@esmap/core'
import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import esmap from '../src/vite.js'
import type { Options } from '../src/options.js'
import { fixtureOptions, writeApp } from './app.js'

let server: FixtureServer
const roots: string[] = []
beforeAll(async () => {
  server = await startFixtureServer()
})
afterAll(async () => {
  await server?.close()
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })))
})

async function viteBuild(root: string, options: Options): Promise<Rollup.OutputBundle> {
  const out = (await build({
    root,
    logLevel: 'silent',
    configFile: false,
    plugins: [esmap(fixtureOptions(server, options))],
    build: { write: false, rollupOptions: { input: { index: join(root, 'index.html'), about: join(root, 'about.html') } } },
  })) as Rollup.RolldownOutput
  return Object.fromEntries(out.output.map((o) => [o.fileName, o])) as unknown as Rollup.OutputBundle
}

const sri = (bytes: string | Uint8Array): string => `sha384-${createHash('sha384').update(bytes).digest('base64')}`

function pageMap(bundle: Rollup.OutputBundle, page: string): { map: ImportMap; html: string } {
  const asset = bundle[page] as Rollup.OutputAsset
  const html = String(asset.source)
  const found = analyzeHtml(html, `https://app.example/${page}`).importMap
  return { map: ImportMap.parse(found!.text, `https://app.example/${page}`), html }
}

describe('Vite build', () => {
  it('keeps bare imports in the chunks and maps each one, per page, with integrity and preloads', async () => {
    const root = await writeApp()
    roots.push(root)
    const bundle = await viteBuild(root, {})
    const cdn = `${server.urls.jsdelivr}npm/`
    const chunks = Object.values(bundle).filter((o): o is Rollup.OutputChunk => o.type === 'chunk')
    const main = chunks.find((c) => c.name === 'index')!
    expect(main.imports.filter((i) => !bundle[i]).sort()).toEqual(['@fx/scoped/utils', 'fx-dep', 'fx-uses-dep1'])
    expect(main.dynamicImports).toContain('fx-dep/extra')
    expect(main.code).toContain('"fx-dep"')

    const { map, html } = pageMap(bundle, 'index.html')
    const page = 'https://app.example/index.html'
    expect(map.resolve('fx-dep', page)).toBe(`${cdn}fx-dep@2.1.0/index.js`)
    expect(map.resolve('fx-dep/extra', page)).toBe(`${cdn}fx-dep@2.1.0/extra.js`)
    expect(map.resolve('@fx/scoped/utils', page)).toBe(`${cdn}@fx/scoped@1.1.0/utils.js`)
    expect(map.resolve('fx-uses-dep1', page)).toBe(`${cdn}fx-uses-dep1@1.0.0/index.js`)
    // fx-uses-dep1 wants fx-dep@^1: its own version, in a scope; @fx/scoped shares the app's 2.1.0.
    expect(map.resolve('fx-dep', `${cdn}fx-uses-dep1@1.0.0/index.js`)).toBe(`${cdn}fx-dep@1.2.0/index.js`)
    expect(map.resolve('fx-dep', `${cdn}@fx/scoped@1.1.0/index.js`)).toBe(`${cdn}fx-dep@2.1.0/index.js`)

    // Integrity: every dependency module, hashed over the bytes the CDN serves, and the app's own chunk.
    const integrity = map.integrity
    for (const url of [`${cdn}fx-dep@2.1.0/index.js`, `${cdn}fx-dep@2.1.0/extra.js`, `${cdn}@fx/scoped@1.1.0/utils.js`, `${cdn}fx-uses-dep1@1.0.0/index.js`, `${cdn}fx-dep@1.2.0/index.js`]) {
      const served = new Uint8Array(await (await fetch(url)).arrayBuffer())
      expect(integrity[url], url).toBe(sri(served))
    }
    expect(integrity[`https://app.example/${main.fileName}`]).toBe(sri(main.code))
    // The entry script carries it too, so the browser verifies and reuses its first fetch.
    expect(html).toContain(`src="/${main.fileName}" integrity="${sri(main.code)}"></script>`)

    // Preloads: the static graph, not the dynamic import.
    const preloads = analyzeHtml(html, page).preloads.map((p) => p.url!).filter((u) => u.startsWith(cdn)).sort()
    expect(preloads).toEqual([`${cdn}@fx/scoped@1.1.0/utils.js`, `${cdn}fx-dep@1.2.0/index.js`, `${cdn}fx-dep@2.1.0/index.js`, `${cdn}fx-uses-dep1@1.0.0/index.js`])
    expect(html).toContain(`<link rel="modulepreload" href="${cdn}fx-dep@2.1.0/index.js" integrity="${sri(new Uint8Array(await (await fetch(`${cdn}fx-dep@2.1.0/index.js`)).arrayBuffer()))}" crossorigin="anonymous">`)

    // The other page gets only what it loads.
    const about = pageMap(bundle, 'about.html').map
    expect(Object.keys(about.imports)).toEqual(['@fx/scoped'])
    expect(about.resolve('@fx/scoped', 'https://app.example/about.html')).toBe(`${cdn}@fx/scoped@1.1.0/index.js`)
    expect(Object.keys(about.integrity).some((u) => u.includes('fx-uses-dep1'))).toBe(false)

    // importmap.json: the whole app's map.
    const full = JSON.parse(String((bundle['importmap.json'] as Rollup.OutputAsset).source))
    expect(Object.keys(full.imports).sort()).toEqual(['@fx/scoped', '@fx/scoped/utils', 'fx-dep', 'fx-dep/extra', 'fx-uses-dep1'])
  })

  it('pins each package to the version installed in node_modules by default', async () => {
    const root = await writeApp({
      'node_modules/fx-dep/package.json': JSON.stringify({ name: 'fx-dep', version: '2.0.0' }),
      'node_modules/@fx/scoped/package.json': JSON.stringify({ name: '@fx/scoped', version: '1.0.0', dependencies: { 'fx-dep': '^2.0.0' } }),
      'node_modules/fx-uses-dep1/package.json': JSON.stringify({ name: 'fx-uses-dep1', version: '1.0.0', dependencies: { 'fx-dep': '^1.0.0' } }),
      'node_modules/fx-uses-dep1/node_modules/fx-dep/package.json': JSON.stringify({ name: 'fx-dep', version: '1.0.0' }),
    })
    roots.push(root)
    const bundle = await viteBuild(root, { versions: 'installed' })
    const cdn = `${server.urls.jsdelivr}npm/`
    const { map } = pageMap(bundle, 'index.html')
    expect(map.resolve('@fx/scoped/utils', 'https://app.example/')).toBe(`${cdn}@fx/scoped@1.0.0/utils.js`)
    // fx-dep is installed twice (2.0.0 and 1.0.0): not pinned, so ranges decide for it.
    expect(map.resolve('fx-dep', 'https://app.example/')).toBe(`${cdn}fx-dep@2.1.0/index.js`)
  })

  it('writes a lock, and a frozen build fails with a diff when resolution would change it', async () => {
    const root = await writeApp()
    roots.push(root)
    await viteBuild(root, {})
    const lock = JSON.parse(await readFile(join(root, 'importmap.lock.json'), 'utf8'))
    expect(lock.imports['fx-dep']).toBe(`${server.urls.jsdelivr}npm/fx-dep@2.1.0/index.js`)
    // Same resolution: a frozen build passes and leaves the lock as it was.
    const before = await readFile(join(root, 'importmap.lock.json'), 'utf8')
    await viteBuild(root, { frozen: true })
    expect(await readFile(join(root, 'importmap.lock.json'), 'utf8')).toBe(before)
    // The lock keeps fx-dep 2.1.0 even when a resolution asks for 2.0.0: frozen says no.
    await expect(viteBuild(root, { frozen: true, resolutions: { 'fx-dep': '2.0.0' } })).rejects.toThrow(
      `~ imports["fx-dep"]: ${server.urls.jsdelivr}npm/fx-dep@2.1.0/index.js → ${server.urls.jsdelivr}npm/fx-dep@2.0.0/index.js`,
    )
  })

  it('fails the build naming the specifier, the importer and the fix for a subpath the package does not export', async () => {
    const root = await writeApp({ 'src/about.js': "import { missing } from 'fx-dep/missing'\nconsole.log(missing)\n" })
    roots.push(root)
    const error = await viteBuild(root, {}).then(() => undefined, (err: Error) => err.message)
    expect(error).toContain('Could not resolve entry "fx-dep/missing"')
    expect(error).toContain('Package subpath "./missing" is not defined by "exports" in package "fx-dep"')
    expect(error).toContain('Fix: import a subpath that "fx-dep" exports')
  })

  it('leaves packages that are not dependencies to the bundler, and CSS imports too', async () => {
    const root = await writeApp({
      'src/about.js': "import { version } from '@fx/scoped'\nimport 'fx-assets/style.css'\ndocument.body.dataset.result = version\n",
      'node_modules/@fx/scoped/package.json': JSON.stringify({ name: '@fx/scoped', version: '1.0.0', type: 'module', exports: { '.': './index.js', './utils': './utils.js' } }),
      'node_modules/@fx/scoped/index.js': "export const version = 'bundled'\n",
      'node_modules/@fx/scoped/utils.js': 'export const twice = (x) => x * 2\n',
      'node_modules/fx-assets/package.json': JSON.stringify({ name: 'fx-assets', version: '1.0.0', exports: { './style.css': './style.css' } }),
      'node_modules/fx-assets/style.css': 'body { color: red }\n',
    })
    roots.push(root)
    const bundle = await viteBuild(root, { exclude: ['@fx/scoped'], include: ['fx-*', '@fx/*'] })
    const about = pageMap(bundle, 'about.html')
    expect(about.map.imports).toEqual({})
    const chunk = Object.values(bundle).find((o): o is Rollup.OutputChunk => o.type === 'chunk' && o.name === 'about')!
    expect(chunk.code).toContain('bundled')
    expect(Object.values(bundle).some((o) => o.fileName.endsWith('.css'))).toBe(true)
  })
})
