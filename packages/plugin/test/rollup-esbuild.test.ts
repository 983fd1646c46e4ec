import { createHash } from 'node:crypto'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rollup, type OutputAsset, type OutputChunk } from 'rollup'
import { build as esbuild } from 'esbuild'
import { analyzeHtml, ImportMap } from '@esmap/core'
import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import esmapRollup from '../src/rollup.js'
import esmapEsbuild from '../src/esbuild.js'
import { fixtureOptions, writeApp } from './app.js'

let server: FixtureServer
let cdn: string
const roots: string[] = []
beforeAll(async () => {
  server = await startFixtureServer()
  cdn = `${server.urls.jsdelivr}npm/`
})
afterAll(async () => {
  await server?.close()
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })))
})

const sri = (bytes: string | Uint8Array): string => `sha384-${createHash('sha384').update(bytes).digest('base64')}`

async function app(): Promise<string> {
  const root = await writeApp({ 'page.html': '<!doctype html>\n<html>\n  <head>\n    <title>t</title>\n  </head>\n  <body></body>\n</html>\n' })
  roots.push(root)
  return root
}

describe('Rollup', () => {
  it('keeps bare imports, emits importmap.json and writes map, preloads and integrity into the html template', async () => {
    const root = await app()
    const cwd = process.cwd()
    process.chdir(root) // Rollup has no root option: the plugin takes the project from the working directory
    try {
      const bundle = await rollup({ input: join(root, 'src/main.js'), plugins: [esmapRollup(fixtureOptions(server, { html: join(root, 'page.html') }))] })
      const { output } = await bundle.generate({ format: 'es', dir: join(root, 'dist') })
      const main = output.find((o): o is OutputChunk => o.type === 'chunk' && o.isEntry)!
      expect(main.code).toContain("from 'fx-dep'")
      const map = JSON.parse(String(output.find((o): o is OutputAsset => o.fileName === 'importmap.json')!.source))
      expect(Object.keys(map.imports).sort()).toEqual(['@fx/scoped/utils', 'fx-dep', 'fx-dep/extra', 'fx-uses-dep1'])
      const html = String(output.find((o): o is OutputAsset => o.fileName === 'page.html')!.source)
      const page = analyzeHtml(html, 'https://app.example/page.html')
      expect(page.modules.map((m) => m.src)).toEqual([`./${main.fileName}`])
      const pageMap = ImportMap.parse(page.importMap!.text, 'https://app.example/page.html')
      expect(pageMap.resolve('fx-dep', 'https://app.example/page.html')).toBe(`${cdn}fx-dep@2.1.0/index.js`)
      expect(pageMap.getIntegrity(`https://app.example/${main.fileName}`)).toBe(sri(main.code))
      expect(page.preloads.map((p) => p.url).sort()).toEqual([`${cdn}@fx/scoped@1.1.0/utils.js`, `${cdn}fx-dep@1.2.0/index.js`, `${cdn}fx-dep@2.1.0/index.js`, `${cdn}fx-uses-dep1@1.0.0/index.js`])
    } finally {
      process.chdir(cwd)
    }
  })
})

describe('esbuild', () => {
  it('externalizes bare imports and, with write: false, adds importmap.json and the injected page to outputFiles', async () => {
    const root = await app()
    const result = await esbuild({
      absWorkingDir: root,
      entryPoints: ['src/main.js'],
      bundle: true,
      format: 'esm',
      splitting: true,
      outdir: 'dist',
      write: false,
      logLevel: 'silent',
      plugins: [esmapEsbuild(fixtureOptions(server, { html: 'page.html' }))],
    })
    const files = new Map(result.outputFiles.map((f) => [f.path.slice(root.length + 1), f]))
    expect([...files.keys()].sort()).toEqual(['dist/importmap.json', 'dist/main.js', 'dist/page.html'])
    expect(files.get('dist/main.js')!.text).toContain('from "fx-dep"')
    const map = JSON.parse(files.get('dist/importmap.json')!.text)
    expect(map.imports['fx-uses-dep1']).toBe(`${cdn}fx-uses-dep1@1.0.0/index.js`)
    expect(map.integrity['./main.js']).toBe(sri(files.get('dist/main.js')!.contents))
    const html = files.get('dist/page.html')!.text
    expect(analyzeHtml(html, 'https://app.example/page.html').importMap!.json).toEqual(map)
  })

  it('writes both files to disk with write: true', async () => {
    const root = await app()
    await esbuild({ absWorkingDir: root, entryPoints: ['src/main.js'], bundle: true, format: 'esm', outdir: 'dist', logLevel: 'silent', plugins: [esmapEsbuild(fixtureOptions(server, { html: 'page.html' }))] })
    const map = JSON.parse(await readFile(join(root, 'dist/importmap.json'), 'utf8'))
    expect(map.imports['fx-dep']).toBe(`${cdn}fx-dep@2.1.0/index.js`)
    expect(map.integrity['./main.js']).toBe(sri(await readFile(join(root, 'dist/main.js'))))
    expect(await readFile(join(root, 'dist/page.html'), 'utf8')).toContain('<script type="importmap">')
  })

  it('reports a resolution failure as a build error naming the specifier', async () => {
    const root = await app()
    await writeFile(join(root, 'src/main.js'), "import { x } from 'fx-dep/nope'\nconsole.log(x)\n")
    const error = await esbuild({ absWorkingDir: root, entryPoints: ['src/main.js'], bundle: true, format: 'esm', outdir: 'dist', write: false, logLevel: 'silent', plugins: [esmapEsbuild(fixtureOptions(server))] }).then(
      () => undefined,
      (err: Error) => err.message,
    )
    expect(error).toContain('fx-dep/nope')
  })
})
