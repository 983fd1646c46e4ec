import { createHash } from 'node:crypto'
import { version as esbuildVersion } from 'esbuild'
import { selectOverride } from './overrides.js'
import { resolveBuildOptions } from './options.js'
import type { BuildOptions } from './types.js'

/** Bumped whenever the builder's output for the same input changes, so old cache entries stop matching. */
export const BUILDER_OUTPUT_VERSION = 1

/** JSON with object keys sorted at every depth: equal values always serialize to equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/**
 * The cache key of a build: sha256 (hex) of the package (registry, name, version), the
 * conditions (as a set: their order never changes what `exports` picks), the override that
 * applies to this package (not the others), minify, sourcemap, the polyfills, the builder's
 * output version and esbuild's version. Pure: a published package version never changes, so
 * its files are not part of the key.
 */
export function buildKey(pkg: { registry?: string; name: string; version: string }, options: BuildOptions = {}): string {
  const resolved = resolveBuildOptions(options)
  const material = {
    builder: BUILDER_OUTPUT_VERSION,
    esbuild: esbuildVersion,
    registry: pkg.registry ?? 'npm',
    name: pkg.name,
    version: pkg.version,
    conditions: [...resolved.conditions].sort(),
    override: selectOverride(resolved.overrides, pkg.name, pkg.version) ?? null,
    minify: resolved.minify,
    sourcemap: resolved.sourcemap,
    polyfills: resolved.polyfills,
  }
  return createHash('sha256').update(canonicalJson(material)).digest('hex')
}
