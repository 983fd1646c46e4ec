import { EsmapError } from '../errors.js'
import { lookupPackage } from '../providers/index.js'
import { parseTarget } from '../target/index.js'
import type { ExactPackage, PackageTarget } from '../types.js'
import type { Session } from './session.js'

/** What `generator.lookup(target)` answers, in the shape of the JSPM Generator's `lookup`. */
export interface LookupResult {
  /** The install as parsed: registry, name and range; the subpath; the alias it maps to. */
  install: { target: PackageTarget; subpath: string; alias: string }
  /** The exact version the routed provider resolves it to (pass it to `getPackageConfig`). */
  resolved: ExactPackage
  /** (esmap) The provider, its layer, and the package base URL there. */
  provider: string
  layer: string
  pkgUrl: string
}

/** Resolves an install target to its exact package and URL without installing it; `undefined` when nothing matches. */
export async function lookupTarget(session: Session, input: string): Promise<LookupResult | undefined> {
  const target = parseTarget(input)
  if (target.kind !== 'package') {
    throw new EsmapError('ESMAP_INVALID_TARGET', `lookup takes a package target, got "${input}"`, { specifier: input, fix: 'Use the form name@range (npm:, jsr: or a bare name).' })
  }
  const unstable = target.unstable || session.options.unstable
  const found = await lookupPackage(session.providers, target.target, session.ctx, { unstable, parentUrl: session.options.mapUrl.href })
  if (!found) return undefined
  return {
    install: { target: target.target, subpath: target.subpaths[0] ?? '.', alias: target.alias },
    resolved: found.pkg,
    provider: found.provider.name,
    layer: found.layer,
    pkgUrl: found.pkgUrl,
  }
}
