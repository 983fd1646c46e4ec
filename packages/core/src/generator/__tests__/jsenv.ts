import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { ImportMap } from '../../importmap/index.js'
import type { ImportMapJson, PackageJson } from '../../types.js'
import { parseBare, specifierKind } from '../specifier.js'

/**
 * The adapter for `jsenv-importmap-node-module/scenarios.json` (see the conformance README): each
 * scenario's node_modules tree is rebuilt on disk, and each expected import map is compared with
 * esmap's by resolving, never by shape (jsenv adds self-mappings and `name/` folder entries).
 */

export interface Scenario {
  scenario: string
  packageJson: Record<string, PackageJson>
  importmapSnapshots: Record<string, ImportMapJson>
  otherFiles: Record<string, { bytes: number; importSpecifiers?: string[] }>
}

/** One resolution to compare: `specifier` imported by a module at `parentUrl`. */
export interface Check {
  specifier: string
  parentUrl: string
  expected: string
  /** A relative import remapped by the expected map: compared after the bare checks have traced the graph. */
  remap: boolean
}

/** The scenario's folder (holding `root/`, `input/`, …) in which a snapshot's project lives. */
export function projectDir(scenario: Scenario, snapshot: string): string {
  const tree = [...Object.keys(scenario.packageJson), ...Object.keys(scenario.otherFiles)]
  let segments = dirname(snapshot).split('/').filter((s) => s !== '.')
  // `_dev_and_prod.test.mjs/input/dev.importmap` is written by a test beside the tree: drop what the tree does not have.
  while (segments.length > 0 && !tree.some((p) => p.startsWith(`${segments.join('/')}/`))) segments = segments.slice(1)
  return segments.length === 0 ? '' : `${segments.join('/')}/`
}

/** Where the snapshot's map lies: in its project folder. */
export function mapUrlOf(root: string, scenario: Scenario, snapshot: string): string {
  return pathToFileURL(join(root, projectDir(scenario, snapshot), basename(snapshot))).href
}

/**
 * Writes the tree: every package.json (one that upstream commits unparseable, as it), every listed
 * JS file as a stub holding its import specifiers, and an empty file for every file an expected
 * map points at that the scenario does not list (jsenv never reads those; esmap traces what it maps).
 */
export async function writeTree(root: string, scenario: Scenario): Promise<void> {
  const put = async (path: string, text: string): Promise<void> => {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), text)
  }
  for (const [path, json] of Object.entries(scenario.packageJson)) await put(path, '__unparseable__' in json ? '{ "name": ' : JSON.stringify(json))
  for (const [path, file] of Object.entries(scenario.otherFiles)) {
    if (file.importSpecifiers) await put(path, file.importSpecifiers.map((s) => `import ${JSON.stringify(s)}\n`).join(''))
  }
  for (const [snapshot, map] of Object.entries(scenario.importmapSnapshots)) {
    for (const { target } of ImportMap.parse(map, mapUrlOf(root, scenario, snapshot)).entries()) {
      if (target === null || target.endsWith('/') || !target.startsWith(pathToFileURL(root).href)) continue
      const file = fileURLToPath(target)
      if (!existsSync(file)) await put(file.slice(root.length + 1), '')
    }
  }
}

/** The env a snapshot was generated with, from its name (`browser.importmap`, `dev.importmap`, …). */
export function envFor(snapshot: string): string[] {
  const name = snapshot.slice(snapshot.lastIndexOf('/') + 1)
  const env = name.includes('browser') ? ['browser'] : ['node']
  if (name.includes('electron')) env.push('electron')
  if (name.startsWith('dev')) env.push('development')
  if (name.startsWith('prod')) env.push('production')
  // jsenv prefers `module` over `main` in every mode.
  return [...env, 'module']
}

interface Pkg {
  dir: string
  json: PackageJson
}

