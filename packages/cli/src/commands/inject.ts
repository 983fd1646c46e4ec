import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { analyzeHtml, diffMaps, Generator, type ImportMapJson, type InstallChange, type MapChange } from '@esmap/core'
import type { ResolvedOptions } from '../args.js'
import { UsageError, validating } from '../errors.js'
import { injectFlags } from '../flags.js'
import { generatorOptions } from '../generator-options.js'
import { fileKind, readMapFile } from '../map-file.js'
import { checkWritable, displayPath, writeAtomic } from '../output.js'
import { pageRoots } from '../page.js'
import { formatCounts } from '../progress.js'
import { formatMapCounts, formatPackageChanges } from '../summary.js'
import { RunTracker } from '../tracker.js'
import { assertFrozen } from './map-command.js'
import type { Command, CommandContext } from './types.js'

interface Page {
  path: string
  url: URL
  text: string
  map: ImportMapJson
  generator: Generator
}

interface Injected {
  page: Page
  text: string
  map: ImportMapJson
  changes: MapChange[]
  packages: InstallChange[]
}

/** Reads and checks every page first, so one bad page fails the run before any page is written. */
async function readPages(paths: readonly string[], options: ResolvedOptions, tracker: RunTracker): Promise<Page[]> {
  if (paths.length === 0) throw new UsageError('ESMAP_CLI_MISSING_ARGUMENT', 'esmap inject needs the HTML pages to inject into', { fix: 'Run e.g. "esmap inject index.html".' })
  if (options.stdout && paths.length > 1) throw new UsageError('ESMAP_CLI_INVALID_FLAG', `--stdout prints one page, but ${paths.length} were given`, { fix: 'Inject one page at a time with --stdout, or drop --stdout to write them in place.' })
  const pages: Page[] = []
  for (const path of paths) {
    if (fileKind(path, 'inject') !== 'html') throw new UsageError('ESMAP_CLI_FILE_TYPE', `esmap inject writes into HTML pages, not ${path}`, { specifier: path, fix: 'Give .html files; to write a map or a script, use esmap link with -o.' })
    const file = await readMapFile(path, 'inject')
    if (file.text === undefined) throw new UsageError('ESMAP_CLI_FILE_NOT_FOUND', `No page at ${path}`, { specifier: path, fix: 'Check the path of the HTML file.' })
    if (!options.stdout) await checkWritable(path, 'the page')
    const url = pathToFileURL(path)
    const integrity = options.integrity ?? true
    const generator = tracker.watch(new Generator(generatorOptions(options, { mapUrl: url, inputMap: file.map, integrity, log: tracker.log })))
    pages.push({ path, url, text: file.text, map: file.map, generator })
  }
  return pages
}

async function injectPage(page: Page, options: ResolvedOptions, tracker: RunTracker): Promise<Injected> {
  const integrity = options.integrity ?? true
  // Traced first on its own for the count of modules; htmlInject then reuses the generator's caches.
  const traced = await page.generator.extractMap(await pageRoots(page.text, page.url, options.rootUrl))
  tracker.modules += traced.staticDeps.length + traced.dynamicDeps.length
  const text = await page.generator.htmlInject(page.text, { htmlUrl: page.url, preload: options.preload ?? 'static', integrity })
  const map = (analyzeHtml(text, page.url).importMap?.json ?? {}) as ImportMapJson
  return { page, text, map, changes: diffMaps(page.map, map), packages: page.generator.changes() }
}

export const inject: Command = {
  name: 'inject',
  summary: "trace pages' module scripts and write map, preloads and integrity into them",
  usage: 'esmap inject <html...>',
  description:
    "For each page: traces its module scripts (external and inline), then writes the import map, <link rel=\"modulepreload\"> for the static graph and integrity into the page in place, keeping the rest of the page byte for byte. The page's current map is the lock. Integrity and static preloads are on by default here.",
  flags: injectFlags,
  examples: [
    ['esmap inject index.html', 'inject map, preloads and integrity into index.html'],
    ['esmap inject *.html -p jsdelivr --preload all', 'every page, preloading dynamic imports too'],
    ['esmap inject index.html --frozen', 'fail in CI when the page is out of date'],
  ],
  async run(ctx: CommandContext) {
    const { options, reporter } = ctx
    const tracker = new RunTracker(reporter)
    const paths = ctx.positionals.map((p) => resolve(options.cwd, p))
    const pages = await validating(() => readPages(paths, options, tracker))
    const started = Date.now()
    reporter.startProgress('injecting', tracker.counts)
    const results: Injected[] = []
    try {
      for (const page of pages) results.push(await injectPage(page, options, tracker))
    } finally {
      reporter.stopProgress()
    }
    if (options.frozen) for (const r of results) assertFrozen(r.changes, displayPath(r.page.path, options.cwd))
    for (const r of results) {
      if (options.stdout) reporter.data(r.text)
      else if (r.text !== r.page.text) await writeAtomic(r.page.path, r.text)
      for (const line of formatPackageChanges(r.packages)) reporter.info(line)
      reporter.info(`${options.stdout ? 'stdout' : displayPath(r.page.path, options.cwd)}: ${formatMapCounts(r.changes)}${options.stdout || r.text !== r.page.text ? '' : ' (not rewritten)'}`)
    }
    reporter.info(`${formatCounts(tracker.counts())} in ${((Date.now() - started) / 1000).toFixed(1)}s`)
    reporter.result({
      command: 'inject',
      pages: results.map((r) => ({ file: r.page.path, written: !options.stdout && r.text !== r.page.text, map: r.map, changes: r.changes, packages: r.packages, ...(options.stdout && { text: r.text }) })),
      stats: tracker.stats(),
    })
    return 0
  },
}
