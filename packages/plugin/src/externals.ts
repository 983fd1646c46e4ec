/**
 * Which bare imports the plugin externalizes (leaves bare for the import map) and which it
 * leaves to the bundler. Pure: decided from the specifier, the app's declared dependencies and
 * the user's include/exclude patterns.
 */

/** A name (`lit`), a glob over names (`@lit/*`, `lodash*`), a RegExp over the specifier, or a predicate. */
export type Pattern = string | RegExp | ((specifier: string, packageName: string) => boolean)

export interface ExternalsConfig {
  /** Packages to externalize. Undefined: the package.json `dependencies`. */
  include: Pattern[] | undefined
  /** Packages never externalized, checked before include. */
  exclude: Pattern[]
  /** The app's package.json `dependencies` names. */
  dependencies: ReadonlySet<string>
}

const nonJsExtension = /\.(?:css|scss|sass|less|styl|stylus|pcss|postcss|sss|json|wasm|svg|png|jpe?g|gif|webp|avif|ico|woff2?|ttf|otf|eot|mp4|webm|mp3|wav|txt|html?)(?:\?.*)?$/i

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; undefined for anything that is not bare. */
export function packageNameOf(specifier: string): string | undefined {
  if (!isBareSpecifier(specifier)) return undefined
  const parts = specifier.split('/')
  if (specifier.startsWith('@')) return parts.length >= 2 && parts[1] ? `${parts[0]}/${parts[1]}` : undefined
  return parts[0] || undefined
}

/** Bare in the import-map sense: not relative, not absolute, not a URL, not a virtual or bundler-internal id. */
export function isBareSpecifier(specifier: string): boolean {
  if (specifier === '' || specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('\0')) return false
  if (specifier.startsWith('#')) return false // package.json "imports" of the app: the bundler resolves those
  if (/^[a-zA-Z][a-zA-Z\d+.-]*:/.test(specifier)) return false // URLs and `node:`, `virtual:`, `data:` ...
  if (specifier.startsWith('~') || specifier.startsWith('@/')) return false // common alias prefixes
  return true
}

/** Turns `@lit/*` or `lodash*` into a RegExp over package names. */
function globToRegExp(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*?/g, (m) => (m === '**' ? '.*' : '[^/]*'))
  return new RegExp(`^${source}$`)
}

function matches(pattern: Pattern, specifier: string, name: string): boolean {
  if (typeof pattern === 'function') return pattern(specifier, name)
  if (pattern instanceof RegExp) {
    pattern.lastIndex = 0
    return pattern.test(specifier)
  }
  if (pattern.includes('*')) return globToRegExp(pattern).test(name)
  return pattern === name || pattern === specifier
}

/**
 * Whether a bare import should stay bare for the import map. CSS and other non-JS imports from
 * packages stay with the bundler.
 */
export function shouldExternalize(specifier: string, config: ExternalsConfig): boolean {
  const name = packageNameOf(specifier)
  if (name === undefined) return false
  if (nonJsExtension.test(specifier)) return false
  if (config.exclude.some((p) => matches(p, specifier, name))) return false
  if (config.include === undefined) return config.dependencies.has(name)
  return config.include.some((p) => matches(p, specifier, name))
}
