import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { analyzeHtml, diffMaps, EsmapError, formatMapDiff, Generator, relativeUrl, type ImportMapJson, type InstallResult, type MapChange, type PackageJson } from '@esmap/core'
import type { ResolvedOptions } from '../args.js'
import { UsageError, validating } from '../errors.js'
import { generatorOptions } from '../generator-options.js'
import { fileKind, readMapFile, readText, rebaseMap, type FileKind } from '../map-file.js'
import { checkWritable, displayPath, writeAtomic } from '../output.js'
import { renderScript, type Preload } from '../script.js'
import { formatCounts } from '../progress.js'
import { formatMapCounts, formatPackageChanges } from '../summary.js'
import { RunTracker } from '../tracker.js'
import type { CommandContext } from './types.js'

/** What install, link, update and uninstall do with the Generator; the rest is shared. */
export interface MapOperation {
  /** For the progress line: `installing`. */
  label: string
  /** Checks the arguments before any work (failures are bad usage). */
  validate?(positionals: string[], options: ResolvedOptions): Promise<void> | void
  run(generator: Generator, positionals: string[], options: ResolvedOptions): Promise<InstallResult>
}

/** The page written when an HTML output does not exist yet. */
export const emptyPage: string = '<!doctype html>\n<html>\n  <head>\n    <meta charset="utf-8">\n  </head>\n  <body>\n  </body>\n</html>\n'

/** The project's package.json (the ranges of top-level installs), when there is one. */
export async function readPackageJson(cwd: string): Promise<PackageJson | undefined> {
  const path = join(cwd, 'package.json')
  const text = await readFile(path, 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  try {
    return JSON.parse(text) as PackageJson
  } catch (err) {
    throw new UsageError('ESMAP_CLI_INVALID_PACKAGE_JSON', `${path} is not valid JSON: ${(err as Error).message}`, { specifier: path, fix: 'Fix the JSON; esmap reads the ranges of your dependencies from it.', cause: err })
  }
}

/** Whether a map has integrity entries: then integrity stays on unless --no-integrity. */
export function hasIntegrity(map: ImportMapJson): boolean {
  return Object.keys(map.integrity ?? {}).length > 0
}

interface Rendered {
  text: string
  /** The map as written in the output. */
  map: ImportMapJson
}

async function render(generator: Generator, kind: FileKind, page: string, outUrl: URL, options: ResolvedOptions, integrity: boolean): Promise<Rendered> {
  if (kind === 'html') {
    const text = await generator.htmlInject(page, { htmlUrl: outUrl, pins: true, preload: options.preload ?? false, integrity })
    return { text, map: (analyzeHtml(text, outUrl).importMap?.json ?? {}) as ImportMapJson }
  }
  const map = generator.getMap()
  if (kind === 'json') return { text: `${JSON.stringify(map, null, 2)}\n`, map }
  const preloads: Preload[] = []
  if (options.preload) {
    const all = await generator.reinstall()
    const urls = options.preload === 'all' ? [...all.staticDeps, ...all.dynamicDeps] : all.staticDeps
    for (const url of urls) {
      if (url.startsWith('data:')) continue
      const sri = integrity ? generator.importMap.getIntegrity(url) : undefined
      preloads.push({ href: relativeUrl(url, outUrl, options.rootUrl), ...(sri && { integrity: sri }) })
    }
  }
  return { text: renderScript(map, preloads), map }
}

/** Fails a --frozen run whose map would change, listing the changes. */
export function assertFrozen(changes: readonly MapChange[], file: string): void {
  if (changes.length === 0) return
  throw new EsmapError('ESMAP_FROZEN', `--frozen: the map would change (${formatMapCounts(changes)} in ${file}):\n${formatMapDiff(changes)}`, {
    specifier: file,
    fix: 'Run the command without --frozen to update the map, and commit it.',
  })
}

/**
 * The flow of the map commands: read and check the current map, the output and the arguments
 * (bad input fails here, before any work); run the Generator; render the output (JSON map,
 * HTML page or script); with --frozen fail on any change; write atomically; report.
 */
export async function runMapCommand(command: string, ctx: CommandContext, op: MapOperation): Promise<number> {
  const { options, positionals, reporter } = ctx
  const tracker = new RunTracker(reporter)
  const outUrl = pathToFileURL(options.out)
  const setup = await validating(async () => {
    const input = await readMapFile(options.map, '--map')
    const kind = fileKind(options.out, '--out')
    if (!options.stdout) await checkWritable(options.out)
    const current = options.out === input.path ? input.text : await readText(options.out, '--out')
    const before = rebaseMap(input.map, input.baseUrl, outUrl, options.rootUrl)
    const integrity = options.integrity ?? hasIntegrity(input.map)
    const packageJson = await readPackageJson(options.cwd)
    const generator = new Generator({ ...generatorOptions(options, { mapUrl: outUrl, inputMap: before, integrity, log: tracker.log }), packageJson })
    await op.validate?.(positionals, options)
    return { kind, current, before, integrity, generator: tracker.watch(generator) }
  })
  const started = Date.now()
  reporter.startProgress(op.label, tracker.counts)
  let rendered: Rendered
  let result: InstallResult
  try {
    result = await op.run(setup.generator, positionals, options)
    tracker.modules = result.staticDeps.length + result.dynamicDeps.length
    rendered = await render(setup.generator, setup.kind, setup.current ?? emptyPage, outUrl, options, setup.integrity)
  } finally {
    reporter.stopProgress()
  }
  const mapChanges = diffMaps(setup.before, rendered.map)
  if (options.frozen) assertFrozen(mapChanges, displayPath(options.out, options.cwd))
  const written = !options.stdout && rendered.text !== setup.current
  if (options.stdout) reporter.data(rendered.text)
  else if (written) await writeAtomic(options.out, rendered.text)

  const packages = setup.generator.changes()
  for (const line of formatPackageChanges(packages)) reporter.info(line)
  const where = options.stdout ? 'stdout' : displayPath(options.out, options.cwd)
  reporter.info(`${where}: ${formatMapCounts(mapChanges)}${written || options.stdout ? '' : ' (not rewritten)'}`)
  reporter.info(`${formatCounts(tracker.counts())} in ${((Date.now() - started) / 1000).toFixed(1)}s`)
  reporter.result({
    command,
    output: options.stdout ? null : options.out,
    written,
    map: rendered.map,
    packages,
    changes: mapChanges,
    staticDeps: result.staticDeps,
    dynamicDeps: result.dynamicDeps,
    stats: tracker.stats(),
    ...(options.stdout && { text: rendered.text }),
  })
  return 0
}
