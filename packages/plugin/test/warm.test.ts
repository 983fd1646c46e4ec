import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build, createLogger, type Rollup } from 'vite'
import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import esmap from '../src/vite.js'
import type { Options } from '../src/options.js'
import { fixtureOptions, writeApp } from './app.js'

let server: FixtureServer
const dirs: string[] = []
beforeAll(async () => {
  server = await startFixtureServer()
})
afterAll(async () => {
  await server?.close()
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
})

async function viteBuild(root: string, options: Options, onWarn?: (message: string) => void): Promise<Rollup.RolldownOutput> {
  const logger = createLogger('warn')
  logger.warn = (message) => onWarn?.(message)
  return (await build({
    root,
    customLogger: logger,
    configFile: false,
    plugins: [esmap(fixtureOptions(server, options))],
    build: { write: false },
  })) as Rollup.RolldownOutput
}

describe('builds with a lock and a warm cache', () => {
  it('need no network: the second build succeeds with the registry and CDN failing every request', async () => {
    const root = await writeApp()
    const cacheDir = await mkdtemp(join(tmpdir(), 'esmap-cache-'))
    dirs.push(root, cacheDir)
    const first = await viteBuild(root, { cache: true, cacheDir })
    server.log.reset()
    const down = server.faults.add({ kind: 'status', status: 503 })
    try {
      const second = await viteBuild(root, { cache: 'offline', cacheDir, frozen: true })
      const html = (o: Rollup.RolldownOutput): string => String((o.output.find((f) => f.fileName === 'index.html') as Rollup.OutputAsset).source)
      expect(html(second)).toBe(html(first))
      expect(server.log.count()).toBe(0)
    } finally {
      down.remove()
    }
  })
})

describe('undeclared dependencies', () => {
  it('are bundled, with one warning per package that names the importer and the fix', async () => {
    const root = await writeApp({
      'src/local.js': "import { a } from 'fx-local'\nimport { b } from 'fx-local/b.js'\nexport const local = a + b\n",
      'node_modules/fx-local/package.json': JSON.stringify({ name: 'fx-local', version: '1.0.0', type: 'module', exports: { '.': './a.js', './b.js': './b.js' } }),
      'node_modules/fx-local/a.js': "export const a = 'a'\n",
      'node_modules/fx-local/b.js': "export const b = 'b'\n",
    })
    dirs.push(root)
    const warnings: string[] = []
    await viteBuild(root, {}, (m) => warnings.push(m))
    const ours = warnings.filter((w) => w.includes('fx-local'))
    expect(ours).toHaveLength(1)
    expect(ours[0]).toContain(`"fx-local" is imported by ${join(root, 'src/local.js')} but "fx-local" is not in the dependencies of package.json`)
    expect(ours[0]).toContain('Fix: add it to "dependencies"')
  })
})
