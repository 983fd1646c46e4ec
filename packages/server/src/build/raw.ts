import { EsmapError, isEsmPackage, type PackageJson } from '@esmap/core'
import type { BuildInput, BuildOutput } from './types.js'

/** Fields of a published package.json that say nothing to a browser. */
const DROPPED = ['scripts', 'devDependencies']

/**
 * A builder that serves ES module packages as published (`builder: rawBuilder`), with a
 * package.json that keeps every field (conditional `exports` included) and lists every file
 * (`files`), so a resolver can probe extensions and expand `exports` patterns without the tarball.
 * CommonJS packages cannot be served this way (browsers cannot run them): they fail with
 * ESMAP_BUILD_UNSUPPORTED.
 */
export async function rawBuilder({ pkg, files, packageJson }: BuildInput): Promise<BuildOutput> {
  if (!isEsmPackage(packageJson)) {
    throw new EsmapError('ESMAP_BUILD_UNSUPPORTED', `npm:${pkg.name}@${pkg.version} is a CommonJS package, which rawBuilder serves only as published`, {
      specifier: `npm:${pkg.name}@${pkg.version}`,
      fix: 'Use the default builder (@esmap/builder), which converts CommonJS, then rebuild this version through /build with the token.',
    })
  }
  const processed: PackageJson = Object.fromEntries(Object.entries(packageJson).filter(([key]) => !DROPPED.includes(key)))
  processed.files = [...files.keys()].sort()
  const served = new Map(files)
  served.delete('package.json')
  return { files: served, packageJson: processed }
}
