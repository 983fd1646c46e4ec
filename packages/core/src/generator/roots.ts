import { pathToFileURL } from 'node:url'
import type { Installer, InstallMode, PrimaryRequest } from '../install/index.js'
import { resolvePackageConfig } from '../providers/index.js'
import { parseTarget, type InstallTargetInput } from '../target/index.js'
import { notInstalled, unnamedFolder } from './messages.js'
import type { Session } from './session.js'
import { joinBare, parseBare, specifierKind } from './specifier.js'

/** What the map is traced from: a specifier and the URL it is resolved against. */
export interface Root {
  /** A bare specifier, or an absolute module URL. */
  specifier: string
  parentUrl: string
}

/** An install target: `lit@^3`, `npm:lit@3/decorators.js`, `jsr:@std/path`, a URL or folder, or the object form. */
export type Install = string | InstallTargetInput

export function rootKey(root: Root): string {
  return `${root.parentUrl}\n${root.specifier}`
}

/** The alias a root maps at the top level (`lit/html.js` → `lit`); `undefined` for module URLs. */
export function rootAlias(root: Root): string | undefined {
  return specifierKind(root.specifier) === 'bare' ? parseBare(root.specifier).alias : undefined
}

/** `link` inputs: paths and URLs become module URLs (against `base`); bare specifiers are resolved from `base`. */
export function linkRoots(specifiers: readonly string[], base: string): Root[] {
  return specifiers.map((s) => {
    const kind = specifierKind(s)
    return { specifier: kind === 'relative' || kind === 'url' ? new URL(s, base).href : s, parentUrl: base }
  })
}

/**
 * Installs targets at the top level, as `npm install <targets>` does: an explicit target takes the
 * latest version in its range (unless the install mode says otherwise), decided in alias order.
 * Returns a root per subpath asked for (the main entry by default).
 */
export async function installRoots(session: Session, targets: readonly Install[]): Promise<Root[]> {
  const { options, installer, providers, ctx } = session
  const parentUrl = options.mapUrl.href
  // One request per alias: a target with a range wins over one without (`lit@2` with `lit/html.js`).
  const requests = new Map<string, PrimaryRequest>()
  const roots: Root[] = []
  for (const input of targets) {
    const target = parseTarget(input)
    let alias: string
    if (target.kind === 'package') {
      alias = target.alias
      // node_modules packages are found by Node's lookup when traced: no registry decision to make.
      const route = providers.route(target.target)
      const local = !route.auto && route.provider.kind === 'local'
      if (!local && (!requests.has(alias) || target.target.range !== '*')) requests.set(alias, { alias, target: target.target })
    } else {
      const base = options.mapUrl.protocol === 'file:' ? options.mapUrl.href : pathToFileURL(`${options.cwd}/`).href
      const url = target.kind === 'url' ? target.url : new URL(target.path, base).href
      const folder = url.endsWith('/') ? url : `${url}/`
      const name = target.alias ?? (await resolvePackageConfig(providers, folder, ctx))?.name
      if (!name) throw unnamedFolder(folder)
      alias = name
      requests.set(alias, { alias, target: { url: folder } })
    }
    for (const subpath of target.subpaths) roots.push({ specifier: joinBare(alias, subpath), parentUrl })
  }
  const mode: InstallMode = options.installMode === 'default' ? 'latest-primaries' : options.installMode
  await installer.installPrimaries([...requests.values()], { mode })
  return roots
}

/** Throws unless every name is installed somewhere in the map (as an alias or a package name), as `update` needs. */
export function assertInstalled(installer: Installer, names: readonly string[]): void {
  const lock = installer.toLock()
  const installed = new Set<string>()
  for (const [alias, pkg] of [...lock.primary, ...[...lock.secondary.values()].flatMap((scope) => [...scope])]) installed.add('name' in pkg ? pkg.name : alias).add(alias)
  const missing = names.filter((name) => !installed.has(name))
  if (missing.length > 0) throw notInstalled('update', missing, [...installed].sort())
}
