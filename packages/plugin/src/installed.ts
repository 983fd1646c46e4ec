import { readFile, realpath } from 'node:fs/promises'
import { dirname, join, parse } from 'node:path'

/**
 * The versions actually installed for an app: starting from its package.json `dependencies`,
 * every declared dependency is located the way Node does (the nearest `node_modules/<name>` up
 * from the importing package's real directory), so npm's nested and hoisted layouts and pnpm's
 * symlinked `.pnpm` store all give the tree that the app was tested with.
 */
export interface InstalledTree {
  /** name → every version installed and reachable from the app's dependencies. */
  versions: Map<string, Set<string>>
}

interface PackageInfo {
  name?: string
  version?: string
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

async function readJson(file: string): Promise<PackageInfo | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as PackageInfo
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined
    throw err
  }
}

/** Node's lookup: `<dir>/node_modules/<name>`, then each parent directory's, up to the root. */
async function locate(name: string, fromDir: string): Promise<string | undefined> {
  let dir = fromDir
  const { root } = parse(dir)
  for (;;) {
    const candidate = join(dir, 'node_modules', name)
    const pkg = await readJson(join(candidate, 'package.json'))
    if (pkg) return realpath(candidate)
    if (dir === root) return undefined
    dir = dirname(dir)
  }
}

function declared(pkg: PackageInfo): string[] {
  return [...new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})])]
}

/** Walks the installed dependency tree of the app at `root` (its package.json directory). */
export async function readInstalledTree(root: string, names?: readonly string[]): Promise<InstalledTree> {
  const app = (await readJson(join(root, 'package.json'))) ?? {}
  const versions = new Map<string, Set<string>>()
  const seen = new Set<string>()
  const queue: { name: string; from: string }[] = (names ?? Object.keys(app.dependencies ?? {})).map((name) => ({ name, from: root }))
  while (queue.length > 0) {
    const batch = queue.splice(0, queue.length)
    await Promise.all(
      batch.map(async ({ name, from }) => {
        const dir = await locate(name, from)
        if (dir === undefined || seen.has(dir)) return
        seen.add(dir)
        const pkg = await readJson(join(dir, 'package.json'))
        if (!pkg?.version) return
        const set = versions.get(name) ?? new Set<string>()
        set.add(pkg.version)
        versions.set(name, set)
        for (const dep of declared(pkg)) queue.push({ name: dep, from: dir })
      }),
    )
  }
  return { versions }
}

/** Pins for the generator: every package installed in exactly one version is pinned to it. */
export function pinsFromTree(tree: InstalledTree): Record<string, string> {
  const pins: Record<string, string> = {}
  for (const name of [...tree.versions.keys()].sort()) {
    const versions = tree.versions.get(name)!
    if (versions.size === 1) pins[name] = [...versions][0]!
  }
  return pins
}
