/**
 * What an import specifier is, as the generator resolves it:
 * - `relative`: `./x`, `../x`, `/x` (resolved against the importer as a URL);
 * - `url`: an absolute URL (`https://…`, `data:…`, `node:fs`);
 * - `imports`: a package's own `#name` import;
 * - `bare`: a package name with an optional subpath (`react`, `@s/p/sub`), or an inline registry
 *   specifier as JSR modules write them (`jsr:@std/path@^1/posix`, `npm:preact@10/hooks`).
 */
export type SpecifierKind = 'relative' | 'url' | 'imports' | 'bare'

/** `npm:` and `jsr:` specifiers name a package and its range in the import itself. */
const INLINE_REGISTRY = /^(?:npm|jsr):/

export function specifierKind(specifier: string): SpecifierKind {
  if (specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/')) return 'relative'
  if (specifier.startsWith('#')) return 'imports'
  if (INLINE_REGISTRY.test(specifier)) return 'bare'
  if (/^[a-zA-Z][a-zA-Z\d+.-]*:/.test(specifier)) return 'url'
  return 'bare'
}

/** A bare specifier split into what the installer resolves and the subpath inside the package. */
export interface BareSpecifier {
  /**
   * The name the installer resolves in the importer's scope: the package name or alias (`react`,
   * `@s/p`), or an inline registry specifier without its subpath (`jsr:@std/path@^1`).
   */
  alias: string
  /** `.` for the package itself, `./sub` for a subpath, `./` for a trailing-slash prefix. */
  subpath: string
}

/** `@scope/name/sub` → `{ alias: '@scope/name', subpath: './sub' }`; `jsr:@s/p@^1/x` → `{ alias: 'jsr:@s/p@^1', subpath: './x' }`. */
export function parseBare(specifier: string): BareSpecifier {
  const prefix = INLINE_REGISTRY.exec(specifier)?.[0] ?? ''
  const parts = specifier.slice(prefix.length).split('/')
  const segments = parts[0]?.startsWith('@') ? 2 : 1
  const rest = parts.slice(segments).join('/')
  return { alias: prefix + parts.slice(0, segments).join('/'), subpath: parts.length > segments ? `./${rest}` : '.' }
}

/** The specifier for `subpath` of the package known as `alias`: `('lit', './html.js')` → `lit/html.js`. */
export function joinBare(alias: string, subpath: string): string {
  return subpath === '.' ? alias : `${alias}${subpath.slice(1)}`
}
