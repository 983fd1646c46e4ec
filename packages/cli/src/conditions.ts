/**
 * `-C/--conditions`: the environment conditions the map is generated for. Pure.
 *
 * Each value is a name or a comma-separated list. Starting from the defaults
 * (browser, development, module), in order:
 * - `no-<name>` removes a condition;
 * - `production` replaces `development` and the other way round;
 * - `node` or `deno` replaces `browser`, and `browser` replaces both;
 * - any other name is added.
 */

export const defaultConditions: readonly string[] = ['browser', 'development', 'module']

/** Conditions that exclude each other: adding one removes the others. */
const exclusive: readonly (readonly string[])[] = [
  ['development', 'production'],
  ['browser', 'node', 'deno'],
]

export function resolveConditions(values: readonly string[], defaults: readonly string[] = defaultConditions): string[] {
  const env = [...defaults]
  const names = values.flatMap((v) => v.split(',')).map((n) => n.trim()).filter((n) => n !== '')
  for (const name of names) {
    if (name.startsWith('no-')) {
      const gone = name.slice(3)
      const at = env.indexOf(gone)
      if (at >= 0) env.splice(at, 1)
      continue
    }
    for (const group of exclusive) {
      if (!group.includes(name)) continue
      for (const other of group) {
        const at = other === name ? -1 : env.indexOf(other)
        if (at >= 0) env.splice(at, 1)
      }
    }
    if (!env.includes(name)) env.push(name)
  }
  return env
}
