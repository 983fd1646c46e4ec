import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { addScriptIntegrity, injectHtml } from '@esmap/core'
import type { BuildResult, Metafile, OutputFile, PluginBuild } from 'esbuild'
import type { Context } from './context.js'

interface Output {
  path: string
  bytes: Uint8Array
}

/** Output files of the build: from memory with `write: false`, else from disk. */
async function outputs(result: BuildResult, metafile: Metafile, cwd: string): Promise<Output[]> {
  if (result.outputFiles) return result.outputFiles.map((f) => ({ path: f.path, bytes: f.contents }))
  return Promise.all(Object.keys(metafile.outputs).map(async (p) => ({ path: resolve(cwd, p), bytes: await readFile(resolve(cwd, p)) })))
}

function addOutput(result: BuildResult, path: string, text: string): void {
  const contents = new TextEncoder().encode(text)
  const file: OutputFile = { path, contents, hash: '', text }
  result.outputFiles!.push(file)
}

/**
 * esbuild: bare imports stay external (resolveId), and when the build ends the map of exactly
 * what the outputs import is written as `importmap.json` into the output directory and, with the
 * `html` option, into that page (with preloads and integrity for the outputs). Works with
 * `write: false` too: the files are added to `outputFiles`.
 */
export function setupEsbuild(build: PluginBuild, ctx: Context): void {
  build.initialOptions.metafile = true
  const cwd = build.initialOptions.absWorkingDir ?? process.cwd()
  // esbuild has no mode: a build is for production unless it defines NODE_ENV as development.
  const nodeEnv = build.initialOptions.define?.['process.env.NODE_ENV']
  ctx.configure({ root: cwd, mode: nodeEnv === '"development"' ? 'development' : 'production' })
  build.onEnd(async (result) => {
    if (result.errors.length > 0 || !result.metafile) return
    const metafile = result.metafile
    const externals = new Set<string>()
    for (const out of Object.values(metafile.outputs)) for (const imp of out.imports) if (imp.external && ctx.isExternal(imp.path)) externals.add(imp.path)
    const outdir = resolve(cwd, build.initialOptions.outdir ?? dirname(build.initialOptions.outfile ?? 'out.js'))
    try {
      const generator = await ctx.resolveAll([...externals].sort())
      const files = await outputs(result, metafile, cwd)
      const js = files.filter((f) => /\.m?js$/.test(f.path))
      const page = ctx.options.html ? join(outdir, basename(ctx.options.html)) : undefined
      const modules = js.map((f) => ({ url: `./${relative(page ? dirname(page) : outdir, f.path).split('\\').join('/')}`, code: f.bytes }))
      const staticExternals = [...externals].sort()
      const { map, preloads } = await ctx.pageMap(generator, staticExternals, [], modules)
      const mapText = `${JSON.stringify(map, null, 2)}\n`
      const mapPath = join(outdir, ctx.options.fileName)
      if (result.outputFiles) addOutput(result, mapPath, mapText)
      else {
        await mkdir(outdir, { recursive: true })
        await writeFile(mapPath, mapText)
      }
      if (page) {
        const template = await readFile(resolve(cwd, ctx.options.html!), 'utf8')
        const injected = injectHtml(template, {
          htmlUrl: 'https://esmap.page/index.html',
          map: map as { imports?: Record<string, string> },
          preloads: ctx.options.preload === false ? undefined : preloads,
          integrity: ctx.options.integrity,
          nonce: ctx.options.nonce,
          crossorigin: ctx.options.crossorigin,
          esModuleShims: typeof ctx.options.esModuleShims === 'string' ? { url: ctx.options.esModuleShims } : ctx.options.esModuleShims,
        })
        const html = ctx.options.integrity ? addScriptIntegrity(injected, 'https://esmap.page/index.html', map.integrity ?? {}) : injected
        if (result.outputFiles) addOutput(result, page, html)
        else await writeFile(page, html)
      }
    } catch (err) {
      // Returned errors fail the build, like errors of any other plugin.
      return { errors: [{ id: 'esmap', pluginName: 'esmap', text: err instanceof Error ? err.message : String(err), detail: err }] }
    }
    return undefined
  })
}
