import { EsmapError } from '../errors.js'
import type { Logger, PackageJson, Registry } from '../types.js'
import { parseDependencySpec } from './spec.js'
import type { DependencyTarget, InstallerOptions, InstallLock, InstallMode } from './types.js'

/** `InstallerOptions` with every default applied and `resolutions` parsed. */
export interface ResolvedInstallerOptions {
  mode: InstallMode
  resolutions: Map<string, DependencyTarget>
  singletons: Set<string>
  project: PackageJson | undefined
  baseUrl: string | undefined
  defaultRegistry: Registry
  unstable: boolean
  lock: InstallLock
  log: Logger | undefined
}

const MODES: readonly InstallMode[] = ['default', 'latest-primaries', 'latest-all', 'freeze']

/** Applies the defaults documented on `InstallerOptions`; throws for a mode or resolution it cannot read. */
export function resolveInstallerOptions(options: InstallerOptions): ResolvedInstallerOptions {
  const mode = options.mode ?? 'default'
  if (!MODES.includes(mode))
    throw new EsmapError('ESMAP_INVALID_OPTION', `Unknown install mode "${String(mode)}"`, { fix: `use one of ${MODES.join(', ')}` })
  const defaultRegistry = options.defaultRegistry ?? 'npm'
  const resolutions = new Map<string, DependencyTarget>()
  for (const name of Object.keys(options.resolutions ?? {}).sort()) {
    const spec = options.resolutions![name]!
    const target = parseDependencySpec(name, spec, defaultRegistry, options.baseUrl)
    if (target === undefined)
      throw new EsmapError('ESMAP_INVALID_RESOLUTION', `resolutions["${name}"] is "${spec}", which is not a version, range, package or folder`, {
        specifier: name,
        fix: 'give a version or range ("1.2.3", "^1.2"), a package ("npm:preact@^10"), or a folder URL (set baseUrl for a relative path)',
      })
    resolutions.set(name, target)
  }
  return {
    mode,
    resolutions,
    singletons: new Set(options.singletons ?? []),
    project: options.project,
    baseUrl: options.baseUrl,
    defaultRegistry,
    unstable: options.unstable ?? false,
    lock: options.lock ?? { primary: new Map(), secondary: new Map() },
    log: options.log,
  }
}
