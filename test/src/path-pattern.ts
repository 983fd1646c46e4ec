/**
 * Which request paths a fault or a log query is about. Matched against the request's pathname as
 * the client sent it (percent-encoding kept, no query), e.g. `/registry/@fx%2fscoped`.
 *
 * - a string without `*`: a prefix (`'/registry/'`, `'/jsdelivr/npm/fx-dep@'`)
 * - a string with `*`: a glob of the whole path; `*` matches within one segment, `**` across
 *   segments (`'/registry/*'` is every unscoped packument, `'/unpkg/fx-dep@2.1.0/**'` every file)
 * - a RegExp, tested against the path
 * - a predicate
 */
export type PathPattern = string | RegExp | ((path: string) => boolean)

function globToRegExp(glob: string): RegExp {
  const source = glob
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`)
}

/** True when `path` matches `pattern`. */
export function matchPath(pattern: PathPattern, path: string): boolean {
  if (typeof pattern === 'function') return pattern(path)
  if (pattern instanceof RegExp) {
    pattern.lastIndex = 0 // a /g or /y RegExp keeps state between tests
    return pattern.test(path)
  }
  return pattern.includes('*') ? globToRegExp(pattern).test(path) : path.startsWith(pattern)
}
