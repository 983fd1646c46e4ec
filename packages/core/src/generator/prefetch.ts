import { isLocal, type DependencyTarget } from '../install/index.js'
import { findDeclaration, inlineTarget, parseDependencySpec } from '../install/spec.js'
import type { PackageInfo } from './packages.js'
import type { Session } from './session.js'

/**
 * Warms the metadata an installer decision will read (the version list of what `alias` names for
 * code in `owner`), so that decisions taken one by one in order only read memoized answers.
 * Best effort: a target it cannot tell is left for the decision itself.
 */
export async function prefetchDependency(session: Session, owner: PackageInfo | undefined, alias: string): Promise<void> {
  const target = dependencyTarget(session, owner, alias)
  if (target && !isLocal(target)) await session.registry.versions(target.registry, target.name)
}

function dependencyTarget(session: Session, owner: PackageInfo | undefined, alias: string): DependencyTarget | undefined {
  const { options, installer } = session
  const spec = options.resolutions[alias]
  if (spec !== undefined) return parseDependencySpec(alias, spec, 'npm', options.mapUrl.href)
  const inline = inlineTarget(alias)
  if (inline) return inline
  if (owner) {
    const declared = findDeclaration(owner.config, alias, false)
    return declared && parseDependencySpec(alias, declared.spec, 'npm', isLocal(owner.pkg) ? owner.pkg.url : undefined)
  }
  // The top level: what is installed under the alias, else the project's range, else the name itself.
  const current = installer.get(null, alias)
  if (current) return isLocal(current) ? current : { ...current, range: current.version }
  const declared = options.packageJson && findDeclaration(options.packageJson, alias, true)
  return declared ? parseDependencySpec(alias, declared.spec, 'npm', options.mapUrl.href) : { registry: 'npm', name: alias, range: '*' }
}
