import { pathToFileURL } from 'node:url'
import { conditionsFor, EsmapError, enumerateExports, Generator, parseTarget, type LookupResult, type PackageJson } from '@esmap/core'
import type { ResolvedOptions } from '../args.js'
import { UsageError, validating } from '../errors.js'
import { lsFlags } from '../flags.js'
import { generatorOptions } from '../generator-options.js'
import { createSources } from '../sources.js'
import { RunTracker } from '../tracker.js'
import type { Command, CommandContext } from './types.js'

/** Two columns, the first padded to its widest cell. */
export function columns(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...rows.map(([a]) => a.length))
  return rows.map(([a, b]) => `${a.padEnd(width)}  ${b}`).join('\n')
}

/** The package a target resolves to, its package.json and its files; a failure when nothing matches. */
async function lookup(generator: Generator, target: string, options: ResolvedOptions): Promise<{ found: LookupResult; pkgJson: PackageJson; files: string[] }> {
  const found = await generator.lookup(target)
  if (found === undefined) {
    throw new EsmapError('ESMAP_PACKAGE_NOT_FOUND', `No package matches "${target}"`, { specifier: target, fix: 'Check the name and the range (esmap ls name@range).' })
  }
  const pkgJson = (await generator.getPackageConfig(found.resolved)) ?? {}
  const files = (await createSources(options).registry.fileList(found.resolved)) ?? []
  return { found, pkgJson, files }
}

export const ls: Command = {
  name: 'ls',
  summary: "list a package's exports: subpaths and their files under the chosen conditions",
  usage: 'esmap ls <package[@range]>',
  description:
    'Resolves the package (the latest version in range) with the provider and lists every subpath it exports under the conditions (-C), with the file and the URL each one maps to.',
  flags: lsFlags,
  examples: [
    ['esmap ls lit', "lit's exports for the browser in development"],
    ['esmap ls react@18 -C production', 'the production build of each subpath'],
    ['esmap ls @std/path -p jsr --json', 'as JSON'],
  ],
  async run(ctx: CommandContext) {
    const { options, reporter, positionals } = ctx
    const tracker = new RunTracker(reporter)
    const { target, generator } = await validating(() => {
      if (positionals.length !== 1) {
        throw new UsageError('ESMAP_CLI_MISSING_ARGUMENT', `esmap ls takes one package, got ${positionals.length}`, { fix: 'Run e.g. "esmap ls lit" or "esmap ls react@18".' })
      }
      const target = positionals[0]!
      if (parseTarget(target).kind !== 'package') {
        throw new UsageError('ESMAP_INVALID_TARGET', `esmap ls takes a package, got "${target}"`, { specifier: target, fix: 'Give a package name with an optional range, such as lit or react@18.' })
      }
      const generator = tracker.watch(new Generator(generatorOptions(options, { mapUrl: pathToFileURL(`${options.cwd}/`), integrity: false, log: tracker.log })))
      return { target, generator }
    })
    reporter.startProgress('resolving', tracker.counts)
    const { found, pkgJson, files } = await lookup(generator, target, options).finally(() => reporter.stopProgress())
    const conditions = conditionsFor(options.env, 'esm')
    const exports = enumerateExports(pkgJson, files, conditions)
    const entries = Object.entries(exports).map(([subpath, file]) => ({ subpath, file, url: new URL(file, found.pkgUrl).href }))
    const pkg = found.resolved
    reporter.data(`${pkg.registry === 'npm' ? '' : `${pkg.registry}:`}${pkg.name}@${pkg.version} ${found.pkgUrl}`)
    reporter.data(`conditions: ${conditions.join(', ')}`)
    reporter.data(entries.length === 0 ? '(no exports)' : columns(entries.map((e) => [e.subpath, e.file])))
    reporter.result({ command: 'ls', package: pkg, url: found.pkgUrl, conditions, exports: Object.fromEntries(entries.map((e) => [e.subpath, { file: e.file, url: e.url }])) })
    return 0
  },
}