/** The names a package's code may import: its dependencies (the project's devDependencies too), and itself through "exports". */
function declared(pkg: Pkg, isProject: boolean): Set<string> {
  const { dependencies, optionalDependencies, peerDependencies, devDependencies } = pkg.json
  const names = new Set(Object.keys({ ...dependencies, ...optionalDependencies, ...peerDependencies, ...(isProject ? devDependencies : {}) }))
  if (pkg.json.name && pkg.json.exports !== undefined) names.add(pkg.json.name)
  return names
}

/**
 * What to compare for one expected map:
 * - every bare entry of the map (not a `name/` folder entry) as read by each package that
 *   declares that package (the project included): what its code gets for it;
 * - every import listed in the tree's files that the expected map resolves (bare), or remaps (relative).
 * Each check is `[check, reason]`: a reason when it is left out of the comparison.
 */
export function collectChecks(scenario: Scenario, root: string, snapshot: string, map: ImportMapJson): [Check, string | undefined][] {
  const project = projectDir(scenario, snapshot)
  const base = pathToFileURL(join(root, project)).href + '/'
  const expected = ImportMap.parse(map, mapUrlOf(root, scenario, snapshot))
  // The project's code: its own files and the packages of node_modules folders (also above it); not other projects of the scenario.
  const ours = (path: string): boolean => path.startsWith(project) || path.includes('node_modules/')
  const packages: Pkg[] = Object.entries(scenario.packageJson)
    .filter(([path]) => ours(path))
    .map(([path, json]) => ({ dir: pathToFileURL(join(root, dirname(path))).href + '/', json }))
  const projectPkg = packages.find((p) => p.dir === base)
  const out = new Map<string, [Check, string | undefined]>()
  const add = (specifier: string, parentUrl: string, remap = false): void => {
    const target = expected.tryResolve(specifier, parentUrl)
    if (target === undefined || out.has(`${parentUrl} ${specifier}`)) return
    out.set(`${parentUrl} ${specifier}`, [{ specifier, parentUrl, expected: target, remap }, remap ? undefined : reasonToSkip(specifier, target, projectPkg, packages)])
  }
  const keys = [...expected.entries()].map((e) => e.specifier).filter((k) => specifierKind(k) === 'bare' && !k.endsWith('/'))
  for (const pkg of packages) {
    const names = declared(pkg, pkg === projectPkg)
    for (const key of keys) if (names.has(parseBare(key).alias)) add(key, `${pkg.dir}importer.js`)
  }
  for (const [path, file] of Object.entries(scenario.otherFiles)) {
    if (!ours(path)) continue
    const parentUrl = pathToFileURL(join(root, path)).href
    for (const specifier of file.importSpecifiers ?? []) {
      const kind = specifierKind(specifier)
      if (kind === 'bare' || kind === 'imports') add(specifier, parentUrl)
      else if (kind === 'relative' && expected.tryResolve(specifier, parentUrl) !== new URL(specifier, parentUrl).href) add(specifier, parentUrl, true)
    }
  }
  return [...out.values()]
}

export const FOLDER_EXPORT = 'a subpath reached through a folder export ("./": "./"): Node removed folder mappings in v17, and esmap follows Node'

/** Why a check is not comparable with Node semantics, if it is not. */
function reasonToSkip(specifier: string, target: string, project: Pkg | undefined, packages: Pkg[]): string | undefined {
  if (specifierKind(specifier) !== 'bare') return undefined
  const { alias, subpath } = parseBare(specifier)
  if (project && alias === project.json.name && project.json.exports === undefined) {
    return 'the project\'s own name: jsenv always maps it; Node (and esmap) resolve a package by its own name only through its "exports"'
  }
  // The package the expected target lies in.
  const owner = packages.filter((p) => target.startsWith(p.dir)).sort((a, b) => b.dir.length - a.dir.length)[0]
  const exports = owner?.json.exports
  if (subpath !== '.' && exports && typeof exports === 'object' && !Array.isArray(exports) && Object.keys(exports).some((k) => k.endsWith('/')) && !(subpath in exports)) {
    return FOLDER_EXPORT
  }
  return undefined
}
