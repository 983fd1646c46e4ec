import { EsmapError } from '@esmap/core'
import type { BuildCache, BuildOptions, PackageOverrides } from './types.js'

/** A polyfill package: the specifier modules import, and the range added to `dependencies` (when given). */
export interface Polyfill {
  specifier: string
  range: string | undefined
}

/** {@link BuildOptions} with every default applied. */
export interface ResolvedBuildOptions {
  conditions: readonly string[]
  overrides: PackageOverrides
  minify: boolean
  sourcemap: boolean
  polyfills: { process: Polyfill | undefined; buffer: Polyfill | undefined }
  cache: BuildCache | undefined
  /** What `process.env.NODE_ENV` becomes: from the `production` / `development` condition; undefined leaves it alone. */
  nodeEnv: 'production' | 'development' | undefined
}

export const DEFAULT_CONDITIONS: readonly string[] = ['browser', 'production', 'module']
export const DEFAULT_POLYFILLS: { process: string; buffer: string } = { process: 'process@^0.11.10', buffer: 'buffer@^6.0.3' }

/** `name@range` (or `@scope/name@range`, or a bare `name`) → the polyfill; `false` → none. */
export function parsePolyfill(option: string, value: string | false): Polyfill | undefined {
  if (value === false) return undefined
  const at = value.lastIndexOf('@')
  const specifier = at > 0 ? value.slice(0, at) : value
  if (specifier === '' || (at > 0 && at === value.length - 1)) {
    throw new EsmapError('ESMAP_INVALID_OPTION', `Invalid polyfills.${option} "${value}": give a package as "name@range" (or "name"), or false.`, {
      fix: `Use the default "${DEFAULT_POLYFILLS[option as 'process' | 'buffer']}", or false to leave the global alone.`,
    })
  }
  return { specifier, range: at > 0 ? value.slice(at + 1) : undefined }
}

/**
 * The `NODE_ENV` a condition set asks for (reference 002: "development" / "production" package
 * entry point variants): `production` when it has `production`, else `development` when it has
 * `development`, else none (the code reads it from the `process` polyfill at run time).
 */
export function nodeEnvFor(conditions: readonly string[]): 'production' | 'development' | undefined {
  if (conditions.includes('production')) return 'production'
  if (conditions.includes('development')) return 'development'
  return undefined
}

/** Options → resolved options, every default applied in one place. */
export function resolveBuildOptions(options: BuildOptions = {}): ResolvedBuildOptions {
  // `import`, `require` and `default` depend on the importer; the build adds them where they apply.
  const conditions = [...new Set(options.conditions ?? DEFAULT_CONDITIONS)].filter((c) => c !== 'import' && c !== 'require' && c !== 'default')
  return {
    conditions,
    overrides: options.overrides ?? {},
    minify: options.minify ?? false,
    sourcemap: options.sourcemap ?? true,
    polyfills: {
      process: parsePolyfill('process', options.polyfills?.process ?? DEFAULT_POLYFILLS.process),
      buffer: parsePolyfill('buffer', options.polyfills?.buffer ?? DEFAULT_POLYFILLS.buffer),
    },
    cache: options.cache,
    nodeEnv: nodeEnvFor(conditions),
  }
}
