import type { GeneratorOptions, ImportMapJson, Logger } from '@esmap/core'
import type { ResolvedOptions } from './args.js'

/** What a command adds to the flags for one Generator. */
export interface GeneratorSetup {
  /** The URL the map is written at (the output file): its URLs are relative to it. */
  mapUrl: URL
  inputMap?: ImportMapJson
  integrity: boolean
  log?: Logger
}

/** The CLI's options → the Generator's. */
export function generatorOptions(options: ResolvedOptions, setup: GeneratorSetup): GeneratorOptions {
  return {
    mapUrl: setup.mapUrl,
    rootUrl: options.rootUrl,
    cwd: options.cwd,
    env: options.env,
    ...(options.provider !== undefined && { defaultProvider: options.provider }),
    providerConfig: options.providerConfig,
    resolutions: options.resolutions,
    inputMap: setup.inputMap,
    cache: options.offline ? 'offline' : true,
    cacheDir: options.cacheDir,
    integrity: setup.integrity,
    flattenScopes: options.flattenScopes,
    combineSubpaths: options.combineSubpaths,
    registry: options.registry,
    log: setup.log,
  }
}
