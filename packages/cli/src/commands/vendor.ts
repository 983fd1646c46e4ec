import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { analyzeHtml, diffMaps, Generator, parseTarget, type ExactPackage, type ImportMapJson, type MapChange } from '@esmap/core'
import type { VendoredFile, VendorProvider } from '@esmap/builder'
import type { ResolvedOptions } from '../args.js'
import { UsageError, validating } from '../errors.js'
import { vendorFlags } from '../flags.js'
import { generatorOptions } from '../generator-options.js'
import { fileKind, readMapFile, readText, type FileKind } from '../map-file.js'
import { checkDirectory, checkWritable, displayPath, writeAtomic } from '../output.js'
import { formatCounts } from '../progress.js'
import { renderScript } from '../script.js'
import { formatMapCounts, formatPackageChanges } from '../summary.js'
import { RunTracker } from '../tracker.js'
import { assertFrozen, emptyPage, hasIntegrity, readPackageJson } from './map-command.js'
import type { Command, CommandContext } from './types.js'

/**
 * Vendored packages are generated under a virtual origin standing for the web root, so the map
 * writes them root-relative (`/_esm/name@version/...`), as the plugin does.
 */
const selfOrigin = 'https://esmap.self/'
const base = '_esm'

/** The web root: --root (a folder), else the folder of the output. */
function webRoot(options: ResolvedOptions): string {
  if (options.rootUrl === undefined) return options.stdout ? options.cwd : dirname(options.out)
  if (options.rootUrl.protocol !== 'file:') {
    throw new UsageError('ESMAP_CLI_INVALID_FLAG', `esmap vendor writes files: --root must be a folder, got ${options.rootUrl.href}`, { specifier: options.rootUrl.href, fix: 'Give --root the folder your site is served from, such as public.' })
  }
  return fileURLToPath(options.rootUrl).replace(/[\\/]$/, '')
}

/** The files each package's reachable modules need, by package. */
async function vendorFiles(vendor: VendorProvider, urls: readonly string[], root: string): Promise<{ pkg: ExactPackage; files: VendoredFile[] }[]> {
  const { vendorPackage } = await import('@esmap/builder')
  const byPackage = new Map<string, { pkg: ExactPackage; paths: Set<string> }>()
  for (const url of urls) {
    const owner = vendor.parseUrlPkg(url, { config: {} as never })
    if (owner === undefined) continue
    const key = `${owner.pkg.name}@${owner.pkg.version}`
    const entry = byPackage.get(key) ?? { pkg: owner.pkg, paths: new Set<string>() }
    entry.paths.add(owner.path)
    byPackage.set(key, entry)
  }
  const out: { pkg: ExactPackage; files: VendoredFile[] }[] = []
  for (const { pkg, paths } of [...byPackage.values()].sort((a, b) => (`${a.pkg.name}@${a.pkg.version}` < `${b.pkg.name}@${b.pkg.version}` ? -1 : 1))) {
    const build = await vendor.built(pkg)
    if (build === undefined) continue
    out.push({ pkg, files: await vendorPackage({ pkg, files: build, reachable: paths, outDir: root, base }) })
  }
  return out
}

async function render(generator: Generator, kind: FileKind, page: string, pageUrl: URL, options: ResolvedOptions, integrity: boolean, urls: readonly string[]): Promise<{ text: string; map: ImportMapJson }> {
  if (kind === 'html') {
    // The page's own scripts are not traced here (they are not on the virtual origin): the map holds the pins.
    const text = await generator.htmlInject(page, { htmlUrl: pageUrl, trace: false, pins: true, preload: options.preload ?? false, integrity })
    return { text, map: (analyzeHtml(text, pageUrl).importMap?.json ?? {}) as ImportMapJson }
  }
  const map = generator.getMap()
  if (kind === 'json') return { text: `${JSON.stringify(map, null, 2)}\n`, map }
  const preloads = options.preload ? urls.map((url) => ({ href: `/${url.slice(selfOrigin.length)}`, ...(integrity && generator.importMap.getIntegrity(url) ? { integrity: generator.importMap.getIntegrity(url)! } : {}) })) : []
  return { text: renderScript(map, preloads), map }
}

