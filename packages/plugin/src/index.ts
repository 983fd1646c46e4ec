import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createUnplugin, type UnpluginFactory, type UnpluginInstance } from 'unplugin'
import type { BundleEntry } from './bundle-graph.js'
import { createContext, resolutionError } from './context.js'
import { setupEsbuild } from './esbuild-build.js'
import type { Options } from './options.js'
import { injectPages } from './pages.js'
import { createDevState, type DevState } from './vite-dev.js'
import { rollupHtmlAsset } from './rollup-html.js'

export type { Options } from './options.js'
export type { Pattern } from './externals.js'

/**
 * One factory for every bundler. All state lives in the context this call creates; each hook is
 * a short delegation to it, and the per-bundler escape hatches (HTML output) call the same core
 * functions.
 */
export const unpluginFactory: UnpluginFactory<Options | undefined> = (rawOptions) => {
  const ctx = createContext(rawOptions)
  let serve = false
  let ssrBuild = false
  let base = '/'
  let dev: DevState | undefined

  const emitBundle = async function (this: { emitFile(file: { type: 'asset'; fileName: string; source: string | Uint8Array }): string; error(e: unknown): never }, bundle: Record<string, BundleEntry>): Promise<void> {
    if (ssrBuild) return
    try {
      const { map, generator, externals } = await injectPages(bundle, ctx, { base })
      this.emitFile({ type: 'asset', fileName: ctx.options.fileName, source: `${JSON.stringify(map, null, 2)}\n` })
      for (const file of await ctx.vendorFiles(generator, externals)) this.emitFile({ type: 'asset', ...file })
    } catch (err) {
      this.error(resolutionError(err))
    }
  }

  // Rollup and Rolldown: the project is the working directory; pages load chunks relative to themselves.
  const rollupHooks = {
    buildStart(): void {
      base = './'
      ctx.configure({ root: process.cwd(), mode: 'production' })
    },
    async generateBundle(this: ThisParameterType<typeof emitBundle>, _options: unknown, bundle: unknown): Promise<void> {
      const entries = bundle as Record<string, BundleEntry>
      if (ctx.options.html) rollupHtmlAsset(entries, ctx.options.html, (file) => this.emitFile(file))
      await emitBundle.call(this, entries)
    },
  }

  return {
    name: 'esmap',
    enforce: 'pre',
    async resolveId(id, importer, opts) {
      if (ssrBuild || (opts as { ssr?: boolean } | undefined)?.ssr) return null
      await ctx.ready()
      if (!ctx.isExternal(id)) {
        const warning = (opts as { isEntry?: boolean } | undefined)?.isEntry ? undefined : ctx.undeclared(id, importer)
        if (warning) this.warn(warning)
        return null
      }
      if (!serve) return { id, external: true }
      if (!dev) return null // dev: 'local' keeps Vite's own resolution
      try {
        return { id: await dev.resolve(id), external: true }
      } catch (err) {
        this.error(resolutionError(err))
      }
    },
    vite: {
      config(config, env) {
        serve = env.command === 'serve'
        if (!serve || ctx.options.dev !== 'cdn') return
        // Dependencies come through the map: Vite must not pre-bundle them.
        const root = config.root ?? process.cwd()
        let deps: string[] = []
        try {
          deps = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies ?? {})
        } catch {
          // no package.json: nothing to exclude
        }
        return { optimizeDeps: { exclude: deps } }
      },
      configResolved(config) {
        serve = config.command === 'serve'
        ssrBuild = Boolean(config.build.ssr)
        base = config.base
        // A build ships production code whatever NODE_ENV says; the dev server serves development code.
        ctx.configure({ root: config.root, mode: config.command === 'build' ? 'production' : 'development' })
        if (serve && ctx.options.dev === 'cdn') dev = createDevState(ctx)
      },
      configureServer(server) {
        dev?.onChange(() => server.ws.send({ type: 'full-reload' }))
      },
      transformIndexHtml: {
        order: 'post',
        async handler() {
          if (!dev) return undefined
          const map = await dev.map()
          return [{ tag: 'script', attrs: { type: 'importmap' }, children: JSON.stringify(map, null, 2), injectTo: 'head-prepend' }]
        },
      },
      generateBundle: {
        order: 'post',
        async handler(_options, bundle) {
          await emitBundle.call(this, bundle as unknown as Record<string, BundleEntry>)
        },
      },
    },
    rollup: rollupHooks,
    rolldown: rollupHooks,
    esbuild: {
      setup(build) {
        setupEsbuild(build, ctx)
      },
    },
  }
}

export const unplugin: UnpluginInstance<Options | undefined, boolean> = /* #__PURE__ */ createUnplugin(unpluginFactory)

export default unplugin
