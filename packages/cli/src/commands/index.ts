import { clearCache } from './clear-cache.js'
import { inject } from './inject.js'
import { install } from './install.js'
import { link } from './link.js'
import { ls } from './ls.js'
import { serve } from './serve.js'
import type { Command } from './types.js'
import { uninstall } from './uninstall.js'
import { update } from './update.js'
import { vendor } from './vendor.js'
import { verify } from './verify.js'

/** Every command, in the order `esmap --help` lists them. */
export const commands: readonly Command[] = [install, link, update, uninstall, inject, vendor, ls, verify, serve, clearCache]

export type { Command, CommandContext } from './types.js'