export const vendor: Command = {
  name: 'vendor',
  summary: 'build packages into your site (/_esm/) and map them there: no CDN at run time',
  usage: 'esmap vendor [targets...]',
  description:
    'Like install, but every package is built into browser ES modules on this machine (CommonJS converted, by @esmap/builder) from the registry tarball, and the files the map reaches are written under <root>/_esm/<name>@<version>/. The map points at them root-relative (/_esm/...). The web root is --root, else the folder of the output.',
  flags: vendorFlags,
  examples: [
    ['esmap vendor react react-dom -o public/importmap.json', 'build and write them under public/_esm/'],
    ['esmap vendor -o public/index.html --integrity --preload', "vendor what the page's map pins, into the page"],
    ['esmap vendor lit -C production -o dist/importmap.js --root dist', 'production builds, a script that adds the map'],
  ],
  async run(ctx: CommandContext) {
    const { options, positionals, reporter } = ctx
    const tracker = new RunTracker(reporter)
    const setup = await validating(async () => {
      const input = await readMapFile(options.map, '--map')
      const kind = fileKind(options.out, '--out')
      if (!options.stdout) await checkWritable(options.out)
      const root = webRoot(options)
      await checkDirectory(root, root, '--root')
      for (const target of positionals) parseTarget(target)
      const current = options.out === input.path ? input.text : await readText(options.out, '--out')
      const integrity = options.integrity ?? hasIntegrity(input.map)
      const { createVendorProvider } = await import('@esmap/builder')
      const provider = createVendorProvider({ baseUrl: `${selfOrigin}${base}/`, conditions: options.env })
      const generator = new Generator({
        ...generatorOptions(options, { mapUrl: new URL(selfOrigin), inputMap: input.map, integrity, log: tracker.log }),
        rootUrl: selfOrigin,
        defaultProvider: 'self',
        customProviders: { self: provider },
        // The builder's output imports the process / buffer polyfills of CommonJS packages: vendor those too.
        providers: { process: 'self', buffer: 'self' },
        packageJson: await readPackageJson(options.cwd),
      })
      return { kind, current, integrity, root, provider, generator: tracker.watch(generator), before: input.map }
    })
    const started = Date.now()
    reporter.startProgress('vendoring', tracker.counts)
    let rendered: { text: string; map: ImportMapJson }
    let mapChanges: MapChange[]
    let vendored: { pkg: ExactPackage; files: VendoredFile[] }[]
    const { generator, root } = setup
    try {
      await (positionals.length > 0 ? generator.install(positionals) : generator.install())
      const all = await generator.reinstall()
      const urls = [...all.staticDeps, ...all.dynamicDeps]
      tracker.modules = urls.length
      const pageUrl = new URL(relative(root, options.out).split(sep).join('/'), selfOrigin)
      rendered = await render(generator, setup.kind, setup.current ?? emptyPage, pageUrl, options, setup.integrity, options.preload === 'all' ? urls : all.staticDeps)
      mapChanges = diffMaps(setup.before, rendered.map)
      if (options.frozen) assertFrozen(mapChanges, displayPath(options.out, options.cwd))
      // The package files first: the map is written last, so it never points at files not yet written.
      vendored = await vendorFiles(setup.provider, urls, root)
    } finally {
      reporter.stopProgress()
    }
    const written = !options.stdout && rendered.text !== setup.current
    if (options.stdout) reporter.data(rendered.text)
    else if (written) await writeAtomic(options.out, rendered.text)
    const packages = generator.changes()
    for (const line of formatPackageChanges(packages)) reporter.info(line)
    const fileCount = vendored.reduce((n, v) => n + v.files.length, 0)
    reporter.info(`${displayPath(join(root, base), options.cwd)}: ${fileCount} file${fileCount === 1 ? '' : 's'} of ${vendored.length} package${vendored.length === 1 ? '' : 's'}`)
    reporter.info(`${options.stdout ? 'stdout' : displayPath(options.out, options.cwd)}: ${formatMapCounts(mapChanges)}${written || options.stdout ? '' : ' (not rewritten)'}`)
    reporter.info(`${formatCounts(tracker.counts())} in ${((Date.now() - started) / 1000).toFixed(1)}s`)
    reporter.result({
      command: 'vendor',
      output: options.stdout ? null : options.out,
      written,
      root,
      map: rendered.map,
      packages,
      changes: mapChanges,
      vendored: vendored.map((v) => ({ package: v.pkg, files: v.files.map(({ path, url, integrity, size }) => ({ path, url, integrity, size })) })),
      stats: tracker.stats(),
    })
    return 0
  },
}
