import { createFetcher, createProviderRegistry, diffMaps, EsmapError, formatMapDiff, Generator, ImportMap, type MapChange } from '@esmap/core'
import { errorJson, UsageError, validating } from '../errors.js'
import { verifyFlags } from '../flags.js'
import { generatorOptions } from '../generator-options.js'
import { readMapFile } from '../map-file.js'
import { displayPath } from '../output.js'
import { createSources } from '../sources.js'
import { formatMapCounts } from '../summary.js'
import { RunTracker } from '../tracker.js'
import { mapUrls, verifyUrl, type VerifyResult } from '../verify-map.js'
import { hasIntegrity } from './map-command.js'
import type { Command, CommandContext } from './types.js'

/** `ok  url`, or the status, the URL and what is wrong. */
export function formatResult(r: VerifyResult): string {
  const detail = r.status === 'differs' ? `${r.package} ${r.file}: served ${r.served}, registry tarball ${r.expected}` : r.reason
  return `${r.status.padEnd(18)} ${r.url}${detail ? `\n${' '.repeat(19)}${detail}` : ''}`
}

/** `3 ok, 1 differs, 2 skipped` */
export function formatTally(results: readonly VerifyResult[]): string {
  const tally = new Map<string, number>()
  for (const r of results) tally.set(r.status, (tally.get(r.status) ?? 0) + 1)
  return [...tally].map(([status, n]) => `${n} ${status}`).join(', ') || 'no URLs in the map'
}

const failed = (r: VerifyResult): boolean => r.status !== 'ok' && r.status !== 'skipped'

export const verify: Command = {
  name: 'verify',
  summary: 'check that every URL in the map serves the package as published',
  usage: 'esmap verify',
  description:
    "For URLs of raw-file providers (jsdelivr, unpkg, jsr, deno), fetches each file (bypassing the cache) and compares its bytes with the file in the registry's tarball, and the map's integrity with both; any difference fails. Converting CDNs (jspm.io, esm.sh, skypack) are skipped. With --frozen, also resolves the map again as a lock and fails when that would change it.",
  flags: verifyFlags,
  examples: [
    ['esmap verify', 'verify importmap.json'],
    ['esmap verify -m index.html --frozen', "verify the page's map, and that it is up to date"],
    ['esmap verify --json', 'a result per URL, as JSON'],
  ],
  async run(ctx: CommandContext) {
    const { options, reporter } = ctx
    const tracker = new RunTracker(reporter)
    const setup = await validating(async () => {
      const file = await readMapFile(options.map, '--map')
      if (file.text === undefined) throw new UsageError('ESMAP_CLI_MAP_NOT_FOUND', `No map to verify at ${options.map}`, { specifier: options.map, fix: 'Give the map with -m <file> (a .json map, an HTML page or an esmap script).' })
      const providers = createProviderRegistry({ ...(options.provider && { defaultProvider: options.provider }), providerConfig: options.providerConfig })
      const integrity = options.integrity ?? hasIntegrity(file.map)
      const generator = options.frozen ? tracker.watch(new Generator(generatorOptions(options, { mapUrl: file.baseUrl, inputMap: file.map, integrity, log: tracker.log }))) : undefined
      return { file, providers, generator }
    })
    const { file, providers, generator } = setup
    const name = displayPath(options.map, options.cwd)
    const sources = createSources(options)
    const context = { providers, registry: sources.registry, cdn: createFetcher({ cache: false }), integrity: new ImportMap({ mapUrl: file.baseUrl, map: file.map }).integrity }
    reporter.startProgress('verifying', tracker.counts)
    let results: VerifyResult[]
    let changes: MapChange[] | undefined
    try {
      results = await Promise.all(mapUrls(file.map, file.baseUrl).map((url) => verifyUrl(url, context)))
      if (generator) {
        await generator.install()
        changes = diffMaps(file.map, generator.getMap())
      }
    } finally {
      reporter.stopProgress()
    }
    for (const r of results) if (reporter.mode !== 'quiet' || failed(r)) reporter.data(formatResult(r))
    reporter.info(`${name}: ${formatTally(results)}`)
    if (changes) reporter.info(`--frozen: ${changes.length === 0 ? 'resolving the map again changes nothing' : `resolving the map again would change it (${formatMapCounts(changes)})`}`)
    const bad = results.filter(failed)
    const error =
      bad.length > 0
        ? new EsmapError('ESMAP_VERIFY_FAILED', `${bad.length} of ${results.length} URLs in ${name} failed verification: ${formatTally(bad)}`, {
            specifier: bad[0]!.url,
            fix: 'Pin the map to a CDN that serves the published files (or regenerate it with esmap install), and report tampering to the CDN.',
          })
        : changes && changes.length > 0
          ? new EsmapError('ESMAP_FROZEN', `--frozen: resolving ${name} again would change it:\n${formatMapDiff(changes)}`, {
              specifier: options.map,
              fix: 'Run "esmap install" without --frozen to update the map, and commit it.',
            })
          : undefined
    const result = { command: 'verify', map: options.map, ok: error === undefined, results, ...(changes && { frozen: { ok: changes.length === 0, changes } }) }
    if (error && reporter.mode === 'json') reporter.result({ ...result, ...errorJson(error) })
    else if (error) reporter.error(error)
    else reporter.result(result)
    return error ? 1 : 0
  },
}

