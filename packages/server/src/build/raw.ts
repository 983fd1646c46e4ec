import { EsmapError, isEsmPackage, type PackageJson } from '@esmap/core'
import type { BuildInput, BuildOutput } from './types.js'

/** Fields of a published package.json that say nothing to a browser. */
const DROPPED = ['scripts', 'devDependencies']

/**
 * The builder used when `@esmap/builder` is not available: ES module packages are served as
 * published, with a package.json that lists every file (`files`), so a resolver can probe
 * extensions and expand `exports` patterns without the tarball. CommonJS packages cannot be served
 * this way (browsers cannot run them), so they fail with ESMAP_BUILD_UNSUPPORTED.
 */
export async function rawBuilder({ pkg, files, packageJson }: BuildInput): Promise<BuildOutput> {
  if (!isEsmPackage(packageJson)) {
    throw new EsmapError('ESMAP_BUILD_UNSUPPORTED', `npm:${pkg.name}@${pkg.version} is a CommonJS package, which this server cannot convert without @esmap/builder`, {
      specifier: `npm:${pkg.name}@${pkg.version}`,
      fix: 'Install @esmap/builder next to @esmap/server (or pass a `builder`), then rebuild this version through /build with the token.',
    })
  }
  const processed: PackageJson = Object.fromEntries(Object.entries(packageJson).filter(([key]) => !DROPPED.includes(key)))
  processed.files = [...files.keys()].sort()
  const served = new Map(files)
  served.delete('package.json')
  return { files: served, packageJson: processed }
}
