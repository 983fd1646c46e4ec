import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { EsmapError } from '../errors.js'
import type { ExactPackage, PackageJson, PackageTarget } from '../types.js'
import type { ProviderContext, UrlContext } from './context.js'
import type { ContentId, PackageUrlMatch, Provider } from './types.js'
import { decodePath, stripQuery } from './url-layout.js'

/**
 * Local packages in node_modules, found the way Node finds them.
 *
 * node_modules fixes one copy of a package per location, so the location is the identity: a
 * package is `{ registry: 'node_modules', name, version: <its real directory, a file: URL ending
 * in "/"> }`. `pkgToUrl` returns that directory; the package.json version is read with
 * `getPackageConfig`. Directories are resolved through symlinks (realpath), so pnpm's layout
 * (`node_modules/.pnpm/name@ver/node_modules/name`) gives each name@version one identity and its
 * dependencies are found beside it.
 */
const NODE_MODULES = '/node_modules/'

function pkgToUrl(pkg: ExactPackage): string {
  if (pkg.registry === 'node_modules' && pkg.version.startsWith('file:') && pkg.version.endsWith('/')) return pkg.version
  throw new EsmapError('ESMAP_PROVIDER_REGISTRY', `Provider "nodemodules" cannot locate ${pkg.registry}:${pkg.name}@${pkg.version}`, {
    specifier: `${pkg.registry}:${pkg.name}`,
    fix: 'Resolve the package with the nodemodules provider first (its version is the package directory URL).',
  })
}

/** `file:///…/node_modules/[@scope/]name/path`: the package under the last node_modules segment. */
function parseUrlPkg(url: string): PackageUrlMatch | undefined {
  const clean = stripQuery(url)
  if (!clean.startsWith('file:')) return undefined
  const at = clean.lastIndexOf(NODE_MODULES)
  if (at === -1) return undefined
  const parts = clean.slice(at + NODE_MODULES.length).split('/')
  const nameLength = parts[0]?.startsWith('@') ? 2 : 1
  const name = decodePath(parts.slice(0, nameLength).join('/'))
  if (!name || parts.length < nameLength || parts.slice(0, nameLength).some((p) => p === '' || p.startsWith('.'))) return undefined
  const path = decodePath(parts.slice(nameLength).join('/'))
  if (path === undefined) return undefined
  const dir = `${clean.slice(0, at + NODE_MODULES.length)}${parts.slice(0, nameLength).join('/')}/`
  return { pkg: { registry: 'node_modules', name, version: dir }, layer: 'default', path }
}

/**
 * Node's lookup (LOAD_NODE_MODULES): from the parent's directory up to the root, try
 * `<dir>/node_modules/<name>`, skipping directories that are themselves `node_modules`. The first
 * directory found is resolved through symlinks. The range is not enforced (what is installed is what
 * runs), but a mismatch is logged.
 */
async function resolveLatestTarget(
  target: PackageTarget,
  _unstable: boolean,
  _layer: string,
  parentUrl: string,
  ctx: ProviderContext,
): Promise<ExactPackage | undefined> {
  if (!parentUrl.startsWith('file:')) return undefined
  let dir = new URL('.', parentUrl)
  for (;;) {
    if (!dir.pathname.endsWith(NODE_MODULES)) {
      const candidate = new URL(`node_modules/${target.name}/`, dir)
      const found = await realDirectory(candidate)
      if (found !== undefined) return located(target, found, ctx)
    }
    const parent = new URL('..', dir)
    if (parent.href === dir.href) return undefined
    dir = parent
  }
}

async function located(target: PackageTarget, dirUrl: string, ctx: ProviderContext): Promise<ExactPackage> {
  const pkg = parseUrlPkg(dirUrl)?.pkg ?? { registry: 'node_modules', name: target.name, version: dirUrl }
  const version = (await readLocalPackageJson(dirUrl))?.version
  ctx.log('providers', `nodemodules: ${target.name}@${target.range} -> ${dirUrl}${version ? ` (${version})` : ''}`)
  return pkg
}

/** The real directory behind a URL (symlinks followed) as a file: URL ending in `/`, or `undefined`. */
async function realDirectory(url: URL): Promise<string | undefined> {
  try {
    const real = realpathSync(fileURLToPath(url))
    if (!statSync(real).isDirectory()) return undefined
    const href = pathToFileURL(real).href
    return href.endsWith('/') ? href : `${href}/`
  } catch (err) {
    if (isMissing(err)) return undefined
    throw err
  }
}

/** A package.json on disk (`dirUrl` is a file: URL ending in `/`), `undefined` when there is none. */
export async function readLocalPackageJson(dirUrl: string): Promise<PackageJson | undefined> {
  const file = new URL('package.json', dirUrl)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    if (isMissing(err)) return undefined
    throw err
  }
  try {
    return JSON.parse(text) as PackageJson
  } catch (cause) {
    throw new EsmapError('ESMAP_INVALID_PACKAGE_JSON', `${fileURLToPath(file)} is not valid JSON`, { cause, fix: 'Fix or reinstall the package.' })
  }
}

/** Every file of the package directory, nested `node_modules` excluded. Local file system calls are synchronous here (see `loadModule`). */
async function listFiles(dirUrl: string): Promise<Set<string> | undefined> {
  const root = fileURLToPath(dirUrl)
  let entries: Dirent[]
  try {
    entries = readdirSync(root, { recursive: true, withFileTypes: true })
  } catch (err) {
    if (isMissing(err)) return undefined
    throw err
  }
  const files = new Set<string>()
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const rel = `${entry.parentPath.slice(root.length)}/${entry.name}`.replaceAll('\\', '/').replace(/^\/+/, '')
    if (!rel.split('/').includes('node_modules')) files.add(rel)
  }
  return files
}

/** Read synchronously: a file in node_modules is small and cached, and a trace reads hundreds (see generator/load.ts). */
async function loadModule(url: string): Promise<Uint8Array | undefined> {
  if (parseUrlPkg(url) === undefined) return undefined
  let bytes: Buffer
  try {
    bytes = readFileSync(new URL(stripQuery(url)))
  } catch (err) {
    if (isMissing(err)) return undefined
    throw err
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  return code === 'ENOENT' || code === 'ENOTDIR'
}

/**
 * A package directory's record, stamped per file: an installed file can change (a reinstall, a
 * `patch-package`), so a cached analysis is used only while the file's size, modification time
 * (nanoseconds) and inode are those it was made from.
 */
async function contentId(url: string): Promise<ContentId | undefined> {
  const match = parseUrlPkg(url)
  if (match === undefined || match.path === '') return undefined
  try {
    const st = statSync(new URL(stripQuery(url)), { bigint: true })
    return { id: `nodemodules ${match.pkg.version}`, path: match.path, stamp: `${st.size}:${st.mtimeNs}:${st.ino}` }
  } catch {
    return undefined
  }
}

export const nodemodules: Provider = {
  name: 'nodemodules',
  kind: 'local',
  pkgToUrl: (pkg: ExactPackage, _layer: string, _ctx: UrlContext) => pkgToUrl(pkg),
  parseUrlPkg: (url: string) => parseUrlPkg(url),
  resolveLatestTarget,
  getPackageConfig: (pkg) => readLocalPackageJson(pkgToUrl(pkg)),
  getFileList: (pkg) => listFiles(pkgToUrl(pkg)),
  loadModule: (url) => loadModule(url),
  contentId: (url) => contentId(url),
}
