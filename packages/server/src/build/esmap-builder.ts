import { buildPackage, type BuildOptions } from '@esmap/builder'
import type { PackageBuilder } from './types.js'

/**
 * The default builder: `@esmap/builder`'s `buildPackage` (CommonJS → ES modules, code splitting,
 * overrides, processed package.json) with `options` (conditions, overrides, minify, sourcemaps,
 * polyfills). Its warnings go to `log`.
 */
export function esmapBuilder(options: BuildOptions = {}, log: (message: string) => void = () => {}): PackageBuilder {
  return async ({ pkg, files, packageJson }) => {
    const result = await buildPackage({ pkg, files, packageJson }, options)
    for (const warning of result.warnings) log(`npm:${pkg.name}@${pkg.version}: ${warning.code} ${warning.message.split('\n')[0]}`)
    const served = new Map(result.files)
    served.delete('package.json')
    return { files: served, packageJson: result.packageJson }
  }
}
