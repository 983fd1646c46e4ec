import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { PackageFiles } from '@esmap/core'

/** Package files from literal text: `{ 'index.js': '...' }` → path → bytes. */
export function files(texts: Record<string, string>): Map<string, Uint8Array> {
  return new Map(Object.entries(texts).map(([path, text]) => [path, new TextEncoder().encode(text)]))
}

/** The text of one output file (throws when it is missing, so a test names what it expected). */
export function text(out: PackageFiles, path: string): string {
  const bytes = out.get(path)
  if (bytes === undefined) throw new Error(`no output file "${path}" (have: ${[...out.keys()].join(', ')})`)
  return new TextDecoder().decode(bytes)
}

/** Writes `out` under `dir` and returns the folder's file URL (ending with `/`). */
export async function writeTree(dir: string, out: PackageFiles): Promise<string> {
  for (const [path, bytes] of out) {
    const file = join(dir, path)
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, bytes)
  }
  return pathToFileURL(`${dir}/`).href
}

/**
 * Module hooks for the child process: bare specifiers resolve through `imports` (exact keys, and
 * keys ending in `/` as prefixes, like an import map), and every file under `roots` is an ES
 * module (JSON for `with { type: 'json' }`), whatever its extension: as a browser sees them.
 */
const HOOKS = `
import { readFile } from 'node:fs/promises'
let imports = {}
let roots = []
export async function initialize(data) { imports = data.imports; roots = data.roots }
export async function resolve(specifier, context, next) {
  if (Object.hasOwn(imports, specifier)) return { url: imports[specifier], shortCircuit: true }
  const prefix = Object.keys(imports).filter((k) => k.endsWith('/') && specifier.startsWith(k)).sort((a, b) => b.length - a.length)[0]
  if (prefix !== undefined) return { url: imports[prefix] + specifier.slice(prefix.length), shortCircuit: true }
  return next(specifier, context)
}
export async function load(url, context, next) {
  if (!roots.some((root) => url.startsWith(root))) return next(url, context)
  const format = context.importAttributes?.type === 'json' ? 'json' : 'module'
  return { format, source: await readFile(new URL(url)), shortCircuit: true }
}
`

export interface RunOptions {
  /** Bare specifier → URL (an import map's `imports`). */
  imports?: Record<string, string>
  /** Folders (file URLs) whose files are loaded as ES modules. */
  roots: string[]
  /** The module to import. */
  entry: string
  /** An expression over `ns` (the entry's namespace), awaited, printed as JSON. @default 'Object.keys(ns).sort()' */
  expression?: string
}

/**
 * Imports `entry` in a fresh Node process the way a browser with an import map would, and
 * returns the value of `expression` (as JSON). Rejects with the child's stderr when it fails.
 */
export async function runModule(options: RunOptions): Promise<unknown> {
  const script = `
import { register } from 'node:module'
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}), { data: ${JSON.stringify({ imports: options.imports ?? {}, roots: options.roots })} })
const ns = await import(${JSON.stringify(options.entry)})
const value = await (async () => (${options.expression ?? 'Object.keys(ns).sort()'}))()
process.stdout.write(JSON.stringify(value === undefined ? null : value))
`
  // A script file, not `node -e`: eval scripts see Node's built-in modules (`module`, `fs`) as globals.
  const dir = await mkdtemp(join(tmpdir(), 'esmap-run-'))
  try {
    await writeFile(join(dir, 'run.mjs'), script)
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--no-warnings', join(dir, 'run.mjs')], { timeout: 20_000 }, (err, out, errOut) => {
        if (err) reject(new Error(`child failed: ${errOut || err.message}`))
        else resolve(out)
      })
    })
    return JSON.parse(stdout) as unknown
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** A `process` polyfill for tests: what the Browserify package offers that tests read. */
export const PROCESS_STUB = 'export default { env: {}, browser: true, title: "browser" }\n'

/**
 * One module's part of an esbuild output file: from its `// <id>` comment line to the blank line
 * that ends it (esbuild separates modules with one), so a test can pin the converted code of a
 * module exactly without pinning esbuild's runtime helpers.
 */
export function section(output: string, id: string): string {
  const start = output.indexOf(`\n// ${id}\n`)
  if (start === -1) throw new Error(`no section "// ${id}" in:\n${output}`)
  const end = output.indexOf('\n\n', start + 1)
  return output.slice(start + 1, end === -1 ? undefined : end + 1)
}
