import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bestMatch, createFetcher, createRegistrySource, type ExactPackage, type RegistrySource } from '@esmap/core'
import { runIn, tempDir } from './__tests__/packages.js'
import { PROCESS_STUB } from './__tests__/run.js'
import { buildPackage } from './build.js'
import type { BuildResult } from './types.js'

// The real-package tier: React and React DOM (CommonJS only) from the npm registry, built into
// ES modules and loaded in Node with their bare imports resolved as an import map would.

let source: RegistrySource
let cache: { remove: () => Promise<void> }
beforeAll(async () => {
  const dir = await tempDir()
  cache = dir
  source = createRegistrySource({ fetcher: createFetcher({ cacheDir: join(dir.dir, 'cache') }) })
})
afterAll(() => cache.remove())

/** The newest version of `name` in `range`, built for the browser in production. */
async function build(name: string, range: string): Promise<BuildResult> {
  const list = await source.versions('npm', name)
  const version = list === undefined ? undefined : bestMatch(list.versions, range, { tags: list.tags })
  if (version === undefined) throw new Error(`no ${name}@${range} on the registry`)
  const pkg: ExactPackage = { registry: 'npm', name, version }
  const [packageJson, files] = await Promise.all([source.packageJson(pkg), source.files(pkg)])
  if (packageJson === undefined || files === undefined) throw new Error(`${name}@${version} has no files`)
  return buildPackage({ pkg, packageJson, files }, { conditions: ['browser', 'production', 'module'] })
}

describe('react@18 and react-dom@18 (CommonJS) as ES modules', () => {
  let react: BuildResult
  let reactDom: BuildResult
  let scheduler: BuildResult
  beforeAll(async () => {
    ;[react, reactDom, scheduler] = await Promise.all([build('react', '18'), build('react-dom', '18'), build('scheduler', '0.23')])
  })
  const world = (): Parameters<typeof runIn>[0] => ({ builds: [react, reactDom, scheduler], modules: { process: PROCESS_STUB } })

  it('react: default plus the named exports, with the production build chosen at build time', async () => {
    expect(react.entries['index.js']).toBe('cjs')
    const value = await runIn(world(), 'react', "[Object.keys(ns), ns.default.useState === ns.useState, ns.createElement('div', { id: 'x' }, 'hi').props, typeof ns.Component]")
    const [keys, same, props, component] = value as [string[], boolean, unknown, string]
    expect(keys).toEqual(expect.arrayContaining(['default', 'useState', 'useEffect', 'createElement', 'Fragment', 'Children', 'Component', 'version']))
    expect([same, props, component]).toEqual([true, { id: 'x', children: 'hi' }, 'function'])
    for (const [path, bytes] of react.files) if (path.endsWith('.js')) expect(new TextDecoder().decode(bytes), path).not.toContain('react.development')
  })

  it('react/jsx-runtime imports react through the import map', async () => {
    expect(await runIn(world(), 'react/jsx-runtime', "[typeof ns.jsx, ns.jsx('p', { children: 'x' }).type]")).toEqual(['function', 'p'])
  })

  it('react-dom: createPortal, flushSync and version; react-dom/client: createRoot', async () => {
    const dom = (await runIn(world(), 'react-dom', '[Object.keys(ns), ns.version]')) as [string[], string]
    expect(dom[0]).toEqual(expect.arrayContaining(['default', 'createPortal', 'flushSync', 'version']))
    // The production bundle reports its build version (`18.3.1-next-…`).
    expect(dom[1].startsWith(reactDom.pkg.version)).toBe(true)
    expect(await runIn(world(), 'react-dom/client', '[typeof ns.createRoot, typeof ns.hydrateRoot]')).toEqual(['function', 'function'])
  })

  it('react-dom/server renders React elements to a string', async () => {
    const expression = "(async () => { const React = await import('react'); return ns.renderToString(React.createElement('b', null, 'count ', React.createElement('i', null, 1))) })()"
    expect(await runIn(world(), 'react-dom/server', expression)).toBe('<b>count <i>1</i></b>')
  })

  it('builds are deterministic', async () => {
    const again = await build('react', '18')
    expect(again.key).toBe(react.key)
    expect([...again.files]).toEqual([...react.files])
  })
})
