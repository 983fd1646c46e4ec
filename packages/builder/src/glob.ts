/**
 * A `files` / `ignore` pattern (reference 001, "Package Files", npm's `files` style) as a
 * RegExp over package paths: `*` matches within a segment, `**` across segments, `?` one
 * character; a leading `./` or `/` is dropped. A pattern also matches everything under a
 * folder it matches (`dist` and `dist/*` include `dist/a/b.js`).
 */
export function globToRegExp(pattern: string): RegExp {
  const clean = pattern.replace(/^\.?\/+/, '').replace(/\/+$/, '')
  let source = ''
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i] as string
    if (c === '*' && clean[i + 1] === '*') {
      // `**/` matches zero or more whole segments; a trailing or inner `**` anything at all.
      if (clean[i + 2] === '/') {
        source += '(?:.*/)?'
        i += 2
      } else {
        source += '.*'
        i += 1
      }
    } else if (c === '*') source += '[^/]*'
    else if (c === '?') source += '[^/]'
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${source}(?:/.*)?$`)
}

/** True when any of `patterns` matches `path`. */
export function matchesAny(patterns: readonly RegExp[], path: string): boolean {
  return patterns.some((p) => p.test(path))
}
