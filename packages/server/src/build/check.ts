import { analyzeModule, EsmapError, type ExactPackage } from '@esmap/core'

const MODULE = /\.(?:m|c)?js$/
const decoder = new TextDecoder()

/**
 * The first import of a `file:` URL among the built modules, as `path: specifier`, or `undefined`.
 * Such an import would make whoever traces the module (this server's `/generate`) read a file of
 * its own disk, so a package that has one is refused. Only modules that mention `file:` are parsed.
 */
export function findLocalImport(files: ReadonlyMap<string, Uint8Array>): string | undefined {
  for (const [path, bytes] of files) {
    if (!MODULE.test(path) || !/file:/i.test(decoder.decode(bytes))) continue
    let imports: readonly { specifier: string }[]
    try {
      imports = analyzeModule(bytes, { url: `esmap:${path}` }).imports
    } catch {
      continue // A module that does not parse imports nothing when traced either.
    }
    const local = imports.find((i) => /^file:/i.test(i.specifier))
    if (local) return `${path}: ${local.specifier}`
  }
  return undefined
}

/** Throws ESMAP_BUILD_LOCAL_IMPORT when a built module imports a `file:` URL. */
export function assertNoLocalImports(pkg: ExactPackage, files: ReadonlyMap<string, Uint8Array>): void {
  const found = findLocalImport(files)
  if (found === undefined) return
  throw new EsmapError('ESMAP_BUILD_LOCAL_IMPORT', `npm:${pkg.name}@${pkg.version} imports a file: URL (${found}), which this server refuses to serve`, {
    specifier: `npm:${pkg.name}@${pkg.version}`,
    fix: 'Publish the package without file: imports (use relative or bare specifiers).',
  })
}
