import { homedir } from 'node:os'
import { clearCache as clear, defaultCacheDir } from '@esmap/core'
import { clearCacheFlags } from '../flags.js'
import type { Command, CommandContext } from './types.js'

export const clearCache: Command = {
  name: 'clear-cache',
  summary: 'empty the disk cache of registry and CDN responses',
  usage: 'esmap clear-cache',
  description: 'Removes every cached response (packuments, tarballs, modules) from the cache directory.',
  flags: clearCacheFlags,
  examples: [
    ['esmap clear-cache', 'empty the user cache'],
    ['esmap clear-cache --cache-dir .cache/esmap', 'empty a project-local cache'],
  ],
  async run(ctx: CommandContext) {
    const { options, reporter, io } = ctx
    const cacheDir = options.cacheDir ?? defaultCacheDir(io.env, homedir(), process.platform)
    await clear({ cacheDir })
    reporter.info(`Cleared the cache at ${cacheDir}`)
    reporter.result({ command: 'clear-cache', cacheDir })
    return 0
  },
}
