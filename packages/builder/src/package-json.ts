import type { PackageJson } from '@esmap/core'

/** Fields of no use to a browser build. */
const DROPPED: ReadonlySet<string> = new Set(['scripts', 'devDependencies', 'jspm'])

/**
 * The processed package.json of a build (reference 002, "package.json"): the package's fields
 * after overrides, minus `scripts`, `devDependencies` and `jspm`, with
 * - `exports`: every exported subpath → the file it leads to under the build's conditions
 *   (patterns enumerated, conditions resolved, `null` subpaths absent), kept only where the
 *   file is part of the output;
 * - `files`: every output file, in code unit order (`package.json` included);
 * - `dependencies`: plus the polyfill packages the output imports, unless listed already.
 */
export function processedPackageJson(
  pkg: PackageJson,
  exports: Readonly<Record<string, string>>,
  outputFiles: readonly string[],
  polyfillDependencies: Readonly<Record<string, string>>,
): PackageJson {
  const out: PackageJson = {}
  for (const [key, value] of Object.entries(pkg)) if (!DROPPED.has(key)) out[key] = value
  const present = new Set(outputFiles)
  out.exports = Object.fromEntries(Object.entries(exports).filter(([, target]) => present.has(target.slice(2))))
  const dependencies = { ...(pkg.dependencies ?? {}) }
  for (const [name, range] of Object.entries(polyfillDependencies)) {
    if (!(name in dependencies) && !(name in (pkg.peerDependencies ?? {}))) dependencies[name] = range
  }
  if (Object.keys(dependencies).length > 0 || pkg.dependencies !== undefined) out.dependencies = dependencies
  out.files = [...outputFiles].sort()
  return out
}
