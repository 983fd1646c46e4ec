import { EsmapError, satisfies, type PackageJson } from '@esmap/core'
import { assertSafePath } from './safe-path.js'
import type { ModuleFormat, PackageOverride, PackageOverrides, ShimConfig } from './types.js'

/** A shim with both fields present. */
export interface Shim {
  deps: string[]
  exports: string | undefined
}

/**
 * Everything the build reads about a package, after overrides: the package.json fields that
 * resolution uses, and the legacy configuration of reference 001.
 */
export interface PackageConfig {
  /** package.json with `exports`, `main`, `browser` and `dependencies` replaced by the overrides. */
  pkg: PackageJson
  format: ModuleFormat | undefined
  /** Shim keys as written (`some/global`); probed against the files by the caller. */
  shim: Record<string, Shim>
  map: Record<string, string>
  lib: string | undefined
  files: string[] | undefined
  ignore: string[] | undefined
  /** Package path without `./` (`index.js`) → names. */
  cjsNamedExports: Record<string, string[]>
}

const FORMATS: ReadonlySet<string> = new Set(['esm', 'cjs', 'amd', 'global'])

/** The fields an override replaces in package.json itself. */
const PACKAGE_FIELDS = ['exports', 'main', 'browser', 'dependencies'] as const

/**
 * The override that applies to `name@version`: the first `name@range` key (in key order) whose
 * range the version satisfies, else the plain `name` key. Undefined when none does.
 */
export function selectOverride(overrides: PackageOverrides, name: string, version: string): PackageOverride | undefined {
  for (const [key, override] of Object.entries(overrides)) {
    const at = key.lastIndexOf('@')
    if (at <= 0 || key.slice(0, at) !== name) continue
    if (satisfies(version, key.slice(at + 1), { unstable: true })) return override
  }
  return overrides[name]
}

function invalid(label: string, field: string, problem: string): EsmapError {
  return new EsmapError('ESMAP_INVALID_OVERRIDE', `Invalid "${field}" in the package configuration of ${label}: ${problem}.`, {
    specifier: label,
    fix: `Correct "${field}" in the package override (or the package's "jspm" field); see the reference for its form.`,
  })
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string')

/** `./x`, `/x` and `x` as the package path `x`. */
export const stripDot = (path: string): string => path.replace(/^\.?\/+/, '')

function shims(label: string, value: unknown): Record<string, Shim> {
  if (value === undefined) return {}
  if (!isRecord(value)) throw invalid(label, 'shim', 'it must be an object of file → { deps, exports } or file → [deps]')
  const out: Record<string, Shim> = {}
  for (const [file, shim] of Object.entries(value)) {
    assertSafePath(label, '"shim" key', file)
    // The shortcut form: `"some/global": ["jquery"]`.
    if (isStringArray(shim)) out[file] = { deps: shim, exports: undefined }
    else if (isRecord(shim) && (shim.deps === undefined || isStringArray(shim.deps)) && (shim.exports === undefined || typeof shim.exports === 'string')) {
      const config = shim as ShimConfig
      out[file] = { deps: config.deps ?? [], exports: config.exports }
    } else throw invalid(label, 'shim', `"${file}" must be an array of dependencies or { deps?: string[], exports?: string }`)
  }
  return out
}

function stringRecord(label: string, field: string, value: unknown): Record<string, string> {
  if (value === undefined) return {}
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) throw invalid(label, field, 'it must be an object of strings')
  return value as Record<string, string>
}

function namedExports(label: string, value: unknown): Record<string, string[]> {
  if (value === undefined) return {}
  if (!isRecord(value) || !Object.values(value).every(isStringArray)) throw invalid(label, 'cjsNamedExports', 'it must be an object of file → array of names')
  const out: Record<string, string[]> = {}
  for (const [file, names] of Object.entries(value as Record<string, string[]>)) {
    assertSafePath(label, '"cjsNamedExports" key', file)
    out[stripDot(file)] = names
  }
  return out
}

function globs(label: string, field: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined
  if (!isStringArray(value)) throw invalid(label, field, 'it must be an array of globs')
  return value
}

/**
 * Layers, later ones winning field by field (reference 001, "Prefixing Configuration": the
 * `jspm` property is an override of the package.json that holds it): the package's own `jspm`
 * field, then the override, then the override's `jspm`. The package's own root-level legacy
 * fields (`files`, `directories`, `format`, `shim`, `map`) are npm metadata and are not read.
 */
function layers(pkg: PackageJson, override: PackageOverride | undefined): Record<string, unknown>[] {
  const own = isRecord(pkg.jspm) ? pkg.jspm : {}
  return [own, override ?? {}, isRecord(override?.jspm) ? override.jspm : {}]
}

/** The package configuration of `label` (`name@version`) after `override`. Throws ESMAP_INVALID_OVERRIDE / ESMAP_UNSAFE_PATH. */
export function resolvePackageConfig(label: string, packageJson: PackageJson, override: PackageOverride | undefined): PackageConfig {
  const merged: Record<string, unknown> = {}
  for (const layer of layers(packageJson, override)) {
    for (const [key, value] of Object.entries(layer)) if (key !== 'jspm' && value !== undefined) merged[key] = value
  }

  const pkg: PackageJson = { ...packageJson }
  for (const field of PACKAGE_FIELDS) if (field in merged) pkg[field] = merged[field] as never
  if (typeof merged.main === 'string') assertSafePath(label, '"main" field', merged.main)

  const format = merged.format
  if (format !== undefined && (typeof format !== 'string' || !FORMATS.has(format))) throw invalid(label, 'format', `${JSON.stringify(format)} is not one of esm, cjs, amd, global`)
  const directories = merged.directories
  if (directories !== undefined && !isRecord(directories)) throw invalid(label, 'directories', 'it must be an object such as { "lib": "src" }')
  const lib = directories?.lib
  if (lib !== undefined && typeof lib !== 'string') throw invalid(label, 'directories.lib', 'it must be a folder path')
  if (lib !== undefined) assertSafePath(label, '"directories.lib"', lib)

  const map = stringRecord(label, 'map', merged.map)
  for (const target of Object.values(map)) if (target.startsWith('.') || target.startsWith('/')) assertSafePath(label, '"map" target', target)
  return {
    pkg,
    format: format as ModuleFormat | undefined,
    shim: shims(label, merged.shim),
    map,
    lib: lib === undefined ? undefined : stripDot(lib).replace(/\/+$/, '') || undefined,
    files: globs(label, 'files', merged.files),
    ignore: globs(label, 'ignore', merged.ignore),
    cjsNamedExports: namedExports(label, merged.cjsNamedExports),
  }
}
