import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { PackageJson } from '@esmap/core'
import { buildPackage } from '../build.js'
import type { BuildOptions, BuildResult } from '../types.js'
import { files, runModule, writeTree } from './run.js'

/** Builds a package given as literal file texts (its package.json from `package.json`, else `{ name, version }`). */
export async function buildTexts(name: string, texts: Record<string, string>, options?: BuildOptions, version = '1.0.0'): Promise<BuildResult> {
  const packageJson = (texts['package.json'] === undefined ? { name, version } : JSON.parse(texts['package.json'])) as PackageJson
  return buildPackage({ pkg: { registry: 'npm', name, version }, packageJson, files: files(texts) }, options)
}

/** A temp folder for one test, removed by the returned function. */
export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'esmap-builder-'))
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) }
}

export interface World {
  /** Built packages; each is mapped by the subpaths its processed package.json exports. */
  builds?: readonly BuildResult[]
  /** Plain modules: bare specifier → ES module source (`process`, an ESM-only package, ...). */
  modules?: Record<string, string>
}

/**
 * Writes the builds and modules to a temp folder, maps every exported subpath of every build the
 * way a generated import map would (`name` + subpath → the file), imports `specifier` in a
 * fresh Node process and returns `expression` (over `ns`).
 */
export async function runIn(world: World, specifier: string, expression?: string): Promise<unknown> {
  const { dir, remove } = await tempDir()
  try {
    const imports: Record<string, string> = {}
    const roots: string[] = []
    for (const build of world.builds ?? []) {
      const base = await writeTree(join(dir, `${build.pkg.name}@${build.pkg.version}`), build.files)
      roots.push(base)
      const exports = (build.packageJson.exports ?? {}) as Record<string, string>
      for (const [subpath, target] of Object.entries(exports)) imports[build.pkg.name + subpath.slice(1)] = base + target.slice(2)
    }
    await mkdir(join(dir, '_modules'), { recursive: true })
    const modulesRoot = pathToFileURL(join(dir, '_modules/')).href
    roots.push(modulesRoot)
    for (const [name, source] of Object.entries(world.modules ?? {})) {
      const file = `${encodeURIComponent(name)}.js`
      await writeFile(join(dir, '_modules', file), source)
      imports[name] = modulesRoot + file
    }
    const entry = imports[specifier]
    if (entry === undefined) throw new Error(`"${specifier}" is not mapped (have: ${Object.keys(imports).join(', ')})`)
    return await runModule({ imports, roots, entry, ...(expression === undefined ? {} : { expression }) })
  } finally {
    await remove()
  }
}
