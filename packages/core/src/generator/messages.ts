import { EsmapError } from '../errors.js'

/** The generator's own errors; each names the specifier, the importer and the fix. */

/** No file of the package matches the subpath (packages without `exports`, or a missing target). */
export function subpathNotFound(specifier: string, pkgLabel: string, importer: string): EsmapError {
  return new EsmapError('ESMAP_MODULE_NOT_FOUND', `"${specifier}" does not exist in ${pkgLabel}`, {
    specifier,
    importer,
    fix: `Import a file that ${pkgLabel} contains (check the subpath and its extension).`,
  })
}

/** A `#name` import from a module that no installed package (and not the project) contains. */
export function importsOutsidePackage(specifier: string, importer: string): EsmapError {
  return new EsmapError('ERR_PACKAGE_IMPORT_NOT_DEFINED', `"${specifier}" is a package import, but ${importer} is not inside an installed package`, {
    specifier,
    importer,
    fix: `Map "${specifier}" in the input map, or pass the project's package.json (with "imports") as the packageJson option.`,
  })
}

/** `node:fs` and friends: browsers have no Node builtins. */
export function nodeBuiltin(specifier: string, importer: string, cause?: unknown): EsmapError {
  return new EsmapError('ESMAP_NODE_BUILTIN', `"${specifier}" is a Node.js builtin, which browsers do not have`, {
    specifier,
    importer,
    cause,
    fix: `Map "${specifier}" to a browser implementation in the input map, or leave it out of the trace with ignore: ["${specifier}"].`,
  })
}

/** The nodemodules provider found no folder for the package. */
export function notInNodeModules(name: string, importer: string): EsmapError {
  return new EsmapError('ESMAP_PACKAGE_NOT_FOUND', `Cannot find package "${name}" in node_modules`, {
    specifier: name,
    importer,
    fix: `Install it (npm install ${name}), or route it to a CDN provider with providers: { "${name}": "jspm.io" }.`,
  })
}

/** A local folder without a package.json name, installed without an alias. */
export function unnamedFolder(folder: string): EsmapError {
  return new EsmapError('ESMAP_INVALID_TARGET', `Cannot tell the name of the package at ${folder}: its package.json has no "name"`, {
    specifier: folder,
    fix: 'Give an alias: install({ target, alias }).',
  })
}

/** `uninstall` or `update` named packages the map does not have. */
export function notInstalled(what: 'uninstall' | 'update', names: readonly string[], installed: readonly string[]): EsmapError {
  return new EsmapError('ESMAP_NOT_INSTALLED', `Cannot ${what} ${names.map((n) => `"${n}"`).join(', ')}: not installed`, {
    specifier: names[0],
    fix: `Installed: ${installed.join(', ') || 'nothing'}.`,
  })
}
