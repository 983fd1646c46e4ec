import { EsmapError } from '../errors.js'
import type { PackageTarget, VersionList } from '../types.js'
import type { Edge } from './edges.js'
import { ROOT } from './edges.js'
import { packageKey } from './package-key.js'
import { scopeLabel, targetLabel } from './singletons.js'
import type { InstallWarning } from './types.js'

/** The installer's errors and warnings: each names the specifier, the importer and the fix. */

/** Who imports, in an error: the parent package key, or `the project` for the top level. */
export function importerLabel(scope: string): string {
  return scope === ROOT ? 'the project' : scope
}

export function undeclaredDependency(name: string, importer: string): EsmapError {
  return new EsmapError('ESMAP_UNDECLARED_DEPENDENCY', `"${name}" is not declared as a dependency`, {
    specifier: name,
    importer,
    fix: `add "${name}" to "dependencies" (or "peerDependencies") in the package.json of ${importer}, or pin it for every package with resolutions: { "${name}": "<version>" }`,
  })
}

export function packageJsonNotFound(name: string, importer: string): EsmapError {
  return new EsmapError('ESMAP_PACKAGE_JSON_NOT_FOUND', `"${name}" has no range: the package.json of its importer was not found`, {
    specifier: name,
    importer,
    fix: `check that ${importer} is published, or pin "${name}" with resolutions: { "${name}": "<version>" }`,
  })
}

export function unsupportedSpec(name: string, spec: string, importer: string): EsmapError {
  return new EsmapError('ESMAP_UNSUPPORTED_DEPENDENCY', `"${name}": "${spec}" is not a version, range, registry package or folder`, {
    specifier: name,
    importer,
    fix: `map "${name}" to a version, a package or a folder with resolutions (a relative folder needs the baseUrl option)`,
  })
}

export function packageNotFound(target: PackageTarget, importer: string): EsmapError {
  return new EsmapError('ESMAP_PACKAGE_NOT_FOUND', `Package ${target.registry}:${target.name} was not found`, {
    specifier: target.name,
    importer,
    fix: `check the spelling of "${target.name}", or map it to another package or a folder with resolutions`,
  })
}

export function noMatchingVersion(target: PackageTarget, list: VersionList, importer: string): EsmapError {
  const latest = list.tags.latest === undefined ? '' : ` (latest is ${list.tags.latest})`
  return new EsmapError('ESMAP_NO_MATCHING_VERSION', `No version of ${target.registry}:${target.name} matches "${target.range}"${latest}`, {
    specifier: target.name,
    importer,
    fix: `widen the range in the package.json of ${importer}, or pin a published version with resolutions: { "${target.name}": "<version>" }`,
  })
}

/** A peer dependency resolved to its importer's copy although its own range does not allow it. */
export function peerConflict(peer: Edge, copy: Edge): InstallWarning {
  const wants = peer.target === undefined ? peer.alias : targetLabel(peer.target)
  const has = copy.target === undefined ? 'locked' : targetLabel(copy.target)
  return {
    code: 'ESMAP_PEER_CONFLICT',
    message:
      `${peer.scope} wants peer ${wants}, but its importer ${scopeLabel(copy.scope)} resolves "${peer.alias}" to ` +
      `${packageKey(copy.pkg)} (${has}); using that copy (npm 7+ stops here with ERESOLVE). ` +
      `Fix: align the ranges, or pin "${peer.alias}" with resolutions.`,
  }
}

/** `freeze` kept a locked version that its range no longer allows. */
export function frozenOutOfRange(edge: Edge): InstallWarning {
  const wants = edge.target === undefined ? edge.alias : targetLabel(edge.target)
  return {
    code: 'ESMAP_LOCK_OUT_OF_RANGE',
    message: `${scopeLabel(edge.scope)} wants ${wants} but keeps the locked ${packageKey(edge.pkg)} (freeze). Fix: install without freeze, or update "${edge.alias}".`,
  }
}
