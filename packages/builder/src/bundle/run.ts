import { build, type BuildFailure, type Message, type Metafile, type OutputFile, type Plugin } from 'esbuild'
import type { BuildWarning } from '../types.js'
import { ID, ROOT } from './plugin.js'

/** An entry point: a package module file, built as it is (`esm`) or through its ES module face. */
export interface BundleEntry {
  path: string
  face: 'module' | 'facade'
}

export interface BundleRequest {
  entries: readonly BundleEntry[]
  /** The folder for shared chunks (`_chunks`). */
  chunkDir: string
  /** Modules that must live in a shared chunk (they read `__filename` / `__dirname`): a hidden entry imports them. */
  pinned: readonly string[]
  minify: boolean
  sourcemap: boolean
  define: Record<string, string>
  plugin: Plugin
}

/** A problem esbuild reported, with the package path it is about (`esmap-facade:` and other virtual modules keep their prefix). */
export interface BundleMessage {
  text: string
  file: string | undefined
  line: number | undefined
  column: number | undefined
}

export type BundleOutcome =
  | { ok: true; files: Map<string, Uint8Array>; chunks: string[]; warnings: BuildWarning[]; placement: Map<string, string> }
  | { ok: false; errors: BundleMessage[] }

/** esbuild appends `.js` to an entry's `out`; a `.js` file is named without it, any other file keeps its name and is renamed after. */
const outName = (path: string): string => (path.endsWith('.js') ? path.slice(0, -3) : path)

function message(m: Message): BundleMessage {
  const location = m.location ?? undefined
  return { text: m.text, file: location?.file, line: location?.line, column: location === undefined ? undefined : location.column + 1 }
}

const isBuildFailure = (err: unknown): err is BuildFailure => err instanceof Error && Array.isArray((err as Partial<BuildFailure>).errors)

/** `"./x.cjs.js"` → `"./x.cjs"` followed by spaces, so that every later column on the line stays where the source map says. */
function renameReferences(text: string, renames: ReadonlyMap<string, string>, from: string): string {
  let out = text
  const fromDir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : ''
  for (const [built, final] of renames) {
    const rel = relativePath(fromDir, built)
    const quoted = [`"${rel}"`, `'${rel}'`]
    for (const q of quoted) {
      if (!out.includes(q)) continue
      const replacement = `${q[0]}${relativePath(fromDir, final)}${q[0]}`
      out = out.split(q).join(replacement + ' '.repeat(q.length - replacement.length))
    }
  }
  return out
}

/** The relative URL from folder `fromDir` to `to` (`./x.js`, `../a/x.js`). */
function relativePath(fromDir: string, to: string): string {
  const from = fromDir === '' ? [] : fromDir.split('/')
  const target = to.split('/')
  let common = 0
  while (common < from.length && common < target.length - 1 && from[common] === target[common]) common++
  const up = from.length - common
  const rest = target.slice(common).join('/')
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`
}

/**
 * One esbuild build of the package (ESM, code splitting, every file in memory): entry modules at
 * their own paths (`entryNames` through each entry's `out`), shared chunks in `chunkDir`, linked
 * source maps. Failures come back as messages, not exceptions, so the caller can drop inferred
 * entry points that do not build.
 */
export async function runBundle(request: BundleRequest): Promise<BundleOutcome> {
  const entryPoints = request.entries.map(({ path, face }) => ({ in: (face === 'module' ? ID.module : ID.facade) + path, out: outName(path) }))
  const location = `${request.chunkDir}/__location`
  if (request.pinned.length > 0) entryPoints.push({ in: ID.location, out: location })
  let outputFiles: OutputFile[]
  let warnings: Message[]
  let metafile: Metafile
  try {
    const result = await build({
      entryPoints,
      absWorkingDir: ROOT,
      outdir: ROOT,
      bundle: true,
      write: false,
      format: 'esm',
      splitting: true,
      platform: 'neutral',
      target: 'esnext',
      charset: 'utf8',
      chunkNames: `${request.chunkDir}/[name]-[hash]`,
      minify: request.minify,
      sourcemap: request.sourcemap ? 'linked' : false,
      sourcesContent: true,
      metafile: true,
      define: request.define,
      tsconfigRaw: {},
      logLevel: 'silent',
      plugins: [request.plugin],
    })
    outputFiles = result.outputFiles
    warnings = result.warnings
    metafile = result.metafile
  } catch (err) {
    if (!isBuildFailure(err)) throw err
    return { ok: false, errors: err.errors.map(message) }
  }

  // Entries that are not `.js` files were written as `<path>.js`: back to their own names.
  const renames = new Map<string, string>()
  for (const { path } of request.entries) if (!path.endsWith('.js')) renames.set(`${path}.js`, path)
  const files = new Map<string, Uint8Array>()
  const chunks: string[] = []
  const encoder = new TextEncoder()
  for (const output of outputFiles) {
    const built = output.path.slice(ROOT.length)
    if (built === `${location}.js` || built === `${location}.js.map`) continue
    const isMap = built.endsWith('.map')
    const jsPath = isMap ? built.slice(0, -'.map'.length) : built
    const finalJs = renames.get(jsPath) ?? jsPath
    const finalPath = isMap ? `${finalJs}.map` : finalJs
    if (isMap || (renames.size === 0 && finalJs === jsPath)) {
      files.set(finalPath, output.contents)
    } else {
      let text = renameReferences(output.text, renames, jsPath)
      if (finalJs !== jsPath) {
        const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1)
        text = text.replace(`//# sourceMappingURL=${base(jsPath)}.map`, `//# sourceMappingURL=${base(finalJs)}.map`)
      }
      files.set(finalPath, encoder.encode(text))
    }
    if (!isMap && built.startsWith(`${request.chunkDir}/`)) chunks.push(built)
  }
  // Which output each package file was placed in (virtual modules, with a `:` in their id, left out).
  const placement = new Map<string, string>()
  for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
    for (const input of Object.keys(inputs)) if (!input.includes(':')) placement.set(input, renames.get(output) ?? output)
  }
  return {
    ok: true,
    files,
    chunks: chunks.sort(),
    placement,
    warnings: warnings.map((w) => {
      const m = message(w)
      return { code: 'ESMAP_BUNDLER_WARNING', message: m.text, ...(m.file === undefined ? {} : { file: m.file, line: m.line, column: m.column }) }
    }),
  }
}
