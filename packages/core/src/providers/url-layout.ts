import { EsmapError } from '../errors.js'
import type { ExactPackage } from '../types.js'

/**
 * `name@version[/path]` with an npm name (`pkg` or `@scope/pkg`). The name may not start with `.`
 * and contains no `/ \ % @` besides the scope's; the version runs to the next `/`.
 */
const PACKAGE_SEGMENT = /^((?:@[^/\\%@]+\/)?[^./\\%@][^/\\%@]*)@([^/]+)(?:\/(.*))?$/

/** The parts of a `name@version/path` segment, or `undefined` when the text is not one. */
export function parsePackageSegment(text: string): { name: string; version: string; path: string } | undefined {
  const match = PACKAGE_SEGMENT.exec(text)
  if (!match?.[1] || !match[2]) return undefined
  const path = decodePath(match[3] ?? '')
  return path === undefined ? undefined : { name: match[1], version: match[2], path }
}

/** The URL without its query and fragment (`?target=es2022`, `#x` say nothing about the package). */
export function stripQuery(url: string): string {
  const end = url.search(/[?#]/)
  return end === -1 ? url : url.slice(0, end)
}

/** The rest of `url` after `base` (query dropped), or `undefined` when `url` is not under `base`. */
export function afterBase(url: string, base: string): string | undefined {
  return url.startsWith(base) ? stripQuery(url.slice(base.length)) : undefined
}

/** Percent-decodes a `/`-separated path; `undefined` for a malformed escape or an escaped `/`. */
export function decodePath(path: string): string | undefined {
  if (!path.includes('%')) return path
  try {
    const segments = path.split('/').map((segment) => decodeURIComponent(segment))
    return segments.some((segment) => segment.includes('/')) ? undefined : segments.join('/')
  } catch {
    return undefined
  }
}

/** `registry:name@version`, the identity versions are deduped on. */
export function packageId(pkg: ExactPackage): string {
  return `${pkg.registry}:${pkg.name}@${pkg.version}`
}

/** Throws unless a package base URL ends in `/`: packages are folders, not files. */
export function assertPackageUrl(provider: string, pkg: ExactPackage, url: unknown): string {
  if (typeof url === 'string' && url.endsWith('/')) return url
  throw new EsmapError(
    'ESMAP_INVALID_PACKAGE_URL',
    `Provider "${provider}" returned ${JSON.stringify(url)} as the URL of ${packageId(pkg)}, which does not end in "/"`,
    { specifier: packageId(pkg), fix: `Make the pkgToUrl of provider "${provider}" return the package's base URL ending in "/" (packages are folders, not files).` },
  )
}

/** Throws for a registry the provider cannot serve (`jsr:` routed to an npm CDN). */
export function assertRegistry(provider: string, pkg: { registry: string; name: string }, registries: readonly string[]): void {
  if (registries.includes(pkg.registry)) return
  const which = registries.map((r) => `${r}:`).join(' and ')
  throw new EsmapError('ESMAP_PROVIDER_REGISTRY', `Provider "${provider}" serves ${which} packages only, not ${pkg.registry}:${pkg.name}`, {
    specifier: `${pkg.registry}:${pkg.name}`,
    fix: `Route ${pkg.registry}: packages to a provider that serves them, e.g. providers: { "${pkg.registry}:": "${pkg.registry === 'jsr' ? 'jsr' : pkg.registry === 'deno' ? 'deno' : 'jspm.io'}" }.`,
  })
}
