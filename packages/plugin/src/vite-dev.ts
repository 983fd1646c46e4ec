import type { Generator } from '@esmap/core'
import type { Context } from './context.js'

/**
 * The Vite dev server with `dev: 'cdn'`: dependencies load from the provider (development
 * condition) through the import map. Vite rewrites a resolved external only when it is a URL, so
 * the app's own bare imports become the map's URLs, and the dependencies' imports of each other
 * go through the map that is injected into the page. The first map has every dependency the
 * app declares; one first imported while the server runs (not declared, or not installable up
 * front) is linked then, and the page reloads once to pick up the larger map.
 */
export interface DevState {
  /** The URL a bare import of the app resolves to (linking it first when new). */
  resolve(specifier: string): Promise<string>
  /** The current map, for the page (after the lock has been read and installed). */
  map(): Promise<object>
  /** Called when a new dependency changed the map after a page had it. */
  onChange(listener: () => void): void
}

export function createDevState(ctx: Context): DevState {
  let generator: Promise<Generator> | undefined
  let queue: Promise<unknown> = Promise.resolve()
  let served = false
  let current: object = {}
  const listeners = new Set<() => void>()
  const get = (): Promise<Generator> => (generator ??= ctx.resolveAll([]).then(async (g) => {
    await g.install()
    // The app's declared dependencies are in the first map, so that the first page load does not
    // end in the reload a newly linked dependency costs. One that cannot be installed (a Node-only
    // package) is left out here and reported if the app imports it.
    await ctx.ready()
    const declared = ctx.externalDependencies().filter((name) => g.importMap.tryResolve(name, g.importMap.mapUrl) === undefined)
    if (declared.length > 0) {
      await g.install(declared).catch(async () => {
        for (const name of declared) await g.install(name).catch(() => undefined)
      })
    }
    current = g.getMap()
    return g
  }))

  return {
    async resolve(specifier) {
      const g = await get()
      const known = g.importMap.tryResolve(specifier, g.importMap.mapUrl)
      if (known !== undefined) return known
      // One link at a time: each adds to the same map.
      const linked = queue.then(() => g.link(specifier))
      queue = linked.catch(() => {})
      await linked
      current = g.getMap()
      if (served) for (const listener of listeners) listener()
      return g.resolve(specifier)
    },
    async map() {
      await get()
      served = true
      return current
    },
    onChange(listener) {
      listeners.add(listener)
    },
  }
}
